package io.surge.replay;

import io.surge.experience.NStepAdder;
import io.surge.experience.RecordBatch;
import io.surge.experience.TransitionDescriptor;
import io.surge.util.Rng;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A fake vector env feeding an {@link NStepAdder}: observation = (stream, episode, t, 0...),
 * reward r_t = t + 1, episodes of random length ending by termination or truncation at random. So a
 * sampled row says where it came from, and its next observation and return can be checked.
 */
final class Feeder
{
    final TransitionDescriptor descriptor;
    final NStepAdder adder;
    final int envs;
    final int firstStream;
    final double gamma;
    final int n;
    final Rng rng;
    final UnsafeBuffer buffer;
    final RecordBatch batch;
    final float[] obs;
    final int[] t;
    final int[] episode;
    final int[] length;
    final int maxLength;
    double truncateProbability = 0.5;

    Feeder(final int observationSize, final int envs, final int firstStream, final int n, final double gamma, final int maxLength,
        final long seed)
    {
        this.descriptor = new TransitionDescriptor(observationSize, 0);
        this.envs = envs;
        this.firstStream = firstStream;
        this.n = n;
        this.gamma = gamma;
        this.maxLength = maxLength;
        this.adder = new NStepAdder(descriptor, envs, n, gamma, firstStream);
        this.rng = new Rng(seed);
        final int capacity = envs * (n + 1);
        this.buffer = new UnsafeBuffer(new byte[capacity * descriptor.recordLength()]);
        this.batch = new RecordBatch(descriptor.recordLength()).wrap(buffer, 0, capacity);
        this.obs = new float[observationSize];
        this.t = new int[envs];
        this.episode = new int[envs];
        this.length = new int[envs];
        for (int e = 0; e < envs; e++)
        {
            startEpisode(e);
        }
    }

    private void startEpisode(final int e)
    {
        t[e] = 0;
        length[e] = 1 + rng.nextInt(maxLength);
        adder.begin(e, observation(e), 0);
    }

    float[] observation(final int e)
    {
        java.util.Arrays.fill(obs, 0f);
        obs[0] = firstStream + e;
        if (obs.length > 1)
        {
            obs[1] = episode[e];
        }
        if (obs.length > 2)
        {
            obs[2] = t[e];
        }
        return obs;
    }

    /** One step of every env; the records are in {@link #batch} (reset first). */
    void step()
    {
        batch.reset();
        for (int e = 0; e < envs; e++)
        {
            final float reward = t[e] + 1;
            t[e]++;
            final boolean end = t[e] == length[e];
            final boolean truncated = end && rng.nextDouble() < truncateProbability;
            adder.values(e, rng.nextDouble(), rng.nextDouble());
            adder.step(e, t[e] - 1, reward, end && !truncated, truncated, observation(e), 0, batch);
            if (end)
            {
                episode[e]++;
                startEpisode(e);
            }
        }
    }

    /** Steps and inserts until {@code steps} vector steps were made. */
    void feed(final Replay replay, final int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            step();
            final int stored = replay.insert(buffer, 0, batch.count());
            if (stored != batch.count())
            {
                throw new IllegalStateException("stored " + stored + " of " + batch.count());
            }
        }
    }

    /** Checks one sampled row against the fake env's rules. */
    void checkRow(final SampleBatch sample, final int row)
    {
        final int size = descriptor.observationSize();
        final float stream = sample.observations[row * size];
        final float ep = sample.observations[row * size + 1];
        final float time = sample.observations[row * size + 2];
        if (stream < firstStream || stream >= firstStream + envs)
        {
            throw new AssertionError("row " + row + ": stream " + stream);
        }
        if (sample.actions[row] != (int)time)
        {
            throw new AssertionError("row " + row + ": action " + sample.actions[row] + " at t " + time);
        }
        final float discount = sample.bootstrapDiscounts[row];
        if (discount == 0f)
        {
            for (int j = 0; j < size; j++)
            {
                if (sample.nextObservations[row * size + j] != 0f)
                {
                    throw new AssertionError("row " + row + ": terminal transition with a next observation");
                }
            }
            return;
        }
        final float nextStream = sample.nextObservations[row * size];
        final float nextEpisode = sample.nextObservations[row * size + 1];
        final int k = (int)(sample.nextObservations[row * size + 2] - time);
        if (nextStream != stream || nextEpisode != ep || k < 1 || k > n)
        {
            throw new AssertionError("row " + row + ": (" + stream + "," + ep + "," + time + ") links to (" + nextStream + "," +
                nextEpisode + "," + sample.nextObservations[row * size + 2] + ")");
        }
        if (discount != (float)Math.pow(gamma, k) && Math.abs(discount - Math.pow(gamma, k)) > 1e-6)
        {
            throw new AssertionError("row " + row + ": discount " + discount + " for k " + k);
        }
        double g = 0;
        for (int j = k - 1; j >= 0; j--)
        {
            g = (time + j + 1) + gamma * g;
        }
        if (Math.abs(sample.returns[row] - g) > 1e-5 * Math.max(1, g))
        {
            throw new AssertionError("row " + row + ": return " + sample.returns[row] + ", expected " + g);
        }
    }
}
