package io.surge.experience;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.conformance.ReplayRefData;
import io.surge.testing.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NStepAdderTest
{
    /**
     * rlax's n_step_bootstrapped_returns (λ = 1) is the adder's target G_t + γ^k V(s_{t+k}) when a
     * zero discount is read as a termination (the next step starts a new episode) and the end of
     * the array as a truncation (rlax then bootstraps from v_{T-1} = V(s_T), as the adder does).
     * The adder's priority field holds |target| computed in double with Q(s_t, a_t) = 0, so it is
     * checked to one float32 ulp; G and the bootstrap discount fields to float32 precision.
     */
    @Test
    void shouldMatchRlaxNStepBootstrappedReturnsWhereTheDefinitionsCoincide() throws Exception
    {
        final JsonNode cases = ReplayRefData.load("rlax_multistep_cases.json")
            .get("functions").get("n_step_bootstrapped_returns").get("cases");
        int checked = 0;
        for (final JsonNode c : cases)
        {
            if (c.get("lambda_t").asDouble() != 1.0)
            {
                continue; // λ < 1 mixes values into the return: not what an adder writes
            }
            final double[] r = doubles(c.get("r_t"));
            final double[] d = doubles(c.get("discount_t"));
            final double[] v = doubles(c.get("v_t"));
            final double[] expected = doubles(c.get("expected"));
            final int n = c.get("n").asInt();
            double gamma = Double.NaN;
            for (final double x : d)
            {
                if (x != 0.0)
                {
                    assertTrue(Double.isNaN(gamma) || gamma == x, "a case with several non-zero discounts is not an adder's");
                    gamma = x;
                }
            }
            final int steps = r.length;
            final TransitionDescriptor descriptor = new TransitionDescriptor(1, 0);
            final NStepAdder adder = new NStepAdder(descriptor, 1, n, gamma, 0);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[(steps + 2) * descriptor.recordLength() * 2]);
            final RecordBatch out = new RecordBatch(descriptor.recordLength()).wrap(buffer, 0, (steps + 2) * 2);
            adder.begin(0, new float[] {0}, 0);
            for (int t = 0; t < steps; t++)
            {
                final boolean terminated = d[t] == 0.0;
                final boolean truncated = !terminated && t == steps - 1;
                // r and v are float64 in the file; the adder takes float rewards, so use the
                // float-exact rewards when comparing: feed (float) r and correct below.
                adder.values(0, 0.0, v[t]);
                adder.step(0, t, (float)r[t], terminated, truncated, new float[] {t + 1}, 0, out);
                if (terminated && t < steps - 1)
                {
                    adder.begin(0, new float[] {t + 1}, 0);
                }
            }
            final TransitionRecord rec = new TransitionRecord(descriptor);
            final boolean[] seen = new boolean[steps];
            int lastT = -1;
            for (int i = 0; i < out.count(); i++)
            {
                rec.wrap(buffer, i * descriptor.recordLength());
                if ((rec.flags() & TransitionDescriptor.FLAG_FINAL_OBSERVATION) != 0)
                {
                    assertEquals(steps, (int)rec.observationAt(0), "final observation is s_T");
                    assertEquals(out.count() - 1, i, "the final observation comes last");
                    assertTrue(d[steps - 1] != 0.0, "only a truncated end writes one");
                    continue;
                }
                final int t = (int)rec.observationAt(0);
                assertTrue(t > lastT, "records come out in time order");
                lastT = t;
                seen[t] = true;
                assertEquals(t, rec.action());
                // The exact target for float rewards, by rlax's recursion in double.
                final double target = rlaxTarget(r, d, v, n, t);
                final int k = rec.bootstrapSteps();
                final double vBoot = k == 0 ? 0.0 : v[t + k - 1];
                final double fromFields = rec.nStepReturn() + (double)rec.bootstrapDiscount() * vBoot;
                assertEquals(target, fromFields, 1e-6 * (1 + Math.abs(target)), "case " + checked + " t " + t);
                assertEquals((float)Math.abs(target), rec.priority(), Math.ulp((float)Math.abs(target)), "case " + checked + " t " + t);
                // And the file's own expected value, computed from the float64 rewards.
                assertEquals(expected[t], fromFields, 2e-6 * (1 + Math.abs(expected[t])));
                final boolean terminatedInWindow = terminatesWithin(d, t, n);
                assertEquals(terminatedInWindow, (rec.flags() & TransitionDescriptor.FLAG_TERMINATED) != 0);
                if (terminatedInWindow)
                {
                    assertEquals(0, k);
                    assertEquals(0.0f, rec.bootstrapDiscount());
                }
                else
                {
                    assertEquals(Math.min(n, steps - t), k);
                    assertEquals((float)Math.pow(gamma, k), rec.bootstrapDiscount(), Math.ulp((float)Math.pow(gamma, k)));
                }
                assertEquals(t == 0 || d[t - 1] == 0.0, (rec.flags() & TransitionDescriptor.FLAG_FIRST) != 0);
            }
            for (int t = 0; t < steps; t++)
            {
                assertTrue(seen[t], "transition " + t + " written");
            }
            checked++;
        }
        assertEquals(6, checked);
    }

    /** rlax's recursion (λ = 1): G <- r_k + d_k G from k = t+n-1 down to t, G starting at v_{min(t+n,T)-1}. */
    private static double rlaxTarget(final double[] r, final double[] d, final double[] v, final int n, final int t)
    {
        final int end = Math.min(t + n, r.length);
        double g = v[end - 1];
        for (int j = end - 1; j >= t; j--)
        {
            g = (float)r[j] + d[j] * g;
        }
        return g;
    }

    private static boolean terminatesWithin(final double[] d, final int t, final int n)
    {
        for (int j = t; j < Math.min(t + n, d.length); j++)
        {
            if (d[j] == 0.0)
            {
                return true;
            }
        }
        return false;
    }

    @Test
    void shouldKeepEachSubEnvironmentsStreamInTimeOrderWithItsOwnId()
    {
        final TransitionDescriptor descriptor = new TransitionDescriptor(2, 0);
        final int envs = 3;
        final int n = 3;
        final NStepAdder adder = new NStepAdder(descriptor, envs, n, 0.9, 100);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096 * descriptor.recordLength()]);
        final RecordBatch out = new RecordBatch(descriptor.recordLength()).wrap(buffer, 0, 4096);
        final int[] t = new int[envs];
        final int[] episode = new int[envs];
        final int[] length = {4, 7, 2};
        for (int e = 0; e < envs; e++)
        {
            adder.begin(e, new float[] {episode[e], 0}, 0);
        }
        for (int step = 0; step < 60; step++)
        {
            for (int e = 0; e < envs; e++)
            {
                t[e]++;
                final boolean end = t[e] == length[e];
                final boolean terminated = end && e != 1;
                final boolean truncated = end && e == 1;
                final int written = adder.step(e, step, 1.0f, terminated, truncated, new float[] {episode[e], t[e]}, 0, out);
                assertTrue(written <= adder.maxRecordsPerStep());
                if (end)
                {
                    episode[e]++;
                    t[e] = 0;
                    adder.begin(e, new float[] {episode[e], 0}, 0);
                }
            }
        }
        final TransitionRecord rec = new TransitionRecord(descriptor);
        final List<List<float[]>> perStream = new ArrayList<>();
        for (int e = 0; e < envs; e++)
        {
            perStream.add(new ArrayList<>());
        }
        for (int i = 0; i < out.count(); i++)
        {
            rec.wrap(buffer, i * descriptor.recordLength());
            final int e = rec.streamId() - 100;
            assertTrue(e >= 0 && e < envs);
            perStream.get(e).add(new float[] {rec.observationAt(0), rec.observationAt(1), rec.flags(), rec.bootstrapSteps()});
        }
        for (int e = 0; e < envs; e++)
        {
            // Position p of the stream holds (episode, t) in order; k points at the record holding s_{t+k}.
            final List<float[]> records = perStream.get(e);
            for (int p = 0; p < records.size(); p++)
            {
                final float[] rp = records.get(p);
                final int k = (int)rp[3];
                if (k > 0 && p + k < records.size()) // the last ones' bootstrap records are not written yet
                {
                    final float[] target = records.get(p + k);
                    assertEquals(rp[0], target[0], "same episode");
                    assertEquals(rp[1] + k, target[1], "k steps later");
                }
                if (((int)rp[2] & TransitionDescriptor.FLAG_FINAL_OBSERVATION) != 0)
                {
                    assertEquals(1, e, "only the truncated env writes final observations");
                    assertEquals(length[1], rp[1]);
                }
            }
        }
    }

    @Test
    void shouldRefuseStepsWithoutAnEpisodeAndAFullBatch()
    {
        final TransitionDescriptor descriptor = new TransitionDescriptor(1, 0);
        final NStepAdder adder = new NStepAdder(descriptor, 1, 1, 0.9, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[descriptor.recordLength()]);
        final RecordBatch out = new RecordBatch(descriptor.recordLength()).wrap(buffer, 0, 1);
        assertThrows(IllegalStateException.class, () -> adder.step(0, 0, 1f, false, false, new float[1], 0, out));
        adder.begin(0, new float[1], 0);
        adder.step(0, 0, 1f, false, false, new float[1], 0, out);
        assertFalse(out.remaining() > 0);
        assertThrows(IllegalStateException.class, () -> adder.step(0, 0, 1f, false, false, new float[1], 0, out));
        assertThrows(IndexOutOfBoundsException.class, () -> adder.begin(1, new float[1], 0));
    }

    @Test
    void shouldWriteContinuousActions()
    {
        final TransitionDescriptor descriptor = new TransitionDescriptor(1, 2);
        final NStepAdder adder = new NStepAdder(descriptor, 1, 2, 0.5, 7);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8 * descriptor.recordLength()]);
        final RecordBatch out = new RecordBatch(descriptor.recordLength()).wrap(buffer, 0, 8);
        adder.begin(0, new float[] {0}, 0);
        adder.step(0, new float[] {0.25f, -0.5f}, 0, 1f, false, false, new float[] {1}, 0, out);
        adder.step(0, new float[] {1.5f, 2f}, 0, 2f, false, false, new float[] {2}, 0, out);
        final TransitionRecord rec = new TransitionRecord(descriptor).wrap(buffer, 0);
        assertEquals(1, out.count());
        assertEquals(0.25f, rec.actionAt(0));
        assertEquals(-0.5f, rec.actionAt(1));
        assertEquals(1f + 0.5f * 2f, rec.nStepReturn());
        assertEquals(0.25f, rec.bootstrapDiscount());
        assertEquals(-1.0f, rec.priority(), "no values given: the replay uses the max priority");
        assertThrows(IllegalStateException.class, () -> adder.step(0, 1, 1f, false, false, new float[1], 0, out));
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final TransitionDescriptor descriptor = new TransitionDescriptor(4, 0);
        final NStepAdder adder = new NStepAdder(descriptor, 8, 5, 0.99, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * descriptor.recordLength()]);
        final RecordBatch out = new RecordBatch(descriptor.recordLength()).wrap(buffer, 0, 64);
        final float[] obs = new float[4];
        for (int e = 0; e < 8; e++)
        {
            adder.begin(e, obs, 0);
        }
        final int[] round = {0};
        final long bytes = AllocationMeter.bytesAllocated(() ->
        {
            for (int i = 0; i < 5_000; i++, round[0]++)
            {
                out.reset();
                for (int e = 0; e < 8; e++)
                {
                    final boolean end = (round[0] + e) % 37 == 0;
                    adder.values(e, 0.5, 0.25);
                    adder.step(e, e, 1f, end && e % 2 == 0, end && e % 2 == 1, obs, 0, out);
                    if (end)
                    {
                        adder.begin(e, obs, 0);
                    }
                }
            }
        }, 4, 1);
        assertEquals(0, bytes);
    }

    private static double[] doubles(final JsonNode node)
    {
        final double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }
}
