package io.surge.replay;

import io.surge.experience.TransitionDescriptor;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap ring of experience records with FIFO eviction, and the per-stream bookkeeping that links
 * each transition to the later record holding its bootstrap observation.
 *
 * <h2>Slot layout</h2>
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  state (int32): 0 empty, 1 pending, 2 linked, 3 final obs.   |  0
 *  +---------------------------------------------------------------+
 *  |  bootstrap slot (int32): slot of s_{t+k}, -1 if none          |  4
 *  +---------------------------------------------------------------+
 *  |  the experience record, as inserted (TransitionDescriptor)    |  8
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * Slots live in a {@link SlotStore} (chunks of at most 1 GiB).
 *
 * <h2>Linking</h2>
 * Each stream (sub-environment) has a row: the position of its next record in the episode and a
 * FIFO of at most n pending transitions (id, slot, target position = position + k). When a
 * record arrives at position p, the pending transitions whose target is p are linked to its slot
 * and become sampleable; a transition with k = 0 is sampleable at once. A pending transition whose
 * slot was overwritten first, or whose stream starts a new episode first, is dropped and counted
 * (orphaned). A bootstrap record is always newer than its transition, so FIFO eviction never
 * removes it while the transition lives. Rows are kept across episodes; when all are taken, a row
 * without pending transitions is reclaimed (its position only matters while something is pending).
 *
 * <h2>Events</h2>
 * {@link #insert} lists what changed for a sampler: evicted sampleable slots ({@link #REMOVE}) and
 * newly sampleable slots with their initial |TD error| (or {@link #USE_MAX_PRIORITY}), in order.
 *
 * <p>Threading: single owner thread. Memory: all allocated at construction, except the event
 * arrays, which grow on the first larger batch.
 */
final class TransitionStorage implements ReplayStats
{
    static final int STATE_EMPTY = 0;
    static final int STATE_PENDING = 1;
    static final int STATE_LINKED = 2;
    static final int STATE_FINAL = 3;
    static final int STATE_OFFSET = 0;
    static final int LINK_OFFSET = 4;
    static final int RECORD_OFFSET = ReplayConfig.SLOT_HEADER_BYTES;

    /** Event value: the slot can no longer be sampled. */
    static final double REMOVE = Double.NEGATIVE_INFINITY;
    /** Event value: the slot became sampleable and takes the running max priority. */
    static final double USE_MAX_PRIORITY = -1.0;

    private static final short KNOWN_FLAGS = TransitionDescriptor.FLAG_FIRST | TransitionDescriptor.FLAG_TERMINATED |
        TransitionDescriptor.FLAG_TRUNCATED | TransitionDescriptor.FLAG_FINAL_OBSERVATION;

    final ReplayConfig config;
    final TransitionDescriptor descriptor;
    final int capacity;
    final int slotLength;
    final int recordLength;
    final int nStep;
    final int observationSize;
    final int actionSize;
    final int observationOffset;

    final SlotStore slots;
    long sampleable;

    long evictions;
    long sampled;
    long priorityUpdates;
    long staleUpdates;
    long invalidPriorities;
    long orphaned;
    long rejectedRecords;
    long rejectedBatches;

    // Stream rows.
    final int maxStreams;
    final Int2IntHashMap rowOfStream;
    final int[] streamOfRow;
    final long[] rowPosition;
    final int[] pendingHead;
    final int[] pendingCount;
    final long[] pendingId;
    final int[] pendingSlot;
    final long[] pendingTarget;
    final int[] freeRows;
    int freeRowCount;
    int reclaimCursor;

    int eventCount;
    int[] eventSlots = new int[64];
    double[] eventValues = new double[64];

    TransitionStorage(final ReplayConfig config)
    {
        this.config = config;
        this.descriptor = config.descriptor();
        this.capacity = config.capacity();
        this.slotLength = config.slotLength();
        this.recordLength = descriptor.recordLength();
        this.nStep = config.nStep();
        this.observationSize = config.observationSize();
        this.actionSize = config.actionSize();
        this.observationOffset = descriptor.observationOffset();

        this.slots = new SlotStore(capacity, slotLength);

        maxStreams = config.maxStreams();
        rowOfStream = new Int2IntHashMap(BitUtil.findNextPositivePowerOfTwo(Math.max(8, maxStreams * 2)), 0.65f, -1);
        streamOfRow = new int[maxStreams];
        rowPosition = new long[maxStreams];
        pendingHead = new int[maxStreams];
        pendingCount = new int[maxStreams];
        pendingId = new long[maxStreams * nStep];
        pendingSlot = new int[maxStreams * nStep];
        pendingTarget = new long[maxStreams * nStep];
        freeRows = new int[maxStreams];
        for (int r = 0; r < maxStreams; r++)
        {
            freeRows[r] = maxStreams - 1 - r;
        }
        freeRowCount = maxStreams;
    }

    long slotAddress(final int slot)
    {
        return slots.address(slot);
    }

    int state(final int slot)
    {
        return UnsafeApi.getInt(null, slotAddress(slot) + STATE_OFFSET);
    }

    long size()
    {
        return slots.size();
    }

    long idOf(final int slot)
    {
        return slots.idOf(slot);
    }

    boolean isLive(final long id)
    {
        return slots.isLive(id);
    }

    int slotOf(final long id)
    {
        return slots.slotOf(id);
    }

    /**
     * Validates and stores a batch; fills the event list.
     */
    int insert(final DirectBuffer buffer, final int offset, final int count)
    {
        eventCount = 0;
        if (!valid(buffer, offset, count))
        {
            rejectedBatches++;
            return Replay.INSERT_REJECTED;
        }
        ensureEvents(count * (nStep + 2) + 1); // per record: an eviction, itself (k = 0), up to n links
        int stored = 0;
        for (int r = 0; r < count; r++)
        {
            final int at = offset + r * recordLength;
            final int stream = buffer.getInt(at + TransitionDescriptor.STREAM_ID_OFFSET);
            final int flags = buffer.getShort(at + TransitionDescriptor.FLAGS_OFFSET);
            final int k = buffer.getShort(at + TransitionDescriptor.BOOTSTRAP_STEPS_OFFSET);
            int row = rowOfStream.get(stream);
            if (row < 0)
            {
                row = allocateRow(stream);
                if (row < 0)
                {
                    rejectedRecords++;
                    continue;
                }
            }
            if ((flags & TransitionDescriptor.FLAG_FIRST) != 0)
            {
                orphanPending(row);
                rowPosition[row] = 0;
            }

            final long slotAt = slotAddress(slots.head);
            if (slots.full())
            {
                evictions++;
                if (UnsafeApi.getInt(null, slotAt + STATE_OFFSET) == STATE_LINKED)
                {
                    sampleable--;
                    event(slots.head, REMOVE);
                }
            }
            final boolean finalObservation = (flags & TransitionDescriptor.FLAG_FINAL_OBSERVATION) != 0;
            final long id = slots.inserts;
            slots.preserve(slots.head);
            final int slot = slots.advance();
            final UnsafeBuffer chunk = slots.chunkOf(slot);
            final int inChunk = slots.offsetInChunk(slot);
            buffer.getBytes(at, chunk, inChunk + RECORD_OFFSET, recordLength);
            stored++;

            final long position = rowPosition[row];
            resolvePending(row, position, slot);
            if (finalObservation)
            {
                chunk.putInt(inChunk + STATE_OFFSET, STATE_FINAL);
                chunk.putInt(inChunk + LINK_OFFSET, -1);
                orphanPending(row); // anything still waiting targets past the episode's end
                rowPosition[row] = 0;
                releaseRow(row);
            }
            else if (k == 0)
            {
                chunk.putInt(inChunk + STATE_OFFSET, STATE_LINKED);
                chunk.putInt(inChunk + LINK_OFFSET, -1);
                sampleable++;
                event(slot, initialPriority(slotAt));
                rowPosition[row] = position + 1;
            }
            else
            {
                chunk.putInt(inChunk + STATE_OFFSET, STATE_PENDING);
                chunk.putInt(inChunk + LINK_OFFSET, -1);
                pushPending(row, id, slot, position + k);
                rowPosition[row] = position + 1;
            }
        }
        return stored;
    }

    private boolean valid(final DirectBuffer buffer, final int offset, final int count)
    {
        if (count < 0 || offset < 0 || (long)offset + (long)count * recordLength > buffer.capacity())
        {
            return false;
        }
        for (int r = 0; r < count; r++)
        {
            final int at = offset + r * recordLength;
            final int stream = buffer.getInt(at + TransitionDescriptor.STREAM_ID_OFFSET);
            final short flags = buffer.getShort(at + TransitionDescriptor.FLAGS_OFFSET);
            final short k = buffer.getShort(at + TransitionDescriptor.BOOTSTRAP_STEPS_OFFSET);
            if (stream < 0 || (flags & ~KNOWN_FLAGS) != 0 || k < 0 || k > nStep)
            {
                return false;
            }
            if ((flags & TransitionDescriptor.FLAG_FINAL_OBSERVATION) != 0)
            {
                if (k != 0)
                {
                    return false;
                }
            }
            else if (k == 0 && buffer.getFloat(at + TransitionDescriptor.BOOTSTRAP_DISCOUNT_OFFSET) != 0.0f)
            {
                return false;
            }
        }
        return true;
    }

    private void resolvePending(final int row, final long position, final int bootstrapSlot)
    {
        while (pendingCount[row] > 0)
        {
            final int p = row * nStep + pendingHead[row];
            final long target = pendingTarget[p];
            if (target > position)
            {
                return;
            }
            final long id = pendingId[p];
            final int slot = pendingSlot[p];
            pendingHead[row] = pendingHead[row] + 1 == nStep ? 0 : pendingHead[row] + 1;
            pendingCount[row]--;
            if (target == position && isLive(id) && slot != bootstrapSlot)
            {
                slots.preserve(slot);
                final long slotAt = slotAddress(slot);
                UnsafeApi.putInt(null, slotAt + STATE_OFFSET, STATE_LINKED);
                UnsafeApi.putInt(null, slotAt + LINK_OFFSET, bootstrapSlot);
                sampleable++;
                event(slot, initialPriority(slotAt));
            }
            else
            {
                orphaned++;
            }
        }
    }

    private void pushPending(final int row, final long id, final int slot, final long target)
    {
        if (pendingCount[row] == nStep)
        {
            // more than n outstanding can only come from inconsistent k values: drop the oldest
            pendingHead[row] = pendingHead[row] + 1 == nStep ? 0 : pendingHead[row] + 1;
            pendingCount[row]--;
            orphaned++;
        }
        int tail = pendingHead[row] + pendingCount[row];
        if (tail >= nStep)
        {
            tail -= nStep;
        }
        final int p = row * nStep + tail;
        pendingId[p] = id;
        pendingSlot[p] = slot;
        pendingTarget[p] = target;
        pendingCount[row]++;
    }

    private void orphanPending(final int row)
    {
        orphaned += pendingCount[row];
        pendingCount[row] = 0;
        pendingHead[row] = 0;
    }

    private int allocateRow(final int stream)
    {
        if (freeRowCount == 0 && !reclaimIdleRow())
        {
            return -1;
        }
        final int row = freeRows[--freeRowCount];
        rowOfStream.put(stream, row);
        streamOfRow[row] = stream;
        rowPosition[row] = 0;
        pendingHead[row] = 0;
        pendingCount[row] = 0;
        return row;
    }

    private boolean reclaimIdleRow()
    {
        for (int i = 0; i < maxStreams; i++)
        {
            final int row = reclaimCursor;
            reclaimCursor = reclaimCursor + 1 == maxStreams ? 0 : reclaimCursor + 1;
            if (pendingCount[row] == 0)
            {
                releaseRow(row);
                return true;
            }
        }
        return false;
    }

    private void releaseRow(final int row)
    {
        rowOfStream.remove(streamOfRow[row]);
        freeRows[freeRowCount++] = row;
    }

    private double initialPriority(final long slotAt)
    {
        final float delta = UnsafeApi.getFloat(null, slotAt + RECORD_OFFSET + TransitionDescriptor.PRIORITY_OFFSET);
        return delta >= 0.0f && delta < Float.POSITIVE_INFINITY ? delta : USE_MAX_PRIORITY;
    }

    private void event(final int slot, final double value)
    {
        eventSlots[eventCount] = slot;
        eventValues[eventCount] = value;
        eventCount++;
    }

    private void ensureEvents(final int count)
    {
        if (eventSlots.length < count)
        {
            eventSlots = new int[count];
            eventValues = new double[count];
        }
    }

    /**
     * Copies rows {@code [from, from + count)} of a batch from the slots in {@code batch.slots[0..count)}.
     * Two short passes first load one word of each row's record and then of its bootstrap record
     * (independent loads, so their cache misses overlap: the substitute for a prefetch), then a third
     * copies everything from cache; chunk by chunk of {@link #GATHER_CHUNK} rows, so what the
     * touches loaded is still in L1 when the copy reads it.
     */
    void gather(final SampleBatch batch, final int from, final int count)
    {
        // in chunks, so the lines the touch passes load are still in L1 when the copy reads them
        for (int start = 0; start < count; start += GATHER_CHUNK)
        {
            gatherChunk(batch, from, start, Math.min(count, start + GATHER_CHUNK));
        }
        sampled += count;
    }

    /**
     * Rows per chunk of {@link #gather}: for CartPole-sized records 64 rows touch about 200 lines,
     * 13 KiB, well inside L1 (phase harness at 2^20: gather minimum 38–39 ns per item with 64 or
     * 128 rows, 41–47 with 32, 61–73 unchunked; docs/performance.md).
     */
    static final int GATHER_CHUNK = 64;

    private void gatherChunk(final SampleBatch batch, final int from, final int first, final int end)
    {
        final int[] slots = batch.slots;
        final int[] nextSlots = batch.nextSlots;
        final long obsBytes = (long)observationSize * Float.BYTES;
        final int obsOffset = RECORD_OFFSET + observationOffset;
        final long lastByte = (long)slotLength - 4;
        int touched = 0;
        for (int i = first; i < end; i++)
        {
            final long at = slotAddress(slots[i]);
            nextSlots[i] = UnsafeApi.getInt(null, at + LINK_OFFSET);
            if (TOUCH)
            {
                touched += UnsafeApi.getInt(null, at + lastByte); // a record may straddle two cache lines
            }
        }
        if (TOUCH)
        {
            for (int i = first; i < end; i++)
            {
                final int next = nextSlots[i];
                if (next >= 0)
                {
                    final long at = slotAddress(next);
                    touched += UnsafeApi.getInt(null, at + obsOffset) + UnsafeApi.getInt(null, at + lastByte);
                }
            }
        }
        touchSink = touched;
        for (int i = first; i < end; i++)
        {
            final int row = from + i;
            final int slot = slots[i];
            final long at = slotAddress(slot);
            batch.returns[row] = UnsafeApi.getFloat(null, at + RECORD_OFFSET + TransitionDescriptor.RETURN_OFFSET);
            batch.bootstrapDiscounts[row] =
                UnsafeApi.getFloat(null, at + RECORD_OFFSET + TransitionDescriptor.BOOTSTRAP_DISCOUNT_OFFSET);
            if (actionSize == 0)
            {
                batch.actions[row] = UnsafeApi.getInt(null, at + RECORD_OFFSET + TransitionDescriptor.ACTION_OFFSET);
            }
            else
            {
                copyFloats(at + RECORD_OFFSET + TransitionDescriptor.ACTION_OFFSET, batch.continuousActions, row * actionSize,
                    (long)actionSize * Float.BYTES);
            }
            copyFloats(at + obsOffset, batch.observations, row * observationSize, obsBytes);
            batch.ids[row] = idOf(slot);
            final int next = nextSlots[i];
            if (next >= 0)
            {
                copyFloats(slotAddress(next) + obsOffset, batch.nextObservations, row * observationSize, obsBytes);
            }
            else
            {
                final int start = row * observationSize;
                for (int j = 0; j < observationSize; j++)
                {
                    batch.nextObservations[start + j] = 0.0f;
                }
            }
        }
    }

    /** {@code -Dsurge.replay.noTouch=true} turns the gather's touch passes off (for measurements). */
    static final boolean TOUCH = !Boolean.getBoolean("surge.replay.noTouch");

    /** Keeps the touch loads of {@link #gather} from being removed as dead code. */
    int touchSink;

    private static void copyFloats(final long address, final float[] dst, final int dstIndex, final long bytes)
    {
        SlotStore.copyFloats(address, dst, dstIndex, bytes);
    }

    /** Writes cursors, counters and the stream table. */
    int captureMeta(final org.agrona.MutableDirectBuffer out, final int offset)
    {
        int at = offset;
        for (final long value : new long[] {slots.inserts, sampleable, evictions, sampled, priorityUpdates, staleUpdates,
            orphaned, rejectedRecords, rejectedBatches, invalidPriorities})
        {
            out.putLong(at, value);
            at += 8;
        }
        out.putInt(at, maxStreams);
        out.putInt(at + 4, nStep);
        out.putInt(at + 8, freeRowCount);
        out.putInt(at + 12, reclaimCursor);
        at += 16;
        at = putInts(out, at, streamOfRow);
        at = putLongs(out, at, rowPosition);
        at = putInts(out, at, pendingHead);
        at = putInts(out, at, pendingCount);
        at = putLongs(out, at, pendingId);
        at = putInts(out, at, pendingSlot);
        at = putLongs(out, at, pendingTarget);
        at = putInts(out, at, freeRows);
        return at;
    }

    /** Restores what {@link #captureMeta} wrote; the slots must already be loaded. */
    int restoreMeta(final DirectBuffer in, final int offset, final int length)
    {
        int at = offset;
        final long insertCount = in.getLong(at);
        sampleable = in.getLong(at + 8);
        evictions = in.getLong(at + 16);
        sampled = in.getLong(at + 24);
        priorityUpdates = in.getLong(at + 32);
        staleUpdates = in.getLong(at + 40);
        orphaned = in.getLong(at + 48);
        rejectedRecords = in.getLong(at + 56);
        rejectedBatches = in.getLong(at + 64);
        invalidPriorities = in.getLong(at + 72);
        at += 80;
        if (insertCount < 0 || sampleable < 0 || sampleable > capacity)
        {
            throw new IllegalArgumentException("cursor " + insertCount + " or sampleable count " + sampleable + " out of range");
        }
        if (in.getInt(at) != maxStreams || in.getInt(at + 4) != nStep)
        {
            throw new IllegalArgumentException("stream table of " + in.getInt(at) + " rows x " + in.getInt(at + 4) +
                " does not match " + maxStreams + " x " + nStep);
        }
        final int free = in.getInt(at + 8);
        final int cursor = in.getInt(at + 12);
        if (free < 0 || free > maxStreams || cursor < 0 || cursor >= maxStreams)
        {
            throw new IllegalArgumentException("free row count " + free + " or cursor " + cursor + " out of range");
        }
        at += 16;
        at = getInts(in, at, streamOfRow);
        at = getLongs(in, at, rowPosition);
        at = getInts(in, at, pendingHead);
        at = getInts(in, at, pendingCount);
        at = getLongs(in, at, pendingId);
        at = getInts(in, at, pendingSlot);
        at = getLongs(in, at, pendingTarget);
        at = getInts(in, at, freeRows);
        if (at - offset > length)
        {
            throw new IllegalArgumentException("meta section too short");
        }
        slots.restoreCursor(insertCount);
        freeRowCount = free;
        reclaimCursor = cursor;
        final boolean[] isFree = new boolean[maxStreams];
        for (int i = 0; i < free; i++)
        {
            if (freeRows[i] < 0 || freeRows[i] >= maxStreams || isFree[freeRows[i]])
            {
                throw new IllegalArgumentException("free row list is malformed");
            }
            isFree[freeRows[i]] = true;
        }
        rowOfStream.clear();
        for (int row = 0; row < maxStreams; row++)
        {
            if (pendingHead[row] < 0 || pendingHead[row] >= nStep || pendingCount[row] < 0 || pendingCount[row] > nStep)
            {
                throw new IllegalArgumentException("row " + row + " has a malformed pending queue");
            }
            if (!isFree[row])
            {
                rowOfStream.put(streamOfRow[row], row);
            }
        }
        for (final int slot : pendingSlot)
        {
            if (slot < 0 || slot >= capacity)
            {
                throw new IllegalArgumentException("pending slot " + slot + " out of range");
            }
        }
        return at;
    }

    private static int putInts(final org.agrona.MutableDirectBuffer out, final int offset, final int[] values)
    {
        int at = offset;
        for (final int value : values)
        {
            out.putInt(at, value);
            at += 4;
        }
        return at;
    }

    private static int putLongs(final org.agrona.MutableDirectBuffer out, final int offset, final long[] values)
    {
        int at = offset;
        for (final long value : values)
        {
            out.putLong(at, value);
            at += 8;
        }
        return at;
    }

    private static int getInts(final DirectBuffer in, final int offset, final int[] values)
    {
        int at = offset;
        for (int i = 0; i < values.length; i++)
        {
            values[i] = in.getInt(at);
            at += 4;
        }
        return at;
    }

    private static int getLongs(final DirectBuffer in, final int offset, final long[] values)
    {
        int at = offset;
        for (int i = 0; i < values.length; i++)
        {
            values[i] = in.getLong(at);
            at += 8;
        }
        return at;
    }

    long[] fingerprint(final int treeCapacity)
    {
        return new long[] {capacity, slotLength, treeCapacity, observationSize, actionSize, nStep, maxStreams,
            Double.doubleToLongBits(config.gamma()), Double.doubleToLongBits(config.alpha()),
            Double.doubleToLongBits(config.epsilon()), Double.doubleToLongBits(config.beta().start()),
            Double.doubleToLongBits(config.beta().end()), config.beta().steps()};
    }

    static final String[] FINGERPRINT_NAMES = {"capacity", "slot length", "tree capacity", "observationSize", "actionSize",
        "nStep", "maxStreams", "gamma (bits)", "alpha (bits)", "epsilon (bits)", "beta start (bits)", "beta end (bits)",
        "beta steps"};

    @Override
    public long inserts()
    {
        return slots.inserts;
    }

    @Override
    public long evictions()
    {
        return evictions;
    }

    @Override
    public long sampled()
    {
        return sampled;
    }

    @Override
    public long priorityUpdates()
    {
        return priorityUpdates;
    }

    @Override
    public long staleUpdates()
    {
        return staleUpdates;
    }

    @Override
    public long invalidPriorities()
    {
        return invalidPriorities;
    }

    @Override
    public long orphanedTransitions()
    {
        return orphaned;
    }

    @Override
    public long rejectedRecords()
    {
        return rejectedRecords;
    }

    @Override
    public long rejectedBatches()
    {
        return rejectedBatches;
    }
}
