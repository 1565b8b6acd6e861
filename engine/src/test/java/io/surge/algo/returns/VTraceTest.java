package io.surge.algo.returns;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.surge.algo.returns.Fixtures.TOLERANCE;
import static io.surge.algo.returns.Fixtures.assertClose;
import static io.surge.algo.returns.Fixtures.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VTraceTest
{
    @Test
    void shouldMatchEveryScalableAgentReferenceCase() throws IOException
    {
        final JsonNode cases = Fixtures.refdata("vtrace_cases.json").get("cases");
        assertTrue(cases.size() >= 20, "the copy should hold the reference cases");
        int fromLogits = 0;
        for (final JsonNode c : cases)
        {
            final String name = c.get("name").textValue();
            final int timeSteps = c.get("T").intValue();
            final int batch = c.get("B").intValue();
            final int n = timeSteps * batch;
            final VTrace vtrace = new VTrace(Fixtures.threshold(c.get("clip_rho_threshold")), 1.0,
                Fixtures.threshold(c.get("clip_pg_rho_threshold")), 1.0);
            final double[] discounts = flat(c.get("discounts"));
            final double[] rewards = flat(c.get("rewards"));
            final double[] values = flat(c.get("values"));
            final double[] bootstrap = flat(c.get("bootstrap_value"));
            final double[] vs = new double[n];
            final double[] pg = new double[n];
            vtrace.fromLogRhos(timeSteps, batch, flat(c.get("log_rhos")), discounts, rewards, values, bootstrap, vs, pg);
            assertClose(name + " vs", flat(c.get("vs")), vs, n, TOLERANCE);
            assertClose(name + " pg_advantages", flat(c.get("pg_advantages")), pg, n, TOLERANCE);

            if (c.has("target_policy_logits"))
            {
                fromLogits++;
                final int numActions = c.get("target_policy_logits").get(0).get(0).size();
                final int[] actions = Fixtures.ints(c.get("actions"));
                final double[] target = new double[n];
                final double[] behaviour = new double[n];
                LogProbs.ofActions(timeSteps, batch, numActions, Fixtures.flat3(c.get("target_policy_logits")), actions, target);
                LogProbs.ofActions(timeSteps, batch, numActions, Fixtures.flat3(c.get("behaviour_policy_logits")), actions, behaviour);
                assertClose(name + " target log-probs", flat(c.get("target_action_log_probs")), target, n, TOLERANCE);
                assertClose(name + " behaviour log-probs", flat(c.get("behaviour_action_log_probs")), behaviour, n, TOLERANCE);
                vtrace.fromLogProbs(timeSteps, batch, target, behaviour, discounts, rewards, values, bootstrap, vs, pg);
                assertClose(name + " vs from logits", flat(c.get("vs")), vs, n, TOLERANCE);
                assertClose(name + " pg_advantages from logits", flat(c.get("pg_advantages")), pg, n, TOLERANCE);
            }
        }
        assertTrue(fromLogits > 0, "the copy should hold from-logits cases");
    }

    @Test
    void shouldMatchRlaxVtraceWithLambdaInRlaxTimeConvention() throws IOException
    {
        final JsonNode cases = Fixtures.refdata("rlax_multistep_cases.json").get("functions")
            .get("vtrace_td_error_and_advantage").get("cases");
        assertTrue(cases.size() > 0);
        for (final JsonNode c : cases)
        {
            // rlax: v_tm1[t] = V(x_t) -> values; v_t[t] = V(x_{t+1}), so its last element is the bootstrap.
            final double[] vTm1 = flat(c.get("v_tm1"));
            final double[] vT = flat(c.get("v_t"));
            final int timeSteps = vTm1.length;
            for (int t = 0; t + 1 < timeSteps; t++)
            {
                assertEquals(vTm1[t + 1], vT[t], "the reference's v_t is v_tm1 shifted by one");
            }
            final VTrace vtrace = new VTrace(Fixtures.threshold(c.get("clip_rho_threshold")), 1.0,
                Fixtures.threshold(c.get("clip_pg_rho_threshold")), c.get("lambda_").doubleValue());
            final double[] discounts = flat(c.get("discount_t"));
            final double[] rewards = flat(c.get("r_t"));
            final double[] bootstrap = {vT[timeSteps - 1]};
            final double[] vs = new double[timeSteps];
            final double[] pg = new double[timeSteps];
            final double[] q = new double[timeSteps];
            vtrace.fromRhos(timeSteps, 1, flat(c.get("rho_tm1")), discounts, rewards, vTm1, bootstrap, vs, pg);
            vtrace.qEstimates(timeSteps, 1, discounts, rewards, vTm1, bootstrap, vs, q);
            final double[] errors = new double[timeSteps];
            for (int t = 0; t < timeSteps; t++)
            {
                errors[t] = vs[t] - vTm1[t];
            }
            final String name = "lambda=" + vtrace.lambda();
            assertClose(name + " errors", flat(c.get("expected_errors")), errors, timeSteps, TOLERANCE);
            assertClose(name + " pg_advantage", flat(c.get("expected_pg_advantage")), pg, timeSteps, TOLERANCE);
            assertClose(name + " q_estimate", flat(c.get("expected_q_estimate")), q, timeSteps, TOLERANCE);
        }
    }

    /** Random [T, B] inputs. */
    private record Batch(int timeSteps, int batch, double[] logRhos, double[] discounts, double[] rewards, double[] values,
        double[] bootstrap)
    {
        static Batch random(final long seed, final int timeSteps, final int batch, final double logRhoSigma)
        {
            final Rng rng = new Rng(seed);
            final int n = timeSteps * batch;
            return new Batch(timeSteps, batch, Fixtures.normal(rng, n, logRhoSigma), Fixtures.discounts(rng, n, 0.97, 9),
                Fixtures.normal(rng, n, 1.0), Fixtures.normal(rng, n, 2.0), Fixtures.normal(rng, batch, 2.0));
        }

        int n()
        {
            return timeSteps * batch;
        }

        void run(final VTrace vtrace, final double[] vs, final double[] pg)
        {
            vtrace.fromLogRhos(timeSteps, batch, logRhos, discounts, rewards, values, bootstrap, vs, pg);
        }
    }

    @Test
    void shouldEqualTheNStepBootstrappedReturnWhenOnPolicyAndUnclipped()
    {
        final Batch batch = Batch.random(11, 17, 5, 0.0);   // log ρ = 0: ρ = 1 everywhere
        final double[] vs = new double[batch.n()];
        final double[] pg = new double[batch.n()];
        for (final VTrace vtrace : new VTrace[] {
            new VTrace(VTrace.NO_CLIPPING, VTrace.NO_CLIPPING, VTrace.NO_CLIPPING, 1.0), new VTrace()})
        {
            batch.run(vtrace, vs, pg);
            final int T = batch.timeSteps();
            final int B = batch.batch();
            for (int b = 0; b < B; b++)
            {
                for (int t = 0; t < T; t++)
                {
                    // Σ_{k=t}^{T-1} (Π_{i=t}^{k-1} γ_i) r_k + (Π_{i=t}^{T-1} γ_i) V(x_T)
                    double expected = 0.0;
                    double discount = 1.0;
                    for (int k = t; k < T; k++)
                    {
                        expected += discount * batch.rewards()[k * B + b];
                        discount *= batch.discounts()[k * B + b];
                    }
                    expected += discount * batch.bootstrap()[b];
                    final int i = t * B + b;
                    assertEquals(expected, vs[i], TOLERANCE * Math.max(1.0, Math.abs(expected)), "vs at t=" + t + " b=" + b);
                    final double vsNext = t + 1 < T ? vs[i + B] : batch.bootstrap()[b];
                    final double advantage = batch.rewards()[i] + batch.discounts()[i] * vsNext - batch.values()[i];
                    assertEquals(advantage, pg[i], 1e-15 * Math.max(1.0, Math.abs(advantage)));
                }
            }
        }
    }

    @Test
    void shouldReturnTheValuesWhenRhoAndCThresholdsAreZero()
    {
        final Batch batch = Batch.random(12, 20, 4, 2.0);
        final double[] vs = new double[batch.n()];
        final double[] pg = new double[batch.n()];
        batch.run(new VTrace(0.0, 0.0, 1.0, 1.0), vs, pg);
        for (int i = 0; i < batch.n(); i++)
        {
            assertEquals(batch.values()[i], vs[i], 0.0);
        }
        // and approach them as the thresholds shrink: |vs - V| <= ρ̄ Σ_k |δ_k| (c ≤ c̄ ≤ 1, γ ≤ 1)
        for (final double threshold : new double[] {1e-3, 1e-6, 1e-9})
        {
            batch.run(new VTrace(threshold, threshold, 1.0, 1.0), vs, pg);
            for (int b = 0; b < batch.batch(); b++)
            {
                double sumAbsTd = 0.0;
                for (int t = batch.timeSteps() - 1; t >= 0; t--)
                {
                    final int i = t * batch.batch() + b;
                    final double vNext = t + 1 < batch.timeSteps() ? batch.values()[i + batch.batch()] : batch.bootstrap()[b];
                    sumAbsTd += Math.abs(batch.rewards()[i] + batch.discounts()[i] * vNext - batch.values()[i]);
                    // slack: vs is stored as V + (vs - V), rounded to V's ulp
                    assertTrue(Math.abs(vs[i] - batch.values()[i]) <= threshold * sumAbsTd * (1 + 1e-12) + 2 * Math.ulp(vs[i]),
                        "threshold " + threshold + " t=" + t);
                }
            }
        }
    }

    @Test
    void shouldBoundTheTargetsByTheClippedTraces()
    {
        final Batch batch = Batch.random(13, 30, 6, 6.0);   // ρ up to e^20
        final double[] vs = new double[batch.n()];
        final double[] pg = new double[batch.n()];
        final double rhoBar = 1.5;
        batch.run(new VTrace(rhoBar, 1.0, 1.0, 1.0), vs, pg);
        for (int b = 0; b < batch.batch(); b++)
        {
            double sumAbsTd = 0.0;
            for (int t = batch.timeSteps() - 1; t >= 0; t--)
            {
                final int i = t * batch.batch() + b;
                final double vNext = t + 1 < batch.timeSteps() ? batch.values()[i + batch.batch()] : batch.bootstrap()[b];
                sumAbsTd += Math.abs(batch.rewards()[i] + batch.discounts()[i] * vNext - batch.values()[i]);
                assertTrue(Math.abs(vs[i] - batch.values()[i]) <= rhoBar * sumAbsTd * (1 + 1e-12) + 2 * Math.ulp(vs[i]),
                    "t=" + t + " b=" + b);
            }
        }
    }

    @Test
    void shouldScaleAdvantagesWithTheClippedPgRho()
    {
        final Batch batch = Batch.random(14, 25, 3, 1.5);
        final int n = batch.n();
        final double[] vsFree = new double[n];
        final double[] pgFree = new double[n];
        batch.run(new VTrace(1.0, 1.0, VTrace.NO_CLIPPING, 1.0), vsFree, pgFree);
        for (final double pgRhoBar : new double[] {0.0, 0.3, 1.0, 2.0})
        {
            final double[] vs = new double[n];
            final double[] pg = new double[n];
            batch.run(new VTrace(1.0, 1.0, pgRhoBar, 1.0), vs, pg);
            for (int i = 0; i < n; i++)
            {
                assertEquals(vsFree[i], vs[i], 0.0, "ρ̄pg must not change vs");
                final double rho = Math.exp(batch.logRhos()[i]);
                final double expected = pgFree[i] / rho * Math.min(rho, pgRhoBar);
                assertEquals(expected, pg[i], 1e-13 * Math.max(1.0, Math.abs(expected)), "ρ̄pg=" + pgRhoBar + " i=" + i);
            }
        }
    }

    @Test
    void shouldTreatColumnsIndependently()
    {
        final Batch batch = Batch.random(15, 12, 7, 1.0);
        final VTrace vtrace = new VTrace(1.2, 0.9, 1.1, 0.8);
        final double[] vs = new double[batch.n()];
        final double[] pg = new double[batch.n()];
        batch.run(vtrace, vs, pg);
        final int T = batch.timeSteps();
        final int B = batch.batch();
        for (int b = 0; b < B; b++)
        {
            final double[] vsColumn = new double[T];
            final double[] pgColumn = new double[T];
            vtrace.fromLogRhos(T, 1, Fixtures.column(batch.logRhos(), T, B, b), Fixtures.column(batch.discounts(), T, B, b),
                Fixtures.column(batch.rewards(), T, B, b), Fixtures.column(batch.values(), T, B, b),
                new double[] {batch.bootstrap()[b]}, vsColumn, pgColumn);
            for (int t = 0; t < T; t++)
            {
                assertEquals(vsColumn[t], vs[t * B + b], 0.0);
                assertEquals(pgColumn[t], pg[t * B + b], 0.0);
            }
        }
    }

    @Test
    void shouldGiveTheSameResultFromLogRhosLogProbsAndRhos()
    {
        final Batch batch = Batch.random(16, 9, 4, 1.0);
        final int n = batch.n();
        final Rng rng = new Rng(99);
        final double[] behaviour = Fixtures.uniform(rng, n, -4.0, 0.0);
        final double[] target = new double[n];
        final double[] rhos = new double[n];
        final double[] logRhos = new double[n];
        for (int i = 0; i < n; i++)
        {
            target[i] = behaviour[i] + batch.logRhos()[i];
            logRhos[i] = target[i] - behaviour[i];
            rhos[i] = Math.exp(logRhos[i]);
        }
        final VTrace vtrace = new VTrace();
        final double[] vs1 = new double[n];
        final double[] pg1 = new double[n];
        final double[] vs2 = new double[n];
        final double[] pg2 = new double[n];
        final double[] vs3 = new double[n];
        final double[] pg3 = new double[n];
        final int T = batch.timeSteps();
        final int B = batch.batch();
        vtrace.fromLogRhos(T, B, logRhos, batch.discounts(), batch.rewards(), batch.values(), batch.bootstrap(), vs1, pg1);
        vtrace.fromLogProbs(T, B, target, behaviour, batch.discounts(), batch.rewards(), batch.values(), batch.bootstrap(), vs2, pg2);
        vtrace.fromRhos(T, B, rhos, batch.discounts(), batch.rewards(), batch.values(), batch.bootstrap(), vs3, pg3);
        for (int i = 0; i < n; i++)
        {
            assertEquals(vs1[i], vs2[i], 0.0);
            assertEquals(pg1[i], pg2[i], 0.0);
            assertEquals(vs1[i], vs3[i], 0.0);
            assertEquals(pg1[i], pg3[i], 0.0);
        }
    }

    @Test
    void shouldAgreeInFloat32WithFloat64()
    {
        final Batch batch = Batch.random(17, 80, 64, 1.0);
        final int n = batch.n();
        final float[] logRhos = toFloat(batch.logRhos());
        final float[] discounts = toFloat(batch.discounts());
        final float[] rewards = toFloat(batch.rewards());
        final float[] values = toFloat(batch.values());
        final float[] bootstrap = toFloat(batch.bootstrap());
        for (final VTrace vtrace : new VTrace[] {new VTrace(), new VTrace(2.0, 1.0, VTrace.NO_CLIPPING, 0.9)})
        {
            final float[] vs = new float[n];
            final float[] pg = new float[n];
            vtrace.fromLogRhos(batch.timeSteps(), batch.batch(), logRhos, discounts, rewards, values, bootstrap, vs, pg);
            // the float64 result over the same (float-rounded) inputs
            final double[] vsRef = new double[n];
            final double[] pgRef = new double[n];
            vtrace.fromLogRhos(batch.timeSteps(), batch.batch(), toDouble(logRhos), toDouble(discounts), toDouble(rewards),
                toDouble(values), toDouble(bootstrap), vsRef, pgRef);
            assertClose("float32 vs", vsRef, toDouble(vs), n, 1e-5);
            assertClose("float32 pg_advantages", pgRef, toDouble(pg), n, 1e-5);

            final float[] vs2 = new float[n];
            final float[] pg2 = new float[n];
            final float[] zeros = new float[n];
            vtrace.fromLogProbs(batch.timeSteps(), batch.batch(), logRhos, zeros, discounts, rewards, values, bootstrap, vs2, pg2);
            for (int i = 0; i < n; i++)
            {
                assertEquals(vs[i], vs2[i], 0.0f);
                assertEquals(pg[i], pg2[i], 0.0f);
            }
        }
    }

    @Test
    void shouldComputeStableLogProbsFromLogits()
    {
        final int T = 3;
        final int B = 2;
        final int A = 4;
        final double[] logits = {
            0, 1, 2, 3, 1000, 999, -1000, 1000,
            -1e4, -1e4, -1e4, -1e4, 0.5, -0.5, 0.25, 0,
            700, 0, 0, 0, -3, 2, 7, 1};
        final int[] actions = {3, 2, 0, 1, 1, 2};
        final double[] out = new double[T * B];
        LogProbs.ofActions(T, B, A, logits, actions, out);
        for (int i = 0; i < T * B; i++)
        {
            assertTrue(Double.isFinite(out[i]) && out[i] <= 0.0, "finite log-prob at " + i + ": " + out[i]);
            // Σ_a π(a) = 1 for every row
            double sum = 0.0;
            final double[] row = new double[1];
            for (int a = 0; a < A; a++)
            {
                LogProbs.ofActions(1, 1, A, java.util.Arrays.copyOfRange(logits, i * A, i * A + A), new int[] {a}, row);
                sum += Math.exp(row[0]);
            }
            assertEquals(1.0, sum, 1e-15);
        }
        assertEquals(-Math.log(4.0), out[2], 1e-15);                                  // equal logits
        assertEquals(-2000.0 - Math.log(2.0 + Math.exp(-1.0)), out[1], 1e-12);        // 2000 below the max
        assertEquals(7 - Math.log(Math.exp(-3) + Math.exp(2) + Math.exp(7) + Math.exp(1)), out[5], 1e-15);
        assertEquals(3 - Math.log(Math.exp(0) + Math.exp(1) + Math.exp(2) + Math.exp(3)), out[0], 1e-15);

        final float[] outF = new float[T * B];
        final float[] logitsF = new float[logits.length];
        for (int i = 0; i < logits.length; i++)
        {
            logitsF[i] = (float)logits[i];
        }
        LogProbs.ofActions(T, B, A, logitsF, actions, outF);
        for (int i = 0; i < T * B; i++)
        {
            assertEquals((float)out[i], outF[i], Math.ulp((float)out[i]));
        }
        assertThrows(IllegalArgumentException.class, () -> LogProbs.ofActions(T, B, A, logits, new int[] {3, 4, 0, 1, 1, 2}, out));
    }

    @Test
    void shouldAllocateNothingPerCall()
    {
        final Batch batch = Batch.random(18, 80, 64, 1.0);
        final int n = batch.n();
        final VTrace vtrace = new VTrace(1.0, 1.0, 1.0, 0.95);
        final double[] vs = new double[n];
        final double[] pg = new double[n];
        final double[] q = new double[n];
        final double[] behaviour = new double[n];
        final float[] logRhosF = toFloat(batch.logRhos());
        final float[] discountsF = toFloat(batch.discounts());
        final float[] rewardsF = toFloat(batch.rewards());
        final float[] valuesF = toFloat(batch.values());
        final float[] bootstrapF = toFloat(batch.bootstrap());
        final float[] vsF = new float[n];
        final float[] pgF = new float[n];
        final int T = batch.timeSteps();
        final int B = batch.batch();
        final Runnable calls = () ->
        {
            vtrace.fromLogRhos(T, B, batch.logRhos(), batch.discounts(), batch.rewards(), batch.values(), batch.bootstrap(), vs, pg);
            vtrace.fromLogProbs(T, B, batch.logRhos(), behaviour, batch.discounts(), batch.rewards(), batch.values(),
                batch.bootstrap(), vs, pg);
            vtrace.fromRhos(T, B, vs, batch.discounts(), batch.rewards(), batch.values(), batch.bootstrap(), q, pg);
            vtrace.qEstimates(T, B, batch.discounts(), batch.rewards(), batch.values(), batch.bootstrap(), vs, q);
            vtrace.fromLogRhos(T, B, logRhosF, discountsF, rewardsF, valuesF, bootstrapF, vsF, pgF);
        };
        assertEquals(0L, Fixtures.allocatedBytes(calls, 2_000, 200));
    }

    @Test
    void shouldRejectBadArguments()
    {
        assertThrows(IllegalArgumentException.class, () -> new VTrace(-1.0, 1.0, 1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new VTrace(1.0, Double.NaN, 1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new VTrace(1.0, 1.0, 1.0, 1.5));
        assertEquals(VTrace.NO_CLIPPING, VTrace.threshold(null));
        assertEquals(0.5, VTrace.threshold(0.5));
        final VTrace vtrace = new VTrace();
        final double[] a = new double[6];
        final double[] shortArray = new double[5];
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> vtrace.fromLogRhos(3, 2, a, a, shortArray, a, new double[2], new double[6], new double[6]));
        assertTrue(ex.getMessage().contains("rewards"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vtrace.fromLogRhos(3, 2, a, a, a, a, new double[1], new double[6], new double[6]));
        assertThrows(IllegalArgumentException.class, () -> vtrace.fromLogRhos(0, 2, a, a, a, a, new double[2], new double[6], new double[6]));
    }

    private static float[] toFloat(final double[] values)
    {
        final float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++)
        {
            out[i] = (float)values[i];
        }
        return out;
    }

    private static double[] toDouble(final float[] values)
    {
        final double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++)
        {
            out[i] = values[i];
        }
        return out;
    }
}
