package io.surge.bench.replay;

import io.surge.experience.NStepAdder;
import io.surge.experience.RecordBatch;
import io.surge.experience.TransitionDescriptor;
import io.surge.util.Rng;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A pre-recorded stream of experience batches, as actors would send them: {@code envs}
 * sub-environments (CartPole-sized observations) stepped through an {@link NStepAdder}, episodes of
 * random length, each vector step one batch. Benchmarks cycle through the batches, so generating
 * experience costs nothing inside a measurement.
 */
final class ExperienceStream
{
    final TransitionDescriptor descriptor;
    final UnsafeBuffer buffer;
    final int[] offsets;
    final int[] counts;
    private int next;

    ExperienceStream(final int observationSize, final int envs, final int n, final int batches, final long seed)
    {
        descriptor = new TransitionDescriptor(observationSize, 0);
        final NStepAdder adder = new NStepAdder(descriptor, envs, n, 0.99, 0);
        final int perBatch = envs * adder.maxRecordsPerStep();
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(batches * perBatch * descriptor.recordLength(), 64));
        offsets = new int[batches];
        counts = new int[batches];
        final Rng rng = new Rng(seed);
        final float[] obs = new float[observationSize];
        final int[] t = new int[envs];
        final int[] length = new int[envs];
        for (int e = 0; e < envs; e++)
        {
            length[e] = 10 + rng.nextInt(500);
            adder.begin(e, obs, 0);
        }
        final RecordBatch batch = new RecordBatch(descriptor.recordLength());
        int offset = 0;
        for (int b = 0; b < batches; b++)
        {
            batch.wrap(buffer, offset, perBatch);
            for (int e = 0; e < envs; e++)
            {
                for (int i = 0; i < observationSize; i++)
                {
                    obs[i] = (float)rng.nextGaussian();
                }
                t[e]++;
                final boolean end = t[e] == length[e];
                adder.values(e, rng.nextDouble(), rng.nextDouble());
                adder.step(e, rng.nextInt(2), 1f, end && rng.nextBoolean(), end, obs, 0, batch);
                if (end)
                {
                    t[e] = 0;
                    length[e] = 10 + rng.nextInt(500);
                    adder.begin(e, obs, 0);
                }
            }
            offsets[b] = offset;
            counts[b] = batch.count();
            offset += batch.count() * descriptor.recordLength();
        }
    }

    /** Index of the next batch, cycling. */
    int nextBatch()
    {
        final int b = next;
        next = next + 1 == offsets.length ? 0 : next + 1;
        return b;
    }
}
