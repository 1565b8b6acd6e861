package io.surge.replay;

import io.surge.util.Rng;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.file.Path;

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

    /**
     * Starts a snapshot of the whole replay as of now; see {@link PrioritizedReplay#beginSnapshot(Path)}.
     *
     * @param file where the snapshot goes.
     * @return the writer.
     * @throws IOException if the file cannot be created.
     */
    public SnapshotWriter beginSnapshot(final Path file) throws IOException
    {
        if (storage.slots.snapshot != null)
        {
            throw new IllegalStateException("a snapshot is already being written: " + storage.slots.snapshot.target());
        }
        final SnapshotWriter writer = new SnapshotWriter(snapshots, file, SnapshotWriter.DEFAULT_STEP_BYTES);
        snapshots.attach(writer);
        return writer;
    }

    /**
     * Builds a replay from a snapshot written with the same configuration.
     *
     * @param config the configuration.
     * @param file   the snapshot.
     * @return the restored replay.
     * @throws ReplaySnapshotException if the file is truncated, corrupted or does not match.
     */
    public static UniformReplay restore(final ReplayConfig config, final Path file) throws ReplaySnapshotException
    {
        final UniformReplay replay = new UniformReplay(config);
        SnapshotReader.read(file, replay.snapshots);
        return replay;
    }

    private final Snapshottable snapshots = new Snapshottable()
    {
        @Override
        public int snapshotKind()
        {
            return 1;
        }

        @Override
        public long[] fingerprint()
        {
            return storage.fingerprint(0);
        }

        @Override
        public String[] fingerprintNames()
        {
            return TransitionStorage.FINGERPRINT_NAMES;
        }

        @Override
        public SlotStore slotStore()
        {
            return storage.slots;
        }

        @Override
        public PriorityTrees treesOrNull()
        {
            return null;
        }

        @Override
        public int captureMeta(final ExpandableArrayBuffer out)
        {
            final long[] state = new long[4];
            rng.saveState(state, 0);
            for (int i = 0; i < 4; i++)
            {
                out.putLong(8 * i, state[i]);
            }
            return storage.captureMeta(out, 32);
        }

        @Override
        public void restoreMeta(final DirectBuffer in, final int length)
        {
            final long[] state = new long[4];
            for (int i = 0; i < 4; i++)
            {
                state[i] = in.getLong(8 * i);
            }
            rng.restoreState(state, 0);
            storage.restoreMeta(in, 32, length - 32);
        }

        @Override
        public void afterLoad()
        {
        }

        @Override
        public void attach(final SnapshotWriter writer)
        {
            storage.slots.snapshot = writer;
        }

        @Override
        public void detach(final SnapshotWriter writer)
        {
            if (storage.slots.snapshot == writer)
            {
                storage.slots.snapshot = null;
            }
        }
    };

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
