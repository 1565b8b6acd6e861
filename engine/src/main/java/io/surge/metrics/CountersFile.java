package io.surge.metrics;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Layout of {@code counters.dat}: the memory-mapped file through which a run's counters and
 * distinct-error log are read live by another process ({@code surge stat}), as Aeron's CnC file.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic 'SRGC' (0x43475253)                  |  0
 *  +---------------------------------------------------------------+
 *  |                       Format version                          |  4
 *  +---------------------------------------------------------------+
 *  |                          Run id                               |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Process id                             | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Start time (epoch ms)                        | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Heartbeat time (epoch ms), written with release order  | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Metadata buffer length                       | 40
 *  +---------------------------------------------------------------+
 *  |                   Values buffer length                        | 44
 *  +---------------------------------------------------------------+
 *  |                  Error log buffer length                      | 48
 *  +---------------------------------------------------------------+
 *  |        Run status: 0 running, 1 finished, 2 failed            | 52
 *  +---------------------------------------------------------------+
 *  |                  Reserved up to byte 128                      | 56
 *  +---------------------------------------------------------------+
 *  |     Counters metadata buffer (Agrona CountersManager)         | 128
 *  +---------------------------------------------------------------+
 *  |     Counters values buffer (one 128-byte slot per counter)    |
 *  +---------------------------------------------------------------+
 *  |     Distinct error log (Agrona DistinctErrorLog)              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * All fields little-endian. The writer is the run; readers map the file read-only.
 */
public final class CountersFile
{
    /** File name inside a run directory. */
    public static final String FILE_NAME = "counters.dat";
    /** 'SRGC' little-endian. */
    public static final int MAGIC = 0x43475253;
    /** Version of this layout. */
    public static final int FORMAT_VERSION = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the run id. */
    public static final int RUN_ID_OFFSET = 8;
    /** Offset of the process id. */
    public static final int PID_OFFSET = 16;
    /** Offset of the start time. */
    public static final int START_TIME_OFFSET = 24;
    /** Offset of the heartbeat time. */
    public static final int HEARTBEAT_OFFSET = 32;
    /** Offset of the metadata buffer length. */
    public static final int METADATA_LENGTH_OFFSET = 40;
    /** Offset of the values buffer length. */
    public static final int VALUES_LENGTH_OFFSET = 44;
    /** Offset of the error log length. */
    public static final int ERROR_LOG_LENGTH_OFFSET = 48;
    /** Offset of the run status. */
    public static final int STATUS_OFFSET = 52;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 128;

    /** Status: the run is going on. */
    public static final int STATUS_RUNNING = 0;
    /** Status: the run ended normally. */
    public static final int STATUS_FINISHED = 1;
    /** Status: the run stopped on an error. */
    public static final int STATUS_FAILED = 2;

    /** Default number of counter slots. */
    public static final int DEFAULT_MAX_COUNTERS = 512;
    /** Default error log length. */
    public static final int DEFAULT_ERROR_LOG_LENGTH = 1024 * 1024;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final AtomicBuffer metadata;
    private final AtomicBuffer values;
    private final AtomicBuffer errorLog;

    private CountersFile(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        header = new UnsafeBuffer(all, 0, HEADER_LENGTH);
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        final int errorLength = header.getInt(ERROR_LOG_LENGTH_OFFSET);
        metadata = new UnsafeBuffer(all, HEADER_LENGTH, metadataLength);
        values = new UnsafeBuffer(all, HEADER_LENGTH + metadataLength, valuesLength);
        errorLog = new UnsafeBuffer(all, HEADER_LENGTH + metadataLength + valuesLength, errorLength);
    }

    /**
     * Creates and maps a new counters file, writing its header.
     *
     * @param file           the file; must not exist.
     * @param maxCounters    counter slots.
     * @param errorLogLength bytes for the distinct-error log.
     * @param runId          the run's id.
     * @param startTimeMs    the run's start, epoch ms.
     * @return the mapped file.
     * @throws IOException if it cannot be made.
     */
    public static CountersFile create(
        final Path file, final int maxCounters, final int errorLogLength, final long runId, final long startTimeMs)
        throws IOException
    {
        final int metadataLength = maxCounters * CountersReader.METADATA_LENGTH;
        final int valuesLength = maxCounters * CountersReader.COUNTER_LENGTH;
        final long total = (long)HEADER_LENGTH + metadataLength + valuesLength + errorLogLength;
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, total);
        }
        final UnsafeBuffer h = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        h.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        h.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        h.putInt(ERROR_LOG_LENGTH_OFFSET, errorLogLength);
        h.putLong(RUN_ID_OFFSET, runId);
        h.putLong(PID_OFFSET, ProcessHandle.current().pid());
        h.putLong(START_TIME_OFFSET, startTimeMs);
        h.putLong(HEARTBEAT_OFFSET, startTimeMs);
        h.putInt(STATUS_OFFSET, STATUS_RUNNING);
        h.putInt(VERSION_OFFSET, FORMAT_VERSION);
        // The magic goes last, with release order, so a reader never sees a half-written header.
        h.putIntRelease(MAGIC_OFFSET, MAGIC);
        return new CountersFile(mapped);
    }

    /**
     * Maps an existing counters file read-only (from another process).
     *
     * @param file the file.
     * @return the mapped file.
     * @throws IOException if it is missing, too short, or not a counters file of this version.
     */
    public static CountersFile open(final Path file) throws IOException
    {
        final long size = Files.size(file);
        if (size < HEADER_LENGTH)
        {
            throw new IOException(file + " is not a Surge counters file (" + size + " bytes)");
        }
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        final UnsafeBuffer h = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        if (h.getIntVolatile(MAGIC_OFFSET) != MAGIC)
        {
            IoUtil.unmap(mapped);
            throw new IOException(file + " is not a Surge counters file (bad magic)");
        }
        if (h.getInt(VERSION_OFFSET) != FORMAT_VERSION)
        {
            final int version = h.getInt(VERSION_OFFSET);
            IoUtil.unmap(mapped);
            throw new IOException(file + " has counters format version " + version + "; this Surge reads version " + FORMAT_VERSION);
        }
        final long expected = (long)HEADER_LENGTH + h.getInt(METADATA_LENGTH_OFFSET) + h.getInt(VALUES_LENGTH_OFFSET) +
            h.getInt(ERROR_LOG_LENGTH_OFFSET);
        if (expected != size)
        {
            IoUtil.unmap(mapped);
            throw new IOException(file + " is truncated or damaged: header says " + expected + " bytes, file has " + size);
        }
        return new CountersFile(mapped);
    }

    /**
     * The counters metadata buffer.
     *
     * @return the buffer.
     */
    public AtomicBuffer metadataBuffer()
    {
        return metadata;
    }

    /**
     * The counters values buffer.
     *
     * @return the buffer.
     */
    public AtomicBuffer valuesBuffer()
    {
        return values;
    }

    /**
     * The distinct error log buffer.
     *
     * @return the buffer.
     */
    public AtomicBuffer errorLogBuffer()
    {
        return errorLog;
    }

    /**
     * The run id.
     *
     * @return the id.
     */
    public long runId()
    {
        return header.getLong(RUN_ID_OFFSET);
    }

    /**
     * The writer's process id.
     *
     * @return the pid.
     */
    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /**
     * The run's start time.
     *
     * @return epoch ms.
     */
    public long startTimeMs()
    {
        return header.getLong(START_TIME_OFFSET);
    }

    /**
     * The last heartbeat.
     *
     * @return epoch ms.
     */
    public long heartbeatTimeMs()
    {
        return header.getLongVolatile(HEARTBEAT_OFFSET);
    }

    /**
     * Writes the heartbeat (writer side).
     *
     * @param nowMs epoch ms.
     */
    public void heartbeat(final long nowMs)
    {
        header.putLongRelease(HEARTBEAT_OFFSET, nowMs);
    }

    /**
     * The run status.
     *
     * @return one of the {@code STATUS_*} values.
     */
    public int status()
    {
        return header.getIntVolatile(STATUS_OFFSET);
    }

    /**
     * Sets the run status (writer side).
     *
     * @param status one of the {@code STATUS_*} values.
     */
    public void status(final int status)
    {
        header.putIntRelease(STATUS_OFFSET, status);
    }

    /** Flushes (when writable) and unmaps. The buffers must not be used afterwards. */
    public void close()
    {
        if (!mapped.isReadOnly())
        {
            mapped.force();
        }
        IoUtil.unmap(mapped);
    }
}
