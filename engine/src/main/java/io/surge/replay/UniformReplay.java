package io.surge.replay;

import io.surge.util.Rng;
import org.agrona.DirectBuffer;

/**
 * Uniform replay of n-step transitions (DQN, GORILA, QT-Opt): every sampleable transition is
 * equally likely; importance weights are 1 and priority updates are ignored.
 *
 * <p>Sampling draws slots uniformly and redraws those that cannot be sampled (a transition still
 * waiting for its bootstrap observation, or a final-observation record); that keeps the draw
 * exactly uniform over sampleable transitions. If {@code 32 * count + 1024} draws find no batch
 * (nearly nothing sampleable yet), {@link #sampleRows} answers 0: "not now".
 *
 * <p>Threading: single owner thread, not thread-safe. Memory: the storage is allocated at
 * construction ({@link ReplayConfig#requiredBytes(ReplayKind)}); nothing per operation.
 */
public final class UniformReplay implements Replay
{
    final TransitionStorage storage;
    final Rng rng;

    /**
     * Allocates the storage after checking the memory the configuration needs.
     *
     * @param config the configuration (α, β and ε are not used).
     * @throws IllegalArgumentException if the replay needs more memory than allowed.
     */
    public UniformReplay(final ReplayConfig config)
    {
        config.checkMemory(ReplayKind.UNIFORM);
        this.storage = new TransitionStorage(config);
        this.rng = new Rng(config.seed());
    }

    /**
     * The configuration.
     *
     * @return the configuration.
     */
    public ReplayConfig config()
    {
        return storage.config;
    }

    @Override
    public int insert(final DirectBuffer buffer, final int offset, final int count)
    {
        return storage.insert(buffer, offset, count);
    }

    @Override
    public int sampleRows(final SampleBatch batch, final int from, final int count)
    {
        batch.checkRows(from, count);
        if (storage.sampleable == 0)
        {
            return 0;
        }
        final int size = (int)storage.size();
        final int[] slots = batch.slots;
        long budget = 32L * count + 1024;
        for (int i = 0; i < count; i++)
        {
            int slot = rng.nextInt(size);
            while (storage.state(slot) != TransitionStorage.STATE_LINKED)
            {
                if (--budget < 0)
                {
                    return 0;
                }
                slot = rng.nextInt(size);
            }
            slots[i] = slot;
        }
        storage.gather(batch, from, count);
        final float[] weights = batch.weights;
        for (int i = 0; i < count; i++)
        {
            weights[from + i] = 1.0f;
        }
        return count;
    }

    @Override
    public int updatePriorities(final long[] ids, final float[] tdErrors, final int count)
    {
        return 0;
    }

    @Override
    public long size()
    {
        return storage.size();
    }

    @Override
    public long sampleableCount()
    {
        return storage.sampleable;
    }

    @Override
    public int capacity()
    {
        return storage.capacity;
    }

    @Override
    public ReplayStats stats()
    {
        return storage;
    }
}
