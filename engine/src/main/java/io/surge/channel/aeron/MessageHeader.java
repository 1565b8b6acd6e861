package io.surge.channel.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The header every Surge message starts with: its length, type, schema version, the run it
 * belongs to, who sent it and the sender's sequence number on that flow.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            frame length: whole message, header included       |  0
 *  +-------------------------------+-------------------------------+
 *  |      message type (uint16)    |    schema version (uint16)    |  4
 *  +-------------------------------+-------------------------------+
 *  |                          run id (int64)                       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  sender instance id (int64)                   | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     sequence (int64): the sender's count of earlier messages  | 24
 *  |     on this flow, from 0; a receiver sees gaps as losses      |
 *  +---------------------------------------------------------------+
 *  |                         body ...                              | 32
 * </pre>
 * Little-endian, as every Surge layout. A receiver rejects (and counts) a message whose frame
 * length differs from the number of bytes received, whose schema version is not
 * {@link #SCHEMA_VERSION}, whose run id is not its own, or whose type is not one its channel
 * carries ({@link MessageValidator}).
 *
 * <p>Threading: static accessors over the caller's buffer; no state.
 */
public final class MessageHeader
{
    /** The schema version this build writes and accepts. */
    public static final int SCHEMA_VERSION = 1;

    /** Offset of the frame length (int32). */
    public static final int FRAME_LENGTH_OFFSET = 0;
    /** Offset of the message type (uint16). */
    public static final int TYPE_OFFSET = 4;
    /** Offset of the schema version (uint16). */
    public static final int VERSION_OFFSET = 6;
    /** Offset of the run id (int64). */
    public static final int RUN_ID_OFFSET = 8;
    /** Offset of the sender instance id (int64). */
    public static final int SENDER_OFFSET = 16;
    /** Offset of the sequence (int64). */
    public static final int SEQUENCE_OFFSET = 24;
    /** Length of the header; bodies start here. */
    public static final int LENGTH = 32;

    private MessageHeader()
    {
    }

    /**
     * Writes a header with this build's schema version.
     *
     * @param buffer      the buffer.
     * @param offset      where the message starts.
     * @param frameLength the whole message's length in bytes.
     * @param type        one of {@link MessageType}.
     * @param runId       the run.
     * @param sender      the sender's instance id.
     * @param sequence    the sender's sequence on this flow.
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int frameLength,
        final int type,
        final long runId,
        final long sender,
        final long sequence)
    {
        buffer.putInt(offset + FRAME_LENGTH_OFFSET, frameLength);
        buffer.putShort(offset + TYPE_OFFSET, (short)type);
        buffer.putShort(offset + VERSION_OFFSET, (short)SCHEMA_VERSION);
        buffer.putLong(offset + RUN_ID_OFFSET, runId);
        buffer.putLong(offset + SENDER_OFFSET, sender);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence);
    }

    /**
     * The frame length field.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return the length written by the sender (not yet checked).
     */
    public static int frameLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + FRAME_LENGTH_OFFSET);
    }

    /**
     * The message type field.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return the type, 0 to 65535.
     */
    public static int type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + TYPE_OFFSET) & 0xFFFF;
    }

    /**
     * The schema version field.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return the version, 0 to 65535.
     */
    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + VERSION_OFFSET) & 0xFFFF;
    }

    /**
     * The run id field.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return the run id.
     */
    public static long runId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + RUN_ID_OFFSET);
    }

    /**
     * The sender field.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return the sender's instance id.
     */
    public static long sender(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SENDER_OFFSET);
    }

    /**
     * The sequence field.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return the sequence.
     */
    public static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET);
    }
}
