package io.surge.replay;

import io.surge.experience.NStepAdder;
import io.surge.experience.RecordBatch;
import io.surge.experience.TransitionDescriptor;
import io.surge.util.Rng;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test: a measurement of where a prioritized sample-and-update of 512 (or
 * {@code -Dsurge.phases.batch}) spends its time, phase by
 * phase (descent, weights, gather, priority pow, id checks, fused tree update), as the minimum and
 * median over 3000 batches, so interference from other processes (whole lost time slices) shows in
 * the median but not in the minimum. Runs only when asked:
 * <pre>
 *   mvn -B -o -pl engine test -Dtest=ReplayPhaseTimes -Dsurge.phases=true [-Dsurge.phases.log2=24] [-Dsurge.phases.batch=64]
 *       [-DargLine="... -Dsurge.replay.noLookAhead=true"]
 * </pre>
 */
@EnabledIfSystemProperty(named = "surge.phases", matches = "true")
class ReplayPhaseTimes
{
    private static final int B = Integer.getInteger("surge.phases.batch", 512);

    @Test
    void printPhaseTimes()
    {
        final int log2 = Integer.getInteger("surge.phases.log2", 20);
        final int capacity = 1 << log2;
        final ReplayConfig config = ReplayConfig.of(4, 0, capacity).withNStep(3);
        final PrioritizedReplay replay = new PrioritizedReplay(config);
        final TransitionDescriptor descriptor = config.descriptor();
        final NStepAdder adder = new NStepAdder(descriptor, 64, 3, 0.99, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 4 * descriptor.recordLength()]);
        final RecordBatch out = new RecordBatch(descriptor.recordLength());
        final float[] obs = new float[4];
        final Rng rng = new Rng(1);
        for (int e = 0; e < 64; e++)
        {
            adder.begin(e, obs, 0);
        }
        final int[] t = new int[64];
        while (replay.stats().inserts() < capacity + 1000L)
        {
            out.wrap(buffer, 0, 64 * 4);
            for (int e = 0; e < 64; e++)
            {
                obs[0] = (float)rng.nextGaussian();
                final boolean end = ++t[e] % 200 == 0;
                adder.values(e, rng.nextDouble(), rng.nextDouble());
                adder.step(e, 1, 1f, false, end, obs, 0, out);
                if (end)
                {
                    adder.begin(e, obs, 0);
                }
            }
            replay.insert(buffer, 0, out.count());
        }
        final long[] ids = new long[4096];
        final float[] errors = new float[4096];
        for (int slot = 0; slot < capacity; slot += 4096)
        {
            for (int j = 0; j < 4096; j++)
            {
                ids[j] = replay.idOfSlot(slot + j);
                errors[j] = (float)(rng.nextDouble() * 2);
            }
            replay.updatePriorities(ids, errors, 4096);
        }
        final SampleBatch batch = SampleBatch.forConfig(B, config);
        final float[] td = new float[B];
        final double[] values = new double[B];
        final int n = 3000;
        final long[][] times = new long[6][n];
        final String[] names = {"descent", "weights", "gather", "priority pow", "id checks", "tree update"};
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < n; i++)
            {
                final long t0 = System.nanoTime();
                final double total = replay.trees.sampleStratified(replay.rng, B, batch.prefixes, batch.slots, batch.priorities);
                final long t1 = System.nanoTime();
                PrioritizedReplay.importanceWeights(batch.priorities, batch.weights, 0, B, replay.trees.min(), total,
                    replay.storage.sampleable, 0.5);
                final long t2 = System.nanoTime();
                replay.storage.gather(batch, 0, B);
                final long t3 = System.nanoTime();
                for (int j = 0; j < B; j++)
                {
                    td[j] = batch.returns[j] * 0.01f + 0.5f;
                    values[j] = replay.priority(td[j]);
                }
                final long t4 = System.nanoTime();
                int live = 0;
                for (int j = 0; j < B; j++)
                {
                    final long id = batch.ids[j];
                    live += replay.storage.isLive(id) && replay.trees.get(replay.storage.slotOf(id)) > 0 ? 1 : 0;
                }
                final long t5 = System.nanoTime();
                replay.trees.setBatch(batch.slots, values, live == B ? B : 0);
                final long t6 = System.nanoTime();
                times[0][i] = t1 - t0;
                times[1][i] = t2 - t1;
                times[2][i] = t3 - t2;
                times[3][i] = t4 - t3;
                times[4][i] = t5 - t4;
                times[5][i] = t6 - t5;
            }
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "2^%d, ns per item, min/median:", log2));
            double min = 0;
            double median = 0;
            for (int p = 0; p < 6; p++)
            {
                final long[] sorted = times[p].clone();
                Arrays.sort(sorted);
                line.append(String.format(Locale.ROOT, "  %s %.0f/%.0f", names[p], sorted[0] / (double)B, sorted[n / 2] / (double)B));
                min += sorted[0] / (double)B;
                median += sorted[n / 2] / (double)B;
            }
            System.out.println(line + String.format(Locale.ROOT, "  | sum %.0f/%.0f", min, median));
        }
    }
}
