package io.surge.replay;

import io.surge.util.Rng;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Proportional prioritized replay (Schaul et al. 2016) of n-step transitions, as used by Ape-X:
 * <ul>
 *   <li>priority {@code p_i = (|δ_i| + ε)^α}; a new transition takes the |δ| its actor computed,
 *   or, when that is negative, the largest priority set so far (starting at 1);</li>
 *   <li>stratified sampling: the total priority is cut into B equal strata and one transition is
 *   drawn from each, so {@code P(i) = p_i / Σ p};</li>
 *   <li>importance weights {@code w_i = (N·P(i))^-β / max_j (N·P(j))^-β}, N the number of
 *   sampleable transitions and the maximum taken over all of them (from the smallest priority,
 *   which {@link PriorityTrees} keeps), β annealed per sampled batch by {@link ReplayConfig#beta()};</li>
 *   <li>priority updates in batches by id; an id whose transition was evicted since it was sampled
 *   is ignored and counted.</li>
 * </ul>
 * Unlike OpenAI baselines' {@code PrioritizedReplayBuffer}, whose strata cover
 * {@code sum(0, len - 1)} (the end is exclusive, so the newest slot is left out of the sampling
 * mass), the strata here cover the whole total.
 *
 * <p>Threading: single owner thread, not thread-safe. Memory: storage and trees are allocated at
 * construction; insert, sample and update allocate nothing once their work arrays have grown to the
 * largest batch seen.
 */
public final class PrioritizedReplay implements Replay
{
    final TransitionStorage storage;
    final PriorityTrees trees;
    final Rng rng;
    private final double alpha;
    private final double epsilon;
    private final LinearSchedule beta;
    long sampleCalls;
    private int[] treeSlots = new int[64];
    private double[] treeValues = new double[64];

    /**
     * Allocates storage and trees after checking the memory the configuration needs.
     *
     * @param config the configuration.
     * @throws IllegalArgumentException if the replay needs more memory than allowed.
     */
    public PrioritizedReplay(final ReplayConfig config)
    {
        config.checkMemory(ReplayKind.PRIORITIZED);
        this.storage = new TransitionStorage(config);
        this.trees = new PriorityTrees(config.treeCapacity());
        this.trees.resetMax(1.0);
        this.rng = new Rng(config.seed());
        this.alpha = config.alpha();
        this.epsilon = config.epsilon();
        this.beta = config.beta();
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
     * Starts a snapshot of the whole replay (storage, trees, cursors, stream table, RNG) as of now;
     * call {@link SnapshotWriter#doWork()} from the duty cycle until it is done. Inserts, samples
     * and updates go on meanwhile (see {@link SnapshotWriter} for how).
     *
     * @param file where the snapshot goes (written as {@code file.tmp}, renamed when complete).
     * @return the writer.
     * @throws IOException           if the file cannot be created.
     * @throws IllegalStateException if a snapshot is already running.
     */
    public SnapshotWriter beginSnapshot(final Path file) throws IOException
    {
        return beginSnapshot(file, SnapshotWriter.DEFAULT_STEP_BYTES);
    }

    /**
     * {@link #beginSnapshot(Path)} writing about {@code stepBytes} of storage per {@code doWork}.
     *
     * @param file      where the snapshot goes.
     * @param stepBytes bytes of slots per step.
     * @return the writer.
     * @throws IOException if the file cannot be created.
     */
    public SnapshotWriter beginSnapshot(final Path file, final int stepBytes) throws IOException
    {
        if (storage.slots.snapshot != null)
        {
            throw new IllegalStateException("a snapshot is already being written: " + storage.slots.snapshot.target());
        }
        final SnapshotWriter writer = new SnapshotWriter(snapshots, file, stepBytes);
        snapshots.attach(writer);
        return writer;
    }

    /**
     * Builds a replay from a snapshot. The configuration must be the one the snapshot was written
     * with (the memory budget and seed aside); everything is checked before the replay is returned.
     *
     * @param config the configuration.
     * @param file   the snapshot.
     * @return the restored replay: it samples exactly what the snapshotted one would have.
     * @throws ReplaySnapshotException if the file is truncated, corrupted or does not match.
     */
    public static PrioritizedReplay restore(final ReplayConfig config, final Path file) throws ReplaySnapshotException
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config);
        SnapshotReader.read(file, replay.snapshots);
        return replay;
    }

    private final Snapshots snapshots = new Snapshots();

    private final class Snapshots implements Snapshottable
    {
        @Override
        public int snapshotKind()
        {
            return 2;
        }

        @Override
        public long[] fingerprint()
        {
            return storage.fingerprint(trees.capacity());
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
            return trees;
        }

        @Override
        public int captureMeta(final ExpandableArrayBuffer out)
        {
            final long[] state = new long[4];
            rng.saveState(state, 0);
            int at = 0;
            for (final long value : state)
            {
                out.putLong(at, value);
                at += 8;
            }
            out.putLong(at, sampleCalls);
            out.putDouble(at + 8, trees.maxValue());
            return storage.captureMeta(out, at + 16);
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
            sampleCalls = in.getLong(32);
            trees.resetMax(in.getDouble(40));
            storage.restoreMeta(in, 48, length - 48);
        }

        @Override
        public void afterLoad()
        {
            trees.rebuild();
        }

        @Override
        public void attach(final SnapshotWriter writer)
        {
            storage.slots.snapshot = writer;
            trees.snapshot = writer;
        }

        @Override
        public void detach(final SnapshotWriter writer)
        {
            if (storage.slots.snapshot == writer)
            {
                storage.slots.snapshot = null;
                trees.snapshot = null;
            }
        }
    }

    @Override
    public int insert(final DirectBuffer buffer, final int offset, final int count)
    {
        final int stored = storage.insert(buffer, offset, count);
        final int events = storage.eventCount;
        if (events > 0)
        {
            ensureTreeWork(events);
            final int[] eventSlots = storage.eventSlots;
            final double[] eventValues = storage.eventValues;
            double runningMax = trees.maxValue();
            for (int e = 0; e < events; e++)
            {
                final double value = eventValues[e];
                final double p;
                if (value == TransitionStorage.REMOVE)
                {
                    p = 0.0;
                }
                else if (value == TransitionStorage.USE_MAX_PRIORITY)
                {
                    p = runningMax;
                }
                else
                {
                    p = priority(value);
                    runningMax = Math.max(runningMax, p);
                }
                treeSlots[e] = eventSlots[e];
                treeValues[e] = p;
            }
            trees.setBatch(treeSlots, treeValues, events);
        }
        return stored;
    }

    /**
     * The priority of an absolute TD error: {@code (|δ| + ε)^α}.
     *
     * @param tdError the TD error (its sign is ignored).
     * @return the priority.
     */
    public double priority(final double tdError)
    {
        final double base = Math.abs(tdError) + epsilon;
        if (alpha == 1.0)
        {
            return base;
        }
        return alpha == 0.0 ? 1.0 : Math.pow(base, alpha);
    }

    @Override
    public int sampleRows(final SampleBatch batch, final int from, final int count)
    {
        return sampleRowsScheduled(batch, from, count);
    }

    /**
     * {@link #sampleRows(SampleBatch, int, int)} with the strata's uniforms drawn from another
     * generator (one {@code nextDouble()} per stratum, in stratum order) and an explicit β instead of
     * the schedule's; the schedule does not advance. Conformance tests replay recorded uniforms this
     * way.
     *
     * @param batch    the batch.
     * @param from     first row.
     * @param count    rows.
     * @param uniforms the source of the uniforms.
     * @param beta     β for this batch.
     * @return {@code count}, or 0 when nothing is sampleable.
     */
    public int sampleRows(final SampleBatch batch, final int from, final int count, final RandomGenerator uniforms,
        final double beta)
    {
        return sample(batch, from, count, uniforms, beta);
    }

    private int sampleRowsScheduled(final SampleBatch batch, final int from, final int count)
    {
        if (trees.total() == 0.0)
        {
            batch.checkRows(from, count);
            return 0;
        }
        return sample(batch, from, count, rng, beta.valueAt(sampleCalls++));
    }

    private int sample(final SampleBatch batch, final int from, final int count, final RandomGenerator uniforms, final double b)
    {
        batch.checkRows(from, count);
        final double total = trees.sampleStratified(uniforms, count, batch.prefixes, batch.slots, batch.priorities);
        if (total == 0.0)
        {
            return 0;
        }
        importanceWeights(batch.priorities, batch.weights, from, count, trees.min(), total, storage.sampleable, b);
        storage.gather(batch, from, count);
        return count;
    }

    /**
     * The importance weight of one item, in the order of operations baselines uses:
     * {@code ((p / total) * n)^-β / ((pMin / total) * n)^-β}.
     *
     * @param priority    the item's priority p_i.
     * @param minPriority the smallest priority among sampleable items.
     * @param total       the sum of priorities.
     * @param n           the number of sampleable items.
     * @param beta        β.
     * @return the weight, at most 1.
     */
    public static double importanceWeight(final double priority, final double minPriority, final double total, final long n,
        final double beta)
    {
        final double maxWeight = Math.pow((minPriority / total) * n, -beta);
        return Math.pow((priority / total) * n, -beta) / maxWeight;
    }

    /**
     * The importance weights of sampled rows, each exactly {@code (float)} of
     * {@link #importanceWeight} (computed through {@link FloatPow}, faster than {@code Math.pow});
     * all 1 when β is 0.
     *
     * @param priorities  the rows' priorities, from index 0.
     * @param weights     receives the weights from index {@code from}.
     * @param from        first row of {@code weights}.
     * @param count       rows.
     * @param minPriority the smallest priority among sampleable items.
     * @param total       the sum of priorities.
     * @param n           the number of sampleable items.
     * @param beta        β.
     */
    static void importanceWeights(final double[] priorities, final float[] weights, final int from, final int count,
        final double minPriority, final double total, final long n, final double beta)
    {
        if (beta == 0.0)
        {
            Arrays.fill(weights, from, from + count, 1.0f);
            return;
        }
        final double maxWeight = Math.pow((minPriority / total) * n, -beta);
        for (int i = 0; i < count; i++)
        {
            weights[from + i] = FloatPow.quotient((priorities[i] / total) * n, -beta, maxWeight);
        }
    }

    @Override
    public int updatePriorities(final long[] ids, final float[] tdErrors, final int count)
    {
        ensureTreeWork(count);
        int applied = 0;
        for (int i = 0; i < count; i++)
        {
            final int slot = updatableSlot(ids[i]);
            if (slot >= 0 && validError(tdErrors[i]))
            {
                treeSlots[applied] = slot;
                treeValues[applied] = priority(tdErrors[i]);
                applied++;
            }
        }
        return apply(applied);
    }

    private boolean validError(final double tdError)
    {
        if (Double.isFinite(tdError))
        {
            return true;
        }
        storage.invalidPriorities++;
        return false;
    }

    /**
     * {@link #updatePriorities(long[], float[], int)} from double-precision |δ|.
     *
     * @param ids      ids from a {@link SampleBatch}.
     * @param tdErrors |δ| per id.
     * @param count    how many.
     * @return updates applied.
     */
    public int updatePriorities(final long[] ids, final double[] tdErrors, final int count)
    {
        ensureTreeWork(count);
        int applied = 0;
        for (int i = 0; i < count; i++)
        {
            final int slot = updatableSlot(ids[i]);
            if (slot >= 0 && validError(tdErrors[i]))
            {
                treeSlots[applied] = slot;
                treeValues[applied] = priority(tdErrors[i]);
                applied++;
            }
        }
        return apply(applied);
    }

    private int updatableSlot(final long id)
    {
        if (!storage.isLive(id))
        {
            storage.staleUpdates++; // overwritten since it was sampled
            return -1;
        }
        final int slot = storage.slotOf(id);
        if (!(trees.get(slot) > 0.0))
        {
            storage.staleUpdates++; // not sampleable: not an id a sample gave out
            return -1;
        }
        return slot;
    }

    private int apply(final int applied)
    {
        trees.setBatch(treeSlots, treeValues, applied);
        storage.priorityUpdates += applied;
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
     * The id of the record now in a storage slot (for tests and tools).
     *
     * @param slot the slot, in {@code [0, size())}.
     * @return its id.
     */
    public long idOfSlot(final int slot)
    {
        if (slot < 0 || slot >= storage.size())
        {
            throw new IndexOutOfBoundsException("slot " + slot + " outside [0, " + storage.size() + ")");
        }
        return storage.idOf(slot);
    }

    /**
     * A slot's priority p_i (0 if it cannot be sampled).
     *
     * @param slot the slot.
     * @return the priority.
     */
    public double priorityOfSlot(final int slot)
    {
        return trees.get(slot);
    }

    /**
     * The sum of all priorities.
     *
     * @return the total.
     */
    public double totalPriority()
    {
        return trees.total();
    }

    /**
     * The smallest priority among sampleable transitions.
     *
     * @return the minimum, {@code +infinity} when none.
     */
    public double minPriority()
    {
        return trees.min();
    }

    /**
     * The largest priority set so far (new transitions without an initial |δ| get it).
     *
     * @return the running maximum, at least 1.
     */
    public double maxPriority()
    {
        return trees.maxValue();
    }

    /**
     * β for the next sampled batch.
     *
     * @return β.
     */
    public double currentBeta()
    {
        return beta.valueAt(sampleCalls);
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
