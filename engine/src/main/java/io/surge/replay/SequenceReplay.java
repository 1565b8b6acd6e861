package io.surge.replay;

import io.surge.experience.SequenceAdder;
import io.surge.experience.SequenceDescriptor;
import io.surge.util.Rng;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.UnsafeApi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prioritized replay of R2D2 sequences ({@link SequenceDescriptor} records from a
 * {@link SequenceAdder}): FIFO storage of whole sequences off-heap, their priorities with sums and
 * minima ({@link PriorityTrees}), stratified sampling and importance weights as in
 * {@link PrioritizedReplay}. A sequence's priority is {@code (η max|δ| + (1 - η) mean|δ| + ε)^α} over its trained steps; the
 * learner sends either the mixed value ({@link #updatePriorities}) or its per-step TD errors
 * ({@link #updateFromTdErrors}).
 *
 * <p>Overlapping sequences (period &lt; L) store their shared steps once per sequence; the memory
 * this takes is part of {@link SequenceReplayConfig#requiredBytes()}.
 *
 * <p>Threading: single owner thread. Memory: allocated at construction; nothing per operation
 * after the work arrays reached the largest batch.
 */
public final class SequenceReplay
{
    final SequenceReplayConfig config;
    final SequenceDescriptor layout;
    final SlotStore store;
    final PriorityTrees trees;
    final Rng rng;
    long sampleCalls;
    long sampled;
    long evictions;
    long priorityUpdates;
    long staleUpdates;
    long invalidPriorities;
    long rejectedBatches;
    private int[] treeSlots = new int[64];
    private double[] treeValues = new double[64];

    /**
     * Allocates storage and trees after checking the memory.
     *
     * @param config the configuration.
     * @throws IllegalArgumentException if the replay needs more memory than allowed.
     */
    public SequenceReplay(final SequenceReplayConfig config)
    {
        ReplayConfig.checkBudget(config.requiredBytes(), config.memoryBudgetBytes(), config.describeMemory());
        this.config = config;
        this.layout = config.layout();
        this.store = new SlotStore(config.capacity(), layout.recordLength());
        this.trees = new PriorityTrees(ReplayConfig.treeCapacityFor(config.capacity()));
        this.trees.resetMax(1.0);
        this.rng = new Rng(config.seed());
    }

    /**
     * The configuration.
     *
     * @return the configuration.
     */
    public SequenceReplayConfig config()
    {
        return config;
    }

    /**
     * Stores {@code count} sequence records laid out back to back; a batch with an invalid record
     * (negative stream id, valid steps outside {@code [1, L]}) is refused whole.
     *
     * @param buffer the batch.
     * @param offset its first record.
     * @param count  records.
     * @return records stored, or {@link Replay#INSERT_REJECTED}.
     */
    public int insert(final DirectBuffer buffer, final int offset, final int count)
    {
        final int recordLength = layout.recordLength();
        if (count < 0 || offset < 0 || (long)offset + (long)count * recordLength > buffer.capacity())
        {
            rejectedBatches++;
            return Replay.INSERT_REJECTED;
        }
        for (int r = 0; r < count; r++)
        {
            final int at = offset + r * recordLength;
            final int valid = buffer.getShort(at + SequenceDescriptor.VALID_STEPS_OFFSET);
            if (buffer.getInt(at + SequenceDescriptor.STREAM_ID_OFFSET) < 0 || valid < 1 || valid > layout.length())
            {
                rejectedBatches++;
                return Replay.INSERT_REJECTED;
            }
        }
        ensureTreeWork(count);
        double runningMax = trees.maxValue();
        for (int r = 0; r < count; r++)
        {
            final int at = offset + r * recordLength;
            if (store.full())
            {
                evictions++;
            }
            store.preserve(store.head);
            final int slot = store.advance();
            buffer.getBytes(at, store.chunkOf(slot), store.offsetInChunk(slot), recordLength);
            final float initial = buffer.getFloat(at + SequenceDescriptor.PRIORITY_OFFSET);
            final double p;
            if (initial >= 0.0f && initial < Float.POSITIVE_INFINITY)
            {
                p = priority(initial);
                runningMax = Math.max(runningMax, p);
            }
            else
            {
                p = runningMax;
            }
            treeSlots[r] = slot;
            treeValues[r] = p;
        }
        trees.setBatch(treeSlots, treeValues, count);
        return count;
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
        if (store.snapshot != null)
        {
            throw new IllegalStateException("a snapshot is already being written: " + store.snapshot.target());
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
    public static SequenceReplay restore(final SequenceReplayConfig config, final Path file) throws ReplaySnapshotException
    {
        final SequenceReplay replay = new SequenceReplay(config);
        SnapshotReader.read(file, replay.snapshots);
        return replay;
    }

    private final Snapshottable snapshots = new Snapshottable()
    {
        @Override
        public int snapshotKind()
        {
            return 3;
        }

        @Override
        public long[] fingerprint()
        {
            return new long[] {store.capacity, layout.recordLength(), layout.observationSize(), layout.actionSize(),
                layout.stateSize(), layout.burnIn(), layout.trainLength(), Double.doubleToLongBits(config.alpha()),
                Double.doubleToLongBits(config.epsilon()), Double.doubleToLongBits(config.eta()),
                Double.doubleToLongBits(config.beta().start()), Double.doubleToLongBits(config.beta().end()),
                config.beta().steps()};
        }

        @Override
        public String[] fingerprintNames()
        {
            return new String[] {"capacity", "record length", "observationSize", "actionSize", "stateSize", "burnIn",
                "trainLength", "alpha (bits)", "epsilon (bits)", "eta (bits)", "beta start (bits)", "beta end (bits)",
                "beta steps"};
        }

        @Override
        public SlotStore slotStore()
        {
            return store;
        }

        @Override
        public PriorityTrees treesOrNull()
        {
            return trees;
        }

        @Override
        public int captureMeta(final ExpandableArrayBuffer out)
        {
            final long[] state = new long[4];
            rng.saveState(state, 0);
            int at = 0;
            for (final long value : new long[] {state[0], state[1], state[2], state[3], store.inserts, sampleCalls, sampled,
                evictions, priorityUpdates, staleUpdates, rejectedBatches, invalidPriorities})
            {
                out.putLong(at, value);
                at += 8;
            }
            out.putDouble(at, trees.maxValue());
            return at + 8;
        }

        @Override
        public void restoreMeta(final DirectBuffer in, final int length)
        {
            if (length < 104)
            {
                throw new IllegalArgumentException("meta section of " + length + " bytes, 104 expected");
            }
            final long[] state = {in.getLong(0), in.getLong(8), in.getLong(16), in.getLong(24)};
            rng.restoreState(state, 0);
            final long inserts = in.getLong(32);
            if (inserts < 0)
            {
                throw new IllegalArgumentException("negative insert count");
            }
            store.restoreCursor(inserts);
            sampleCalls = in.getLong(40);
            sampled = in.getLong(48);
            evictions = in.getLong(56);
            priorityUpdates = in.getLong(64);
            staleUpdates = in.getLong(72);
            rejectedBatches = in.getLong(80);
            invalidPriorities = in.getLong(88);
            trees.resetMax(in.getDouble(96));
        }

        @Override
        public void afterLoad()
        {
            trees.rebuild();
        }

        @Override
        public void attach(final SnapshotWriter writer)
        {
            store.snapshot = writer;
            trees.snapshot = writer;
        }

        @Override
        public void detach(final SnapshotWriter writer)
        {
            if (store.snapshot == writer)
            {
                store.snapshot = null;
                trees.snapshot = null;
            }
        }
    };

    /**
     * The priority of a mixed |δ|: {@code (mixed + ε)^α}.
     *
     * @param mixed η max|δ| + (1 - η) mean|δ|.
     * @return the priority.
     */
    public double priority(final double mixed)
    {
        final double base = Math.abs(mixed) + config.epsilon();
        return config.alpha() == 1.0 ? base : Math.pow(base, config.alpha());
    }

    /**
     * Samples a batch of {@code count} sequences, β from the schedule.
     *
     * @param batch the batch.
     * @param count rows.
     * @return true if sampled; false when the replay is empty ("not now").
     */
    public boolean sample(final SequenceBatch batch, final int count)
    {
        if (count < 1 || count > batch.capacity())
        {
            throw new IllegalArgumentException("count " + count + " outside [1, " + batch.capacity() + "]");
        }
        final double total = trees.sampleStratified(rng, count, batch.prefixes, batch.slots, batch.priorities);
        if (total == 0.0)
        {
            batch.size(0);
            return false;
        }
        final double b = config.beta().valueAt(sampleCalls++);
        final long n = store.size();
        PrioritizedReplay.importanceWeights(batch.priorities, batch.weights, 0, count, trees.min(), total, n, b);
        gather(batch, count);
        batch.size(count);
        sampled += count;
        return true;
    }

    private void gather(final SequenceBatch batch, final int count)
    {
        final int length = layout.length();
        final long obsBytes = 4L * (length + 1) * layout.observationSize();
        final int actionWidth = Math.max(1, layout.actionSize());
        final long actionBytes = 4L * length * actionWidth;
        final long stepBytes = 4L * length;
        final long stateBytes = 4L * layout.stateSize();
        for (int i = 0; i < count; i++)
        {
            final int slot = batch.slots[i];
            final long at = store.address(slot);
            batch.ids[i] = store.idOf(slot);
            batch.flags[i] = UnsafeApi.getShort(null, at + SequenceDescriptor.FLAGS_OFFSET);
            batch.validSteps[i] = UnsafeApi.getShort(null, at + SequenceDescriptor.VALID_STEPS_OFFSET);
            if (stateBytes > 0)
            {
                SlotStore.copyFloats(at + SequenceDescriptor.STATE_OFFSET, batch.states, i * layout.stateSize(), stateBytes);
            }
            SlotStore.copyFloats(at + layout.observationsOffset(), batch.observations,
                i * (length + 1) * layout.observationSize(), obsBytes);
            if (layout.discrete())
            {
                SlotStore.copyInts(at + layout.actionsOffset(), batch.actions, i * length, actionBytes);
            }
            else
            {
                SlotStore.copyFloats(at + layout.actionsOffset(), batch.continuousActions, i * length * actionWidth, actionBytes);
            }
            SlotStore.copyFloats(at + layout.rewardsOffset(), batch.rewards, i * length, stepBytes);
            SlotStore.copyFloats(at + layout.discountsOffset(), batch.discounts, i * length, stepBytes);
        }
    }

    /**
     * Sets priorities from mixed |δ| values ({@code η max + (1 - η) mean}, see
     * {@link SequenceAdder#mixedPriority}); ids evicted since they were sampled are ignored and
     * counted.
     *
     * @param ids   ids from a {@link SequenceBatch}.
     * @param mixed the mixed |δ| per id.
     * @param count how many.
     * @return updates applied.
     */
    public int updatePriorities(final long[] ids, final float[] mixed, final int count)
    {
        ensureTreeWork(count);
        int applied = 0;
        for (int i = 0; i < count; i++)
        {
            final long id = ids[i];
            if (!store.isLive(id))
            {
                staleUpdates++;
                continue;
            }
            if (!Float.isFinite(mixed[i]))
            {
                invalidPriorities++;
                continue;
            }
            treeSlots[applied] = store.slotOf(id);
            treeValues[applied] = priority(mixed[i]);
            applied++;
        }
        trees.setBatch(treeSlots, treeValues, applied);
        priorityUpdates += applied;
        return applied;
    }

    /**
     * Sets priorities from per-step TD errors: row {@code i}'s errors are
     * {@code tdErrors[i * stride .. i * stride + counts[i])}, mixed with the configured η.
     *
     * @param ids      ids from a {@link SequenceBatch}.
     * @param tdErrors per-step TD errors.
     * @param stride   elements between rows.
     * @param counts   errors per row, at least 1 each.
     * @param count    rows.
     * @return updates applied.
     */
    public int updateFromTdErrors(final long[] ids, final float[] tdErrors, final int stride, final int[] counts, final int count)
    {
        ensureTreeWork(count);
        int applied = 0;
        for (int i = 0; i < count; i++)
        {
            final long id = ids[i];
            if (!store.isLive(id))
            {
                staleUpdates++;
                continue;
            }
            final double mixedError = SequenceAdder.mixedPriority(tdErrors, i * stride, counts[i], config.eta());
            if (!Double.isFinite(mixedError))
            {
                invalidPriorities++;
                continue;
            }
            treeSlots[applied] = store.slotOf(id);
            treeValues[applied] = priority(mixedError);
            applied++;
        }
        trees.setBatch(treeSlots, treeValues, applied);
        priorityUpdates += applied;
        return applied;
    }

    private void ensureTreeWork(final int count)
    {
        if (treeSlots.length < count)
        {
            treeSlots = new int[count];
            treeValues = new double[count];
        }
    }

    /**
     * The largest priority set so far (new sequences without an initial priority get it).
     *
     * @return the running maximum, at least 1.
     */
    public double maxPriority()
    {
        return trees.maxValue();
    }

    /**
     * A slot's priority.
     *
     * @param slot the slot.
     * @return p, 0 if empty.
     */
    public double priorityOfSlot(final int slot)
    {
        return trees.get(slot);
    }

    /**
     * Sequences stored.
     *
     * @return the size.
     */
    public long size()
    {
        return store.size();
    }

    /**
     * Sequences the replay holds.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return store.capacity;
    }

    /**
     * Sequences stored since construction.
     *
     * @return the count.
     */
    public long inserts()
    {
        return store.inserts;
    }

    /**
     * Sequences overwritten.
     *
     * @return the count.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * Rows sampled.
     *
     * @return the count.
     */
    public long sampled()
    {
        return sampled;
    }

    /**
     * Priority updates applied.
     *
     * @return the count.
     */
    public long priorityUpdates()
    {
        return priorityUpdates;
    }

    /**
     * Priority updates ignored because the sequence was overwritten.
     *
     * @return the count.
     */
    public long staleUpdates()
    {
        return staleUpdates;
    }

    /**
     * Priority updates ignored because the error was NaN or infinite.
     *
     * @return the count.
     */
    public long invalidPriorities()
    {
        return invalidPriorities;
    }

    /**
     * Batches refused whole.
     *
     * @return the count.
     */
    public long rejectedBatches()
    {
        return rejectedBatches;
    }
}
