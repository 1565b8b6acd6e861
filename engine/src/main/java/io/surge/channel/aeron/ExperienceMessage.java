package io.surge.channel.aeron;

import io.surge.experience.TrajectoryDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * An experience message: the records of one {@link io.surge.channel.ExperienceSlot} (n-step
 * transitions, R2D2 sequences, or IMPALA unrolls for {@link MessageType#TRAJECTORY}), as the
 * actor's adder laid them out, back to back.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          header (MessageHeader), type EXPERIENCE or TRAJECTORY |  0
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                 record length in bytes (int32)                | 32
 *  +---------------------------------------------------------------+
 *  |                    record count n (int32)                     | 36
 *  +---------------------------------------------------------------+
 *  |              source: index of the actor (int32)               | 40
 *  +---------------------------------------------------------------+
 *  |    unroll length T (int32): trajectories; 0 for experience     | 44
 *  +---------------------------------------------------------------+
 *  |          n records, each of record length bytes               | 48
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * Checks ({@link #check}): record length equal to the channel's; {@code 1 <= n <= maxRecords};
 * frame length exactly {@code 48 + n * record length}; source in {@code [0, maxSource)}; every
 * record's stream id (int32 at record offset 0) non-negative; for trajectories T equal to the
 * channel's, in the body and in every record.
 *
 * <p>Threading: static accessors over the caller's buffer; no state.
 */
public final class ExperienceMessage
{
    /** Offset of the record length (int32). */
    public static final int RECORD_LENGTH_OFFSET = MessageHeader.LENGTH;
    /** Offset of the record count (int32). */
    public static final int COUNT_OFFSET = MessageHeader.LENGTH + 4;
    /** Offset of the source actor (int32). */
    public static final int SOURCE_OFFSET = MessageHeader.LENGTH + 8;
    /** Offset of the unroll length (int32). */
    public static final int UNROLL_LENGTH_OFFSET = MessageHeader.LENGTH + 12;
    /** Offset of the first record. */
    public static final int RECORDS_OFFSET = MessageHeader.LENGTH + 16;

    private ExperienceMessage()
    {
    }

    /**
     * Writes the header and body fields (not the records) of a message.
     *
     * @param buffer   the buffer.
     * @param offset   where the message starts.
     * @param format   the channel's format.
     * @param count    records that follow.
     * @param source   the actor that wrote them.
     * @param runId    the run.
     * @param sender   the sender's instance id.
     * @param sequence the sender's sequence.
     * @return the whole message's length.
     */
    public static int writeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final ExperienceFormat format,
        final int count,
        final int source,
        final long runId,
        final long sender,
        final long sequence)
    {
        final int frameLength = RECORDS_OFFSET + count * format.recordLength();
        MessageHeader.write(buffer, offset, frameLength, format.type(), runId, sender, sequence);
        buffer.putInt(offset + RECORD_LENGTH_OFFSET, format.recordLength());
        buffer.putInt(offset + COUNT_OFFSET, count);
        buffer.putInt(offset + SOURCE_OFFSET, source);
        buffer.putInt(offset + UNROLL_LENGTH_OFFSET, format.unrollLength());
        return frameLength;
    }

    /**
     * The record count.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return n.
     */
    public static int count(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + COUNT_OFFSET);
    }

    /**
     * The record length.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return bytes per record.
     */
    public static int recordLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + RECORD_LENGTH_OFFSET);
    }

    /**
     * The source actor.
     *
     * @param buffer the buffer.
     * @param offset where the message starts.
     * @return the actor index.
     */
    public static int source(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SOURCE_OFFSET);
    }

    /**
     * Checks the body of a message whose header passed {@link MessageValidator#check}.
     *
     * @param buffer the received bytes.
     * @param offset where the message starts.
     * @param length bytes received.
     * @param format the channel's format.
     * @return null when valid, else why not (safe on any bytes: reads nothing beyond length).
     */
    public static RejectReason check(
        final DirectBuffer buffer, final int offset, final int length, final ExperienceFormat format)
    {
        if (length < MessageHeader.LENGTH)
        {
            return RejectReason.TOO_SHORT;
        }
        if (MessageHeader.type(buffer, offset) != format.type())
        {
            return RejectReason.UNEXPECTED_TYPE;
        }
        if (length < RECORDS_OFFSET)
        {
            return RejectReason.BAD_BODY;
        }
        final int recordLength = recordLength(buffer, offset);
        final int count = count(buffer, offset);
        final int source = source(buffer, offset);
        if (recordLength != format.recordLength() || count < 1 || count > format.maxRecords() ||
            source < 0 || source >= format.maxSource() ||
            buffer.getInt(offset + UNROLL_LENGTH_OFFSET) != format.unrollLength() ||
            length != RECORDS_OFFSET + count * recordLength)
        {
            return RejectReason.BAD_BODY;
        }
        final boolean trajectory = format.type() == MessageType.TRAJECTORY;
        for (int i = 0, at = offset + RECORDS_OFFSET; i < count; i++, at += recordLength)
        {
            if (buffer.getInt(at) < 0)
            {
                return RejectReason.BAD_BODY;
            }
            if (trajectory && buffer.getShort(at + TrajectoryDescriptor.LENGTH_OFFSET) != format.unrollLength())
            {
                return RejectReason.BAD_BODY;
            }
        }
        return null;
    }
}
