package io.surge.channel.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One chunk of a parameter vector, learner to actors. A vector of {@code total} floats is cut into
 * {@code ceil(total / chunkFloats)} chunks of {@code chunkFloats} (the last one shorter); sender and
 * receivers take both numbers from the same configuration and reject a chunk that disagrees, so a
 * receiver's buffers are sized once from its own configuration, never from the wire. Chunks are
 * reassembled by version ({@link ParameterAssembler}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              header (MessageHeader), type PARAMETERS          |  0
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                    parameter version (int64)                  | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   broadcast start (int64, sender's monotonic clock, ns)       | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                total length of the vector in floats           | 48
 *  +---------------------------------------------------------------+
 *  |                       chunk index (int32)                     | 52
 *  +---------------------------------------------------------------+
 *  |                       chunk count (int32)                     | 56
 *  +---------------------------------------------------------------+
 *  |                chunk offset in the vector, floats             | 60
 *  +---------------------------------------------------------------+
 *  |                 chunk length in floats, m                     | 64
 *  +---------------------------------------------------------------+
 *  |                        reserved (int32, 0)                    | 68
 *  +---------------------------------------------------------------+
 *  |                    payload: float32[m]                        | 72
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * Checks ({@link #check}): version non-negative, total equal to the receiver's vector length,
 * count equal to {@code ceil(total / chunkFloats)}, {@code 0 <= index < count}, offset
 * {@code index * chunkFloats}, m {@code min(chunkFloats, total - offset)}, frame length exactly
 * {@code 72 + 4m}.
 *
 * <p>Threading: static methods over the caller's buffer; no state. Allocation-free.
 */
public final class ParameterChunkMessage
{
    /** Offset of the version (int64). */
    public static final int VERSION_OFFSET = MessageHeader.LENGTH;
    /** Offset of the broadcast start time (int64). */
    public static final int TIMESTAMP_OFFSET = MessageHeader.LENGTH + 8;
    /** Offset of the total length (int32). */
    public static final int TOTAL_OFFSET = MessageHeader.LENGTH + 16;
    /** Offset of the chunk index (int32). */
    public static final int INDEX_OFFSET = MessageHeader.LENGTH + 20;
    /** Offset of the chunk count (int32). */
    public static final int COUNT_OFFSET = MessageHeader.LENGTH + 24;
    /** Offset of the chunk's offset in the vector (int32). */
    public static final int CHUNK_OFFSET_OFFSET = MessageHeader.LENGTH + 28;
    /** Offset of the chunk length (int32). */
    public static final int CHUNK_LENGTH_OFFSET = MessageHeader.LENGTH + 32;
    /** Offset of the payload. */
    public static final int PAYLOAD_OFFSET = MessageHeader.LENGTH + 40;

    private ParameterChunkMessage()
    {
    }

    /**
     * Chunks of a vector.
     *
     * @param totalFloats the vector's length.
     * @param chunkFloats floats per chunk.
     * @return {@code ceil(total / chunkFloats)}, at least 1.
     */
    public static int chunkCount(final int totalFloats, final int chunkFloats)
    {
        return Math.max(1, (int)(((long)totalFloats + chunkFloats - 1) / chunkFloats));
    }

    /**
     * Floats in a chunk.
     *
     * @param totalFloats the vector's length.
     * @param chunkFloats floats per chunk.
     * @param index       the chunk.
     * @return its length.
     */
    public static int chunkLength(final int totalFloats, final int chunkFloats, final int index)
    {
        return Math.min(chunkFloats, totalFloats - index * chunkFloats);
    }

    /**
     * Writes the header and fields of a chunk (the payload follows at {@link #PAYLOAD_OFFSET}).
     *
     * @param buffer      the buffer.
     * @param offset      where the message starts.
     * @param version     the parameters' version.
     * @param startNs     when the broadcast of this version started (sender's {@code System.nanoTime()}).
     * @param totalFloats the vector's length.
     * @param chunkFloats floats per chunk.
     * @param index       the chunk.
     * @param runId       the run.
     * @param sender      the sender's instance id.
     * @param sequence    the sender's sequence.
     * @return the whole message's length.
     */
    public static int writeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final long version,
        final long startNs,
        final int totalFloats,
        final int chunkFloats,
        final int index,
        final long runId,
        final long sender,
        final long sequence)
    {
        final int length = chunkLength(totalFloats, chunkFloats, index);
        final int frameLength = PAYLOAD_OFFSET + 4 * length;
        MessageHeader.write(buffer, offset, frameLength, MessageType.PARAMETERS, runId, sender, sequence);
        buffer.putLong(offset + VERSION_OFFSET, version);
        buffer.putLong(offset + TIMESTAMP_OFFSET, startNs);
        buffer.putInt(offset + TOTAL_OFFSET, totalFloats);
        buffer.putInt(offset + INDEX_OFFSET, index);
        buffer.putInt(offset + COUNT_OFFSET, chunkCount(totalFloats, chunkFloats));
        buffer.putInt(offset + CHUNK_OFFSET_OFFSET, index * chunkFloats);
        buffer.putInt(offset + CHUNK_LENGTH_OFFSET, length);
        buffer.putInt(offset + CHUNK_LENGTH_OFFSET + 4, 0);
        return frameLength;
    }

    /**
     * The version of a chunk.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the version.
     */
    public static long version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + VERSION_OFFSET);
    }

    /**
     * The broadcast start time of a chunk.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the sender's nanoTime when it started broadcasting this version.
     */
    public static long startNs(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET);
    }

    /**
     * The chunk index.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the index.
     */
    public static int index(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + INDEX_OFFSET);
    }

    /**
     * The chunk length.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return floats in the chunk.
     */
    public static int chunkLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + CHUNK_LENGTH_OFFSET);
    }

    /**
     * Checks the body of a chunk whose header passed {@link MessageValidator#check}.
     *
     * @param buffer      the received bytes.
     * @param offset      where the message starts.
     * @param length      bytes received.
     * @param totalFloats the receiver's vector length.
     * @param chunkFloats floats per chunk.
     * @return null when valid, else why not (safe on any bytes: reads nothing beyond length).
     */
    public static RejectReason check(
        final DirectBuffer buffer, final int offset, final int length, final int totalFloats, final int chunkFloats)
    {
        if (length < MessageHeader.LENGTH)
        {
            return RejectReason.TOO_SHORT;
        }
        if (MessageHeader.type(buffer, offset) != MessageType.PARAMETERS)
        {
            return RejectReason.UNEXPECTED_TYPE;
        }
        if (length < PAYLOAD_OFFSET)
        {
            return RejectReason.BAD_BODY;
        }
        final int count = chunkCount(totalFloats, chunkFloats);
        final int index = index(buffer, offset);
        if (version(buffer, offset) < 0 ||
            buffer.getInt(offset + TOTAL_OFFSET) != totalFloats ||
            buffer.getInt(offset + COUNT_OFFSET) != count ||
            index < 0 || index >= count ||
            buffer.getInt(offset + CHUNK_OFFSET_OFFSET) != index * chunkFloats)
        {
            return RejectReason.BAD_BODY;
        }
        final int chunkLength = chunkLength(totalFloats, chunkFloats, index);
        if (chunkLength(buffer, offset) != chunkLength || length != PAYLOAD_OFFSET + 4 * chunkLength)
        {
            return RejectReason.BAD_BODY;
        }
        return null;
    }
}
