package io.surge.algo.returns;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.surge.algo.returns.Fixtures.TOLERANCE;
import static io.surge.algo.returns.Fixtures.assertClose;
import static io.surge.algo.returns.Fixtures.column;
import static io.surge.algo.returns.Fixtures.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultistepTest
{
    private static final int T = 23;
    private static final int B = 5;
    private static final int A = 4;
    private static final int N = T * B;

    private final Rng rng = new Rng(2024);
    private final double[] rewards = Fixtures.normal(rng, N, 1.0);
    private final double[] discounts = Fixtures.discounts(rng, N, 0.95, 7);
    private final double[] values = Fixtures.normal(rng, N, 3.0);
    private final double[] nextValues = Fixtures.normal(rng, N, 3.0);
    private final double[] bootstrap = Fixtures.normal(rng, B, 3.0);
    private final double[] lambdas = Fixtures.uniform(rng, N, 0.0, 1.0);
    private final double[] rhos = Fixtures.uniform(rng, N, 0.0, 3.0);
    private final double[] qTm1 = Fixtures.normal(rng, N * A, 3.0);
    private final double[] qT = Fixtures.normal(rng, N * A, 3.0);
    private final double[] pi = probabilities(rng, N, A);
    private final double[] mu = Fixtures.uniform(rng, N, 0.05, 1.0);
    private final int[] actionsTm1 = Fixtures.actions(rng, N, A);
    private final int[] actionsT = Fixtures.actions(rng, N, A);

    private static double[] probabilities(final Rng rng, final int n, final int numActions)
    {
        final double[] p = Fixtures.uniform(rng, n * numActions, 0.0, 1.0);
        for (int i = 0; i < n; i++)
        {
            double sum = 0.0;
            for (int a = 0; a < numActions; a++)
            {
                sum += p[i * numActions + a];
            }
            for (int a = 0; a < numActions; a++)
            {
                p[i * numActions + a] /= sum;
            }
        }
        return p;
    }

    @Test
    void shouldMatchEveryRlaxReferenceCase() throws IOException
    {
        final JsonNode functions = Fixtures.refdata("rlax_multistep_cases.json").get("functions");
        int checked = 0;
        for (final Map.Entry<String, JsonNode> function : functions.properties())
        {
            for (final JsonNode c : function.getValue().get("cases"))
            {
                final String name = function.getKey() + " case " + checked;
                final double[] r = flat(c.get("r_t"));
                final int t = r.length;
                final double[] d = flat(c.get("discount_t"));
                final double[] out = new double[t];
                final JsonNode lambda = c.get("lambda_") != null ? c.get("lambda_") : c.get("lambda_t");
                switch (function.getKey())
                {
                    case "lambda_returns" ->
                    {
                        if (lambda.isNumber())
                        {
                            Multistep.lambdaReturns(t, 1, r, d, flat(c.get("v_t")), lambda.doubleValue(), out);
                        }
                        else
                        {
                            Multistep.lambdaReturns(t, 1, r, d, flat(c.get("v_t")), flat(lambda), out);
                        }
                        assertClose(name, flat(c.get("expected")), out, t, TOLERANCE);
                    }
                    case "discounted_returns" ->
                    {
                        Multistep.discountedReturns(t, 1, r, d, new double[] {c.get("bootstrap_v").doubleValue()}, out);
                        assertClose(name, flat(c.get("expected")), out, t, TOLERANCE);
                    }
                    case "n_step_bootstrapped_returns" ->
                    {
                        Multistep.nStepBootstrappedReturns(t, 1, r, d, flat(c.get("v_t")), c.get("n").intValue(), lambda.doubleValue(), out);
                        assertClose(name, flat(c.get("expected")), out, t, TOLERANCE);
                    }
                    case "truncated_generalized_advantage_estimation" ->
                    {
                        final double[] v = flat(c.get("values"));
                        final double[] head = java.util.Arrays.copyOf(v, t);
                        if (lambda.isNumber())
                        {
                            Multistep.truncatedGeneralizedAdvantages(t, 1, r, d, lambda.doubleValue(), head, new double[] {v[t]}, out);
                        }
                        else
                        {
                            Multistep.truncatedGeneralizedAdvantages(t, 1, r, d, flat(lambda), head, new double[] {v[t]}, out);
                        }
                        assertClose(name, flat(c.get("expected")), out, t, TOLERANCE);
                    }
                    case "importance_corrected_td_errors" ->
                    {
                        final double[] v = flat(c.get("values"));
                        Multistep.importanceCorrectedTdErrors(t, 1, r, d, flat(c.get("rho_tm1")), lambda.doubleValue(),
                            java.util.Arrays.copyOf(v, t), new double[] {v[t]}, out);
                        assertClose(name, flat(c.get("expected")), out, t, TOLERANCE);
                    }
                    case "q_lambda" ->
                    {
                        final int a = c.get("q_tm1").get(0).size();
                        if (lambda.isNumber())
                        {
                            Multistep.qLambda(t, 1, a, flat(c.get("q_tm1")), Fixtures.ints(c.get("a_tm1")), r, d, flat(c.get("q_t")),
                                lambda.doubleValue(), out);
                        }
                        else
                        {
                            Multistep.qLambda(t, 1, a, flat(c.get("q_tm1")), Fixtures.ints(c.get("a_tm1")), r, d, flat(c.get("q_t")),
                                flat(lambda), out);
                        }
                        assertClose(name, flat(c.get("expected_td")), out, t, TOLERANCE);
                    }
                    case "retrace" ->
                    {
                        final int a = c.get("q_tm1").get(0).size();
                        Multistep.retrace(t, 1, a, flat(c.get("q_tm1")), flat(c.get("q_t")), Fixtures.ints(c.get("a_tm1")),
                            Fixtures.ints(c.get("a_t")), r, d, flat(c.get("pi_t")), flat(c.get("mu_t")), lambda.doubleValue(),
                            c.get("eps").doubleValue(), out);
                        assertClose(name, flat(c.get("expected_td")), out, t, TOLERANCE);
                    }
                    case "transformed_n_step_q_learning" ->
                    {
                        final int a = c.get("q_tm1").get(0).size();
                        Multistep.transformedNStepQLearning(t, 1, a, flat(c.get("q_tm1")), Fixtures.ints(c.get("a_tm1")),
                            flat(c.get("target_q_t")), Fixtures.ints(c.get("a_t")), r, d, c.get("n").intValue(),
                            c.get("eps").doubleValue(), out);
                        assertClose(name, flat(c.get("expected_td")), out, t, TOLERANCE);
                    }
                    case "vtrace_td_error_and_advantage" ->
                    {
                        // checked in VTraceTest
                    }
                    default -> throw new AssertionError("unknown function in the reference copy: " + function.getKey());
                }
                checked++;
            }
        }
        assertTrue(checked >= 30, "the copy should hold the reference cases, saw " + checked);
    }

    @Test
    void shouldComputeEachColumnAsItsOwnTrajectory()
    {
        final double[] batched = new double[N];
        final double[] single = new double[T];
        for (int b = 0; b < B; b++)
        {
            final double[] r = column(rewards, T, B, b);
            final double[] d = column(discounts, T, B, b);
            final double[] v = column(values, T, B, b);
            final double[] vn = column(nextValues, T, B, b);
            final double[] l = column(lambdas, T, B, b);
            final double[] boot = {bootstrap[b]};

            Multistep.lambdaReturns(T, B, rewards, discounts, nextValues, lambdas, batched);
            Multistep.lambdaReturns(T, 1, r, d, vn, l, single);
            assertArrayEquals(single, column(batched, T, B, b), "lambdaReturns");

            Multistep.discountedReturns(T, B, rewards, discounts, bootstrap, batched);
            Multistep.discountedReturns(T, 1, r, d, boot, single);
            assertArrayEquals(single, column(batched, T, B, b), "discountedReturns");

            Multistep.nStepBootstrappedReturns(T, B, rewards, discounts, nextValues, 5, lambdas, batched);
            Multistep.nStepBootstrappedReturns(T, 1, r, d, vn, 5, l, single);
            assertArrayEquals(single, column(batched, T, B, b), "nStepBootstrappedReturns");

            Multistep.truncatedGeneralizedAdvantages(T, B, rewards, discounts, lambdas, values, bootstrap, batched);
            Multistep.truncatedGeneralizedAdvantages(T, 1, r, d, l, v, boot, single);
            assertArrayEquals(single, column(batched, T, B, b), "truncatedGeneralizedAdvantages");

            Multistep.importanceCorrectedTdErrors(T, B, rewards, discounts, rhos, lambdas, values, bootstrap, batched);
            Multistep.importanceCorrectedTdErrors(T, 1, r, d, column(rhos, T, B, b), l, v, boot, single);
            assertArrayEquals(single, column(batched, T, B, b), "importanceCorrectedTdErrors");

            final double[] qTm1b = column(qTm1, T, B, A, b);
            final double[] qTb = column(qT, T, B, A, b);
            final int[] aTm1b = column(actionsTm1, T, B, b);
            final int[] aTb = column(actionsT, T, B, b);
            Multistep.qLambda(T, B, A, qTm1, actionsTm1, rewards, discounts, qT, lambdas, batched);
            Multistep.qLambda(T, 1, A, qTm1b, aTm1b, r, d, qTb, l, single);
            assertArrayEquals(single, column(batched, T, B, b), "qLambda");

            Multistep.retrace(T, B, A, qTm1, qT, actionsTm1, actionsT, rewards, discounts, pi, mu, 0.9, 1e-8, batched);
            Multistep.retrace(T, 1, A, qTm1b, qTb, aTm1b, aTb, r, d, column(pi, T, B, A, b), column(mu, T, B, b), 0.9, 1e-8, single);
            assertArrayEquals(single, column(batched, T, B, b), "retrace");

            Multistep.transformedNStepQLearning(T, B, A, qTm1, actionsTm1, qT, actionsT, rewards, discounts, 5, 1e-3, batched);
            Multistep.transformedNStepQLearning(T, 1, A, qTm1b, aTm1b, qTb, aTb, r, d, 5, 1e-3, single);
            assertArrayEquals(single, column(batched, T, B, b), "transformedNStepQLearning");
        }
    }

    @Test
    void shouldReduceLambdaReturnsToDiscountedAndOneStepReturns()
    {
        final double[] lambdaOne = new double[N];
        final double[] discounted = new double[N];
        Multistep.lambdaReturns(T, B, rewards, discounts, nextValues, 1.0, lambdaOne);
        final double[] lastValues = new double[B];
        System.arraycopy(nextValues, (T - 1) * B, lastValues, 0, B);
        Multistep.discountedReturns(T, B, rewards, discounts, lastValues, discounted);
        assertArrayEquals(discounted, lambdaOne);

        final double[] lambdaZero = new double[N];
        Multistep.lambdaReturns(T, B, rewards, discounts, nextValues, 0.0, lambdaZero);
        for (int i = 0; i < N; i++)
        {
            assertEquals(rewards[i] + discounts[i] * nextValues[i], lambdaZero[i], 0.0);
        }
    }

    @Test
    void shouldComputeNStepReturnsAsTruncatedDiscountedSums()
    {
        final double[] out = new double[N];
        for (final int n : new int[] {1, 3, 10, T, T + 7})
        {
            Multistep.nStepBootstrappedReturns(T, B, rewards, discounts, nextValues, n, 1.0, out);
            for (int b = 0; b < B; b++)
            {
                for (int t = 0; t < T; t++)
                {
                    final int end = Math.min(t + n, T);
                    double expected = 0.0;
                    double discount = 1.0;
                    for (int k = t; k < end; k++)
                    {
                        expected += discount * rewards[k * B + b];
                        discount *= discounts[k * B + b];
                    }
                    expected += discount * nextValues[(end - 1) * B + b];
                    assertEquals(expected, out[t * B + b], TOLERANCE * Math.max(1.0, Math.abs(expected)), "n=" + n + " t=" + t);
                }
            }
        }
        // n >= T is the λ = 1 λ-return, bit for bit
        final double[] lambdaReturns = new double[N];
        Multistep.lambdaReturns(T, B, rewards, discounts, nextValues, lambdas, lambdaReturns);
        Multistep.nStepBootstrappedReturns(T, B, rewards, discounts, nextValues, T, lambdas, out);
        assertArrayEquals(lambdaReturns, out);
    }

    @Test
    void shouldMakeAdvantagesThatAddUpToReturns()
    {
        final double[] advantages = new double[N];
        final double[] returns = new double[N];
        Multistep.truncatedGeneralizedAdvantages(T, B, rewards, discounts, 1.0, values, bootstrap, advantages);
        Multistep.discountedReturns(T, B, rewards, discounts, bootstrap, returns);
        for (int i = 0; i < N; i++)
        {
            assertEquals(returns[i], advantages[i] + values[i], 1e-12 * Math.max(1.0, Math.abs(returns[i])));
        }
        Multistep.truncatedGeneralizedAdvantages(T, B, rewards, discounts, 0.0, values, bootstrap, advantages);
        for (int b = 0; b < B; b++)
        {
            for (int t = 0; t < T; t++)
            {
                final int i = t * B + b;
                final double vNext = t + 1 < T ? values[i + B] : bootstrap[b];
                assertEquals(rewards[i] + discounts[i] * vNext - values[i], advantages[i], 0.0);
            }
        }
    }

    @Test
    void shouldReduceImportanceCorrectedErrorsToGaeOnPolicy()
    {
        final double[] ones = new double[N];
        java.util.Arrays.fill(ones, 1.0);
        final double[] corrected = new double[N];
        final double[] gae = new double[N];
        Multistep.importanceCorrectedTdErrors(T, B, rewards, discounts, ones, lambdas, values, bootstrap, corrected);
        Multistep.truncatedGeneralizedAdvantages(T, B, rewards, discounts, lambdas, values, bootstrap, gae);
        assertArrayEquals(gae, corrected);
    }

    @Test
    void shouldReduceQLambdaWithZeroLambdaToOneStepQLearning()
    {
        final double[] td = new double[N];
        Multistep.qLambda(T, B, A, qTm1, actionsTm1, rewards, discounts, qT, 0.0, td);
        for (int i = 0; i < N; i++)
        {
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < A; a++)
            {
                max = Math.max(max, qT[i * A + a]);
            }
            assertEquals(rewards[i] + discounts[i] * max - qTm1[i * A + actionsTm1[i]], td[i], 0.0);
        }
    }

    @Test
    void shouldReduceRetraceWithAGreedyTargetPolicyToDiscountedReturns()
    {
        // π puts all mass on a_{t+1}, μ(a_{t+1}) = 1, ε = 0: c = λ = 1, E_t = Q(x_{t+1}, a_{t+1})
        final double[] greedy = new double[N * A];
        final double[] muOne = new double[N];
        for (int i = 0; i < N; i++)
        {
            greedy[i * A + actionsT[i]] = 1.0;
            muOne[i] = 1.0;
        }
        final double[] td = new double[N];
        Multistep.retrace(T, B, A, qTm1, qT, actionsTm1, actionsT, rewards, discounts, greedy, muOne, 1.0, 0.0, td);
        final double[] lastQ = new double[B];
        for (int b = 0; b < B; b++)
        {
            final int i = (T - 1) * B + b;
            lastQ[b] = qT[i * A + actionsT[i]];
        }
        final double[] returns = new double[N];
        Multistep.discountedReturns(T, B, rewards, discounts, lastQ, returns);
        for (int i = 0; i < N; i++)
        {
            final double expected = returns[i] - qTm1[i * A + actionsTm1[i]];
            assertEquals(expected, td[i], 1e-12 * Math.max(1.0, Math.abs(expected)));
        }
    }

    @Test
    void shouldComposeTheR2d2TargetFromRescalingAndNStepReturns()
    {
        final int n = 5;
        final double eps = ValueRescaling.DEFAULT_EPS;
        final double[] td = new double[N];
        Multistep.transformedNStepQLearning(T, B, A, qTm1, actionsTm1, qT, actionsT, rewards, discounts, n, eps, td);
        final double[] v = new double[N];
        for (int i = 0; i < N; i++)
        {
            v[i] = ValueRescaling.hInv(qT[i * A + actionsT[i]], eps);
        }
        final double[] g = new double[N];
        Multistep.nStepBootstrappedReturns(T, B, rewards, discounts, v, n, 1.0, g);
        for (int i = 0; i < N; i++)
        {
            assertEquals(ValueRescaling.h(g[i], eps) - qTm1[i * A + actionsTm1[i]], td[i], 0.0);
        }
    }

    @Test
    void shouldInvertTheValueRescaling()
    {
        for (final double eps : new double[] {1e-3, 1e-2})
        {
            for (final double x : Fixtures.normal(rng, 200, 100.0))
            {
                final double h = ValueRescaling.h(x, eps);
                assertEquals(x, ValueRescaling.hInv(h, eps), 1e-10 * Math.max(1.0, Math.abs(x)));
                assertEquals(-h, ValueRescaling.h(-x, eps), 0.0);
                assertTrue(Math.abs(h) <= Math.sqrt(Math.abs(x) + 1) - 1 + eps * Math.abs(x) + 1e-15);
            }
            assertEquals(0.0, ValueRescaling.h(-0.0, eps), 0.0);
            assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(ValueRescaling.h(-0.0, eps)), "NumPy sign(-0) = +0");
        }
        final double[] xs = {-5, 0.5, 3e6};
        final double[] hs = new double[3];
        ValueRescaling.h(3, xs, 1e-3, hs);
        ValueRescaling.hInv(3, hs, 1e-3, hs);
        assertClose("h_inv(h(x))", xs, hs, 3, 1e-10);
    }

    @Test
    void shouldAllocateNothingPerCall()
    {
        final double[] out = new double[N];
        final Runnable calls = () ->
        {
            Multistep.lambdaReturns(T, B, rewards, discounts, nextValues, 0.9, out);
            Multistep.lambdaReturns(T, B, rewards, discounts, nextValues, lambdas, out);
            Multistep.discountedReturns(T, B, rewards, discounts, bootstrap, out);
            Multistep.nStepBootstrappedReturns(T, B, rewards, discounts, nextValues, 5, 1.0, out);
            Multistep.truncatedGeneralizedAdvantages(T, B, rewards, discounts, 0.95, values, bootstrap, out);
            Multistep.importanceCorrectedTdErrors(T, B, rewards, discounts, rhos, 0.9, values, bootstrap, out);
            Multistep.qLambda(T, B, A, qTm1, actionsTm1, rewards, discounts, qT, 0.9, out);
            Multistep.retrace(T, B, A, qTm1, qT, actionsTm1, actionsT, rewards, discounts, pi, mu, 0.9, 1e-8, out);
            Multistep.transformedNStepQLearning(T, B, A, qTm1, actionsTm1, qT, actionsT, rewards, discounts, 5, 1e-3, out);
            ValueRescaling.h(N, values, 1e-3, out);
            ValueRescaling.hInv(N, values, 1e-3, out);
        };
        assertEquals(0L, Fixtures.allocatedBytes(calls, 2_000, 200));
    }

    @Test
    void shouldSeeAllocationWhenThereIsSome()
    {
        final double[][] sink = new double[1][];
        assertTrue(Fixtures.allocatedBytes(() -> sink[0] = new double[64], 100, 100) >= 100 * 64 * 8L,
            "the allocation probe must be able to fail");
    }

    @Test
    void shouldRejectBadArguments()
    {
        final double[] out = new double[N];
        final int[] badActions = actionsTm1.clone();
        badActions[7] = A;
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Multistep.qLambda(T, B, A, qTm1, badActions, rewards, discounts, qT, 0.9, out));
        assertTrue(ex.getMessage().contains("actionsTm1[7]"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> Multistep.nStepBootstrappedReturns(T, B, rewards, discounts, nextValues, 0, 1.0, out));
        assertThrows(IllegalArgumentException.class,
            () -> Multistep.lambdaReturns(T, B, rewards, discounts, nextValues, 1.01, out));
        assertThrows(IllegalArgumentException.class,
            () -> Multistep.discountedReturns(T, B, rewards, discounts, new double[B - 1], out));
        assertThrows(IllegalArgumentException.class,
            () -> Multistep.retrace(T, B, A, qTm1, new double[N], actionsTm1, actionsT, rewards, discounts, pi, mu, 0.9, 1e-8, out));
    }
}
