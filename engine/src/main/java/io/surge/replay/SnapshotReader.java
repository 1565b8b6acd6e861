package io.surge.replay;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;

import static io.surge.replay.SnapshotWriter.FINGERPRINT_FIELDS;
import static io.surge.replay.SnapshotWriter.HEADER_BYTES;
import static io.surge.replay.SnapshotWriter.H_FINGERPRINT;
import static io.surge.replay.SnapshotWriter.H_HEADER_CRC;
import static io.surge.replay.SnapshotWriter.H_KIND;
import static io.surge.replay.SnapshotWriter.H_LEAVES_CRC;
import static io.surge.replay.SnapshotWriter.H_LEAVES_LENGTH;
import static io.surge.replay.SnapshotWriter.H_LEAVES_OFFSET;
import static io.surge.replay.SnapshotWriter.H_LOG_CRC;
import static io.surge.replay.SnapshotWriter.H_LOG_LENGTH;
import static io.surge.replay.SnapshotWriter.H_LOG_OFFSET;
import static io.surge.replay.SnapshotWriter.H_MAGIC;
import static io.surge.replay.SnapshotWriter.H_META_CRC;
import static io.surge.replay.SnapshotWriter.H_META_LENGTH;
import static io.surge.replay.SnapshotWriter.H_META_OFFSET;
import static io.surge.replay.SnapshotWriter.H_SLOTS_CRC;
import static io.surge.replay.SnapshotWriter.H_SLOTS_LENGTH;
import static io.surge.replay.SnapshotWriter.H_SLOTS_OFFSET;
import static io.surge.replay.SnapshotWriter.H_START_SLOT;
import static io.surge.replay.SnapshotWriter.H_TOTAL_LENGTH;
import static io.surge.replay.SnapshotWriter.H_VERSION;
import static io.surge.replay.SnapshotWriter.LOG_ENTRY_HEADER;
import static io.surge.replay.SnapshotWriter.LOG_LEAF;
import static io.surge.replay.SnapshotWriter.LOG_SLOT;
import static io.surge.replay.SnapshotWriter.MAGIC;
import static io.surge.replay.SnapshotWriter.TRAILER_BYTES;
import static io.surge.replay.SnapshotWriter.TRAILER_MAGIC;
import static io.surge.replay.SnapshotWriter.VERSION;

/**
 * Reads a snapshot written by {@link SnapshotWriter} into a freshly built replay of the same kind
 * and configuration, checking everything: size, magic, version, header checksum, kind,
 * configuration fingerprint, the trailer, and the CRC32C of every section. Any mismatch is a
 * {@link ReplaySnapshotException} naming the file and the problem; the replay being filled is then
 * to be discarded, and no other file is touched.
 */
final class SnapshotReader
{
    private SnapshotReader()
    {
    }

    static void read(final Path file, final Snapshottable replay) throws ReplaySnapshotException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            readFrom(file, channel, replay);
        }
        catch (final ReplaySnapshotException ex)
        {
            throw ex;
        }
        catch (final NoSuchFileException ex)
        {
            throw new ReplaySnapshotException(file, "no such file", ex);
        }
        catch (final IOException ex)
        {
            throw new ReplaySnapshotException(file, "cannot be read: " + ex, ex);
        }
    }

    private static void readFrom(final Path file, final FileChannel channel, final Snapshottable replay) throws IOException
    {
        final long size = channel.size();
        if (size < HEADER_BYTES + TRAILER_BYTES)
        {
            throw new ReplaySnapshotException(file, "truncated: " + size + " bytes, smaller than a header and trailer (" +
                (HEADER_BYTES + TRAILER_BYTES) + ")");
        }
        final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_BYTES]);
        readFully(channel, ByteBuffer.wrap(header.byteArray()), 0, file);
        if (header.getLong(H_MAGIC) != MAGIC)
        {
            throw new ReplaySnapshotException(file, "not a Surge replay snapshot (bad magic)");
        }
        final CRC32C headerCrc = new CRC32C();
        headerCrc.update(header.byteArray(), 0, H_HEADER_CRC);
        if (header.getLong(H_HEADER_CRC) != headerCrc.getValue())
        {
            throw new ReplaySnapshotException(file, "header is corrupted (checksum mismatch)");
        }
        if (header.getInt(H_VERSION) != VERSION)
        {
            throw new ReplaySnapshotException(file, "format version " + header.getInt(H_VERSION) + ", this build reads " + VERSION);
        }
        if (header.getInt(H_KIND) != replay.snapshotKind())
        {
            throw new ReplaySnapshotException(file, "written by a replay of kind " + header.getInt(H_KIND) +
                ", cannot restore into kind " + replay.snapshotKind());
        }
        final long[] expected = replay.fingerprint();
        final String[] names = replay.fingerprintNames();
        for (int i = 0; i < FINGERPRINT_FIELDS; i++)
        {
            final long stored = header.getLong(H_FINGERPRINT + 8 * i);
            final long wanted = i < expected.length ? expected[i] : 0L;
            if (stored != wanted)
            {
                throw new ReplaySnapshotException(file, "written with " + (i < names.length ? names[i] : "field " + i) + " = " +
                    stored + " but this replay has " + wanted + ": build the replay with the snapshot's configuration");
            }
        }
        final long total = header.getLong(H_TOTAL_LENGTH);
        if (total != size)
        {
            throw new ReplaySnapshotException(file, (size < total ? "truncated" : "has trailing data") + ": the header says " +
                total + " bytes, the file has " + size);
        }
        final ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, trailer, size - TRAILER_BYTES, file);
        if (trailer.getLong(0) != TRAILER_MAGIC || trailer.getLong(8) != total)
        {
            throw new ReplaySnapshotException(file, "trailer is missing or corrupted");
        }

        final SlotStore store = replay.slotStore();
        final PriorityTrees tree = replay.treesOrNull();
        final int capacity = store.capacity;
        final int slotLength = store.slotLength;
        final long startSlot = header.getLong(H_START_SLOT);
        final long metaOffset = header.getLong(H_META_OFFSET);
        final long metaLength = header.getLong(H_META_LENGTH);
        final long slotsOffset = header.getLong(H_SLOTS_OFFSET);
        final long leavesOffset = header.getLong(H_LEAVES_OFFSET);
        final long logOffset = header.getLong(H_LOG_OFFSET);
        final long logLength = header.getLong(H_LOG_LENGTH);
        if (startSlot < 0 || startSlot >= capacity || metaLength < 0 || metaLength > Integer.MAX_VALUE ||
            header.getLong(H_SLOTS_LENGTH) != (long)capacity * slotLength ||
            header.getLong(H_LEAVES_LENGTH) != (tree != null ? 8L * capacity : 0L) ||
            logLength < 0 || logLength > Integer.MAX_VALUE ||
            metaOffset < HEADER_BYTES || slotsOffset < metaOffset + metaLength ||
            leavesOffset < slotsOffset + (long)capacity * slotLength ||
            logOffset < leavesOffset + header.getLong(H_LEAVES_LENGTH) || logOffset + logLength + TRAILER_BYTES != total)
        {
            throw new ReplaySnapshotException(file, "section table is inconsistent");
        }

        // meta
        final byte[] meta = new byte[(int)metaLength];
        readFully(channel, ByteBuffer.wrap(meta), metaOffset, file);
        check(file, "meta", header.getLong(H_META_CRC), crc(meta));

        // slots, in ring order from startSlot, straight into the replay's storage
        final CRC32C slotsCrc = new CRC32C();
        int passed = 0;
        while (passed < capacity)
        {
            final int first = (int)((startSlot + passed) % capacity);
            int count = Math.min(capacity - passed, capacity - first);
            final int chunk = first >>> store.chunkShift;
            count = Math.min(count, ((chunk + 1) << store.chunkShift) - first);
            final ByteBuffer view = store.chunkBuffers[chunk].duplicate();
            final int from = store.offsetInChunk(first);
            view.limit(from + count * slotLength).position(from);
            readFully(channel, view, slotsOffset + (long)first * slotLength, file);
            view.limit(from + count * slotLength).position(from);
            slotsCrc.update(view);
            if (tree != null)
            {
                final ByteBuffer leaves = tree.byteBuffer().duplicate();
                final int leafFrom = tree.leafByteOffset(first);
                leaves.limit(leafFrom + 8 * count).position(leafFrom);
                readFully(channel, leaves, leavesOffset + 8L * first, file);
            }
            passed += count;
        }
        check(file, "slots", header.getLong(H_SLOTS_CRC), slotsCrc.getValue());
        if (tree != null)
        {
            final CRC32C leavesCrc = new CRC32C();
            passed = 0;
            while (passed < capacity)
            {
                final int first = (int)((startSlot + passed) % capacity);
                final int count = Math.min(capacity - passed, capacity - first);
                final ByteBuffer leaves = tree.byteBuffer().duplicate();
                final int leafFrom = tree.leafByteOffset(first);
                leaves.limit(leafFrom + 8 * count).position(leafFrom);
                leavesCrc.update(leaves);
                passed += count;
            }
            check(file, "leaves", header.getLong(H_LEAVES_CRC), leavesCrc.getValue());
        }

        // copy-on-write log: state at S of what changed before the main pass wrote it
        final ByteBuffer logBuffer = ByteBuffer.allocateDirect((int)Math.max(1, logLength));
        logBuffer.limit((int)logLength);
        readFully(channel, logBuffer, logOffset, file);
        logBuffer.flip();
        final CRC32C logCrc = new CRC32C();
        logCrc.update(logBuffer.duplicate());
        check(file, "log", header.getLong(H_LOG_CRC), logCrc.getValue());
        final UnsafeBuffer log = new UnsafeBuffer(logBuffer, 0, (int)logLength);
        int at = 0;
        while (at < logLength)
        {
            if (at + LOG_ENTRY_HEADER > logLength)
            {
                throw new ReplaySnapshotException(file, "log entry at " + at + " is cut short");
            }
            final int entryKind = log.getInt(at);
            final int slot = log.getInt(at + 4);
            if (slot < 0 || slot >= capacity)
            {
                throw new ReplaySnapshotException(file, "log entry at " + at + " names slot " + slot + " outside [0, " + capacity + ")");
            }
            if (entryKind == LOG_SLOT && at + LOG_ENTRY_HEADER + slotLength <= logLength)
            {
                log.getBytes(at + LOG_ENTRY_HEADER, store.chunkOf(slot), store.offsetInChunk(slot), slotLength);
                at += LOG_ENTRY_HEADER + slotLength;
            }
            else if (entryKind == LOG_LEAF && tree != null && at + LOG_ENTRY_HEADER + 8 <= logLength)
            {
                tree.putLeaf(slot, log.getDouble(at + LOG_ENTRY_HEADER));
                at += LOG_ENTRY_HEADER + 8;
            }
            else
            {
                throw new ReplaySnapshotException(file, "log entry at " + at + " has unknown kind " + entryKind + " or is cut short");
            }
        }

        try
        {
            replay.restoreMeta(new UnsafeBuffer(meta), meta.length);
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            throw new ReplaySnapshotException(file, "meta section is malformed: " + ex.getMessage(), ex);
        }
        replay.afterLoad();
    }

    private static long crc(final byte[] bytes)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return crc.getValue();
    }

    private static void check(final Path file, final String section, final long stored, final long computed)
        throws ReplaySnapshotException
    {
        if (stored != computed)
        {
            throw new ReplaySnapshotException(file, String.format(Locale.ROOT,
                "%s section is corrupted (CRC32C stored %08x, computed %08x)", section, stored, computed));
        }
    }

    private static void readFully(final FileChannel channel, final ByteBuffer target, final long position, final Path file)
        throws IOException
    {
        long at = position;
        while (target.hasRemaining())
        {
            final int read = channel.read(target, at);
            if (read < 0)
            {
                throw new ReplaySnapshotException(file, "truncated: ended at byte " + at);
            }
            at += read;
        }
    }
}
