package io.surge.replay;

import org.agrona.BufferUtil;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a consistent snapshot of a replay while the replay keeps inserting, sampling and updating.
 *
 * <h2>How inserts keep going</h2>
 * The snapshot is the replay's state at the moment {@code beginSnapshot} returns (time S). The small
 * state (cursors, counters, RNG, stream table) is copied then, at once. The large state (the
 * storage slots and the priority leaves) is written afterwards, a bounded chunk per
 * {@link #doWork()} call, from the replay's own memory, in ring order starting at the oldest slot
 * (the slots inserts will overwrite first). A bitmap per kind records which slots' state at S is
 * already safe. Copy-on-write: before the replay changes a slot or a leaf that is not yet safe,
 * it hands the old bytes to {@link #preserveSlot}/{@link #preserveLeaf}, which append them to an
 * in-memory log (no I/O) and mark them safe. So an insert waits at most for copying the pre-images
 * of the slots of its own batch (plus, if a burst outran the writer and filled the log buffer, one
 * log flush), and the file still holds exactly the state at S: the main pass writes every slot, and
 * the log, applied after it on reading, puts back the pre-images of those changed before they were
 * written.
 *
 * <h2>File</h2>
 * <pre>
 *   [header 4096 B][meta][slots: capacity x slotLength][leaves: capacity x 8][log][trailer 16 B]
 * </pre>
 * The header (magic, version, kind, configuration fingerprint, section offsets, lengths and
 * CRC32C checksums, its own checksum) is written last; the file is written as {@code <name>.tmp},
 * forced to disk and renamed into place, so an existing snapshot of the same name, or any older one,
 * is only ever replaced by a complete file. Slots and leaves are checksummed in ring order from the
 * slot recorded in the header.
 *
 * <p>Threading: the replay's owner thread only. Memory: the log buffer and bitmaps are allocated
 * when the snapshot begins (control plane); {@link #doWork()} allocates nothing.
 */
public final class SnapshotWriter implements AutoCloseable
{
    static final long MAGIC = 0x504E534547525553L; // "SURGESNP" little-endian
    static final long TRAILER_MAGIC = 0x21444E4550414E53L; // "SNAPEND!" little-endian
    static final int VERSION = 1;
    static final int HEADER_BYTES = 4096;
    static final int TRAILER_BYTES = 16;
    static final int FINGERPRINT_FIELDS = 16;

    // Header field offsets.
    static final int H_MAGIC = 0;
    static final int H_VERSION = 8;
    static final int H_KIND = 12;
    static final int H_FINGERPRINT = 16;
    static final int H_START_SLOT = H_FINGERPRINT + 8 * FINGERPRINT_FIELDS;
    static final int H_META_OFFSET = H_START_SLOT + 8;
    static final int H_META_LENGTH = H_META_OFFSET + 8;
    static final int H_SLOTS_OFFSET = H_META_LENGTH + 8;
    static final int H_SLOTS_LENGTH = H_SLOTS_OFFSET + 8;
    static final int H_LEAVES_OFFSET = H_SLOTS_LENGTH + 8;
    static final int H_LEAVES_LENGTH = H_LEAVES_OFFSET + 8;
    static final int H_LOG_OFFSET = H_LEAVES_LENGTH + 8;
    static final int H_LOG_LENGTH = H_LOG_OFFSET + 8;
    static final int H_TOTAL_LENGTH = H_LOG_LENGTH + 8;
    static final int H_META_CRC = H_TOTAL_LENGTH + 8;
    static final int H_SLOTS_CRC = H_META_CRC + 8;
    static final int H_LEAVES_CRC = H_SLOTS_CRC + 8;
    static final int H_LOG_CRC = H_LEAVES_CRC + 8;
    static final int H_HEADER_CRC = H_LOG_CRC + 8;

    static final int LOG_SLOT = 1;
    static final int LOG_LEAF = 2;
    static final int LOG_ENTRY_HEADER = 8;

    /** Default bytes of slots written per {@link #doWork()}. */
    public static final int DEFAULT_STEP_BYTES = 1 << 20;
    private static final int MIN_LOG_BYTES = 4 << 20;

    private final Snapshottable replay;
    private final SlotStore store;
    private final PriorityTrees tree;
    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final int capacity;
    private final int slotLength;
    private final int startSlot;
    private final int stepSlots;
    private final long[] slotSafe;
    private final long[] leafSafe;
    private final ByteBuffer[] chunkViews;
    private final ByteBuffer leafView;
    private final ByteBuffer logBuffer;
    private final UnsafeBuffer log;
    private final CRC32C slotsCrc = new CRC32C();
    private final CRC32C leavesCrc = new CRC32C();
    private final CRC32C logCrc = new CRC32C();
    private final byte[] metaBytes;
    private final int metaLength;
    private final long metaOffset;
    private final long slotsOffset;
    private final long leavesOffset;
    private final long logOffset;
    private final long[] fingerprint;
    private final int kind;
    private int passed;
    long preservedSlots;
    long preservedLeaves;
    private int logUsed;
    private long logLength;
    private boolean done;
    private IOException failure;

    SnapshotWriter(final Snapshottable replay, final Path target, final int stepBytes) throws IOException
    {
        this.replay = replay;
        this.store = replay.slotStore();
        this.tree = replay.treesOrNull();
        this.target = target;
        this.temporary = target.resolveSibling(target.getFileName() + ".tmp");
        this.capacity = store.capacity;
        this.slotLength = store.slotLength;
        this.startSlot = store.head;
        this.stepSlots = Math.max(1, stepBytes / slotLength);
        this.kind = replay.snapshotKind();
        this.fingerprint = replay.fingerprint();
        final ExpandableArrayBuffer meta = new ExpandableArrayBuffer(1024);
        this.metaLength = replay.captureMeta(meta);
        this.metaBytes = new byte[metaLength];
        meta.getBytes(0, metaBytes);
        this.metaOffset = HEADER_BYTES;
        this.slotsOffset = metaOffset + align(metaLength);
        this.leavesOffset = slotsOffset + (long)capacity * slotLength;
        this.logOffset = leavesOffset + (tree != null ? 8L * capacity : 0);
        this.slotSafe = new long[(capacity + 63) >>> 6];
        this.leafSafe = new long[(capacity + 63) >>> 6];
        this.chunkViews = new ByteBuffer[store.chunkBuffers.length];
        for (int c = 0; c < chunkViews.length; c++)
        {
            chunkViews[c] = store.chunkBuffers[c].duplicate();
        }
        this.leafView = tree != null ? tree.byteBuffer().duplicate() : null;
        final int logBytes = Math.max(MIN_LOG_BYTES, 4 * (LOG_ENTRY_HEADER + slotLength));
        this.logBuffer = BufferUtil.allocateDirectAligned(logBytes, 64);
        this.log = new UnsafeBuffer(logBuffer);
        Files.deleteIfExists(temporary);
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try
        {
            writeFully(ByteBuffer.wrap(metaBytes), metaOffset);
        }
        catch (final IOException ex)
        {
            abortQuietly();
            throw ex;
        }
    }

    private static long align(final long length)
    {
        return (length + 63) & ~63L;
    }

    /**
     * The file the snapshot ends up in.
     *
     * @return the path.
     */
    public Path target()
    {
        return target;
    }

    /**
     * Whether the snapshot is complete and renamed into place.
     *
     * @return true when done.
     */
    public boolean isDone()
    {
        return done;
    }

    /**
     * Writes the next chunk (about {@link #DEFAULT_STEP_BYTES} of slots unless configured
     * otherwise), flushes the log, or finishes the file. Call it from the replay's duty cycle
     * between inserts until {@link #isDone()}.
     *
     * @return 1 if it did something, 0 when already done.
     * @throws IOException if writing failed; the snapshot is then abandoned (its temporary file
     *                     deleted) and the replay detached; earlier snapshots are untouched.
     */
    public int doWork() throws IOException
    {
        if (done)
        {
            return 0;
        }
        try
        {
            if (failure != null)
            {
                throw failure;
            }
            if (passed < capacity)
            {
                mainStep();
                if (logUsed > logBuffer.capacity() / 2)
                {
                    flushLog();
                }
            }
            else if (logUsed > 0)
            {
                flushLog();
            }
            else
            {
                finish();
            }
            return 1;
        }
        catch (final IOException ex)
        {
            abortQuietly();
            throw ex;
        }
    }

    /**
     * Runs {@link #doWork()} until done (for shutdown and tests).
     *
     * @return the snapshot's path.
     * @throws IOException if writing failed.
     */
    public Path complete() throws IOException
    {
        while (!done)
        {
            doWork();
        }
        return target;
    }

    private void mainStep() throws IOException
    {
        final int end = Math.min(capacity, passed + stepSlots);
        while (passed < end)
        {
            // a run of consecutive slot indices inside one storage chunk and before the ring's end
            final int first = (int)(((long)startSlot + passed) % capacity);
            int count = Math.min(end - passed, capacity - first);
            final int chunk = first >>> store.chunkShift;
            final int chunkEnd = (chunk + 1) << store.chunkShift;
            count = Math.min(count, chunkEnd - first);
            final ByteBuffer view = chunkViews[chunk];
            final int from = store.offsetInChunk(first);
            view.limit(from + count * slotLength).position(from);
            slotsCrc.update(view);
            view.limit(from + count * slotLength).position(from);
            writeFully(view, slotsOffset + (long)first * slotLength);
            if (tree != null)
            {
                final int leafFrom = tree.leafByteOffset(first);
                leafView.limit(leafFrom + 8 * count).position(leafFrom);
                leavesCrc.update(leafView);
                leafView.limit(leafFrom + 8 * count).position(leafFrom);
                writeFully(leafView, leavesOffset + 8L * first);
            }
            for (int s = first; s < first + count; s++)
            {
                slotSafe[s >>> 6] |= 1L << s;
                leafSafe[s >>> 6] |= 1L << s;
            }
            passed += count;
        }
    }

    /**
     * Called by the replay before it changes a slot's bytes: keeps its state at S if not yet safe.
     *
     * @param slot the slot about to change.
     */
    void preserveSlot(final int slot)
    {
        final long bit = 1L << slot;
        final int word = slot >>> 6;
        if ((slotSafe[word] & bit) != 0)
        {
            return;
        }
        slotSafe[word] |= bit;
        preservedSlots++;
        if (!reserve(LOG_ENTRY_HEADER + slotLength))
        {
            return;
        }
        log.putInt(logUsed, LOG_SLOT);
        log.putInt(logUsed + 4, slot);
        store.chunkOf(slot).getBytes(store.offsetInChunk(slot), log, logUsed + LOG_ENTRY_HEADER, slotLength);
        logUsed += LOG_ENTRY_HEADER + slotLength;
    }

    /**
     * Called by the replay before it changes a priority leaf: keeps its value at S if not yet safe.
     *
     * @param slot the leaf about to change.
     */
    void preserveLeaf(final int slot)
    {
        if (tree == null)
        {
            return;
        }
        final long bit = 1L << slot;
        final int word = slot >>> 6;
        if ((leafSafe[word] & bit) != 0)
        {
            return;
        }
        leafSafe[word] |= bit;
        preservedLeaves++;
        if (!reserve(LOG_ENTRY_HEADER + 8))
        {
            return;
        }
        log.putInt(logUsed, LOG_LEAF);
        log.putInt(logUsed + 4, slot);
        log.putDouble(logUsed + LOG_ENTRY_HEADER, tree.get(slot));
        logUsed += LOG_ENTRY_HEADER + 8;
    }

    private boolean reserve(final int bytes)
    {
        if (failure != null)
        {
            return false;
        }
        if (logUsed + bytes > logBuffer.capacity())
        {
            try
            {
                flushLog();
            }
            catch (final IOException ex)
            {
                failure = ex; // the snapshot is lost, the replay goes on; doWork() reports it
                return false;
            }
        }
        return true;
    }

    private void flushLog() throws IOException
    {
        logBuffer.limit(logUsed).position(0);
        logCrc.update(logBuffer);
        logBuffer.limit(logUsed).position(0);
        writeFully(logBuffer, logOffset + logLength);
        logLength += logUsed;
        logUsed = 0;
        logBuffer.clear();
    }

    private void finish() throws IOException
    {
        final long trailerOffset = logOffset + logLength;
        final long total = trailerOffset + TRAILER_BYTES;
        final ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        trailer.putLong(TRAILER_MAGIC).putLong(total).flip();
        writeFully(trailer, trailerOffset);

        final CRC32C metaCrc = new CRC32C();
        metaCrc.update(metaBytes, 0, metaLength);
        final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_BYTES]);
        header.putLong(H_MAGIC, MAGIC);
        header.putInt(H_VERSION, VERSION);
        header.putInt(H_KIND, kind);
        for (int i = 0; i < FINGERPRINT_FIELDS; i++)
        {
            header.putLong(H_FINGERPRINT + 8 * i, i < fingerprint.length ? fingerprint[i] : 0L);
        }
        header.putLong(H_START_SLOT, startSlot);
        header.putLong(H_META_OFFSET, metaOffset);
        header.putLong(H_META_LENGTH, metaLength);
        header.putLong(H_SLOTS_OFFSET, slotsOffset);
        header.putLong(H_SLOTS_LENGTH, (long)capacity * slotLength);
        header.putLong(H_LEAVES_OFFSET, leavesOffset);
        header.putLong(H_LEAVES_LENGTH, tree != null ? 8L * capacity : 0L);
        header.putLong(H_LOG_OFFSET, logOffset);
        header.putLong(H_LOG_LENGTH, logLength);
        header.putLong(H_TOTAL_LENGTH, total);
        header.putLong(H_META_CRC, metaCrc.getValue());
        header.putLong(H_SLOTS_CRC, slotsCrc.getValue());
        header.putLong(H_LEAVES_CRC, leavesCrc.getValue());
        header.putLong(H_LOG_CRC, logCrc.getValue());
        final CRC32C headerCrc = new CRC32C();
        headerCrc.update(header.byteArray(), 0, H_HEADER_CRC);
        header.putLong(H_HEADER_CRC, headerCrc.getValue());
        writeFully(ByteBuffer.wrap(header.byteArray()), 0);
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done = true;
        replay.detach(this);
    }

    private void writeFully(final ByteBuffer source, final long position) throws IOException
    {
        long at = position;
        while (source.hasRemaining())
        {
            at += channel.write(source, at);
        }
    }

    private void abortQuietly()
    {
        done = true;
        replay.detach(this);
        try
        {
            channel.close();
        }
        catch (final IOException | RuntimeException ignored)
        {
            // already failing; the temporary file is removed below
        }
        try
        {
            Files.deleteIfExists(temporary);
        }
        catch (final IOException ignored)
        {
            // best effort: a stale .tmp is never read as a snapshot
        }
    }

    /**
     * Abandons an unfinished snapshot: the temporary file is deleted and the replay detached;
     * earlier snapshots are untouched. Does nothing once done.
     */
    @Override
    public void close()
    {
        if (!done)
        {
            abortQuietly();
        }
    }
}
