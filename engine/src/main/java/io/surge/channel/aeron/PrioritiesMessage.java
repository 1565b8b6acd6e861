package io.surge.channel.aeron;

import io.surge.channel.PrioritySlot;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A priority update from the learner to the replay: the replay ids of one sampled batch and
 * their new absolute TD errors (one {@link PrioritySlot}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              header (MessageHeader), type PRIORITIES          |  0
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                       entry count n (int32)                   | 32
 *  +---------------------------------------------------------------+
 *  |                        reserved (int32, 0)                    | 36
 *  +---------------------------------------------------------------+
 *  |                    replay ids: int64[n]                       | 40
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                    |δ|: float32[n]                          | 40 + 8n
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 * Checks ({@link #check}): {@code 1 <= n <= capacity}, frame length exactly {@code 40 + 12n},
 * every |δ| finite and non-negative.
 *
 * <p>Threading: static methods over the caller's buffer; no state. Allocation-free.
 */
public final class PrioritiesMessage
{
    /** Offset of the count (int32). */
    public static final int COUNT_OFFSET = MessageHeader.LENGTH;
    /** Offset of the ids. */
    public static final int IDS_OFFSET = MessageHeader.LENGTH + 8;

    private PrioritiesMessage()
    {
    }

    /**
     * The length of a message of n entries.
     *
     * @param count n.
     * @return bytes.
     */
    public static int length(final int count)
    {
        return IDS_OFFSET + 12 * count;
    }

    /**
     * Encodes a slot.
     *
     * @param buffer   the buffer, at least {@link #length(int)} bytes from offset.
     * @param offset   where the message starts.
     * @param slot     the priorities.
     * @param runId    the run.
     * @param sender   the sender's instance id.
     * @param sequence the sender's sequence.
     * @return the message's length.
     */
    public static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final PrioritySlot slot,
        final long runId,
        final long sender,
        final long sequence)
    {
        final int count = slot.count;
        final int frameLength = length(count);
        MessageHeader.write(buffer, offset, frameLength, MessageType.PRIORITIES, runId, sender, sequence);
        buffer.putInt(offset + COUNT_OFFSET, count);
        buffer.putInt(offset + COUNT_OFFSET + 4, 0);
        final int errors = offset + IDS_OFFSET + 8 * count;
        for (int i = 0; i < count; i++)
        {
            buffer.putLong(offset + IDS_OFFSET + 8 * i, slot.ids[i]);
            buffer.putFloat(errors + 4 * i, slot.tdErrors[i]);
        }
        return frameLength;
    }

    /**
     * Checks the body of a message whose header passed {@link MessageValidator#check}.
     *
     * @param buffer   the received bytes.
     * @param offset   where the message starts.
     * @param length   bytes received.
     * @param capacity the largest batch the receiver holds.
     * @return null when valid, else why not (safe on any bytes: reads nothing beyond length).
     */
    public static RejectReason check(final DirectBuffer buffer, final int offset, final int length, final int capacity)
    {
        if (length < MessageHeader.LENGTH)
        {
            return RejectReason.TOO_SHORT;
        }
        if (MessageHeader.type(buffer, offset) != MessageType.PRIORITIES)
        {
            return RejectReason.UNEXPECTED_TYPE;
        }
        if (length < IDS_OFFSET)
        {
            return RejectReason.BAD_BODY;
        }
        final int count = buffer.getInt(offset + COUNT_OFFSET);
        if (count < 1 || count > capacity || length != length(count))
        {
            return RejectReason.BAD_BODY;
        }
        final int errors = offset + IDS_OFFSET + 8 * count;
        for (int i = 0; i < count; i++)
        {
            final float e = buffer.getFloat(errors + 4 * i);
            if (!(e >= 0f) || e == Float.POSITIVE_INFINITY)
            {
                return RejectReason.BAD_BODY;
            }
        }
        return null;
    }

    /**
     * Decodes a checked message into a slot.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @param slot   receives ids, |δ| and count.
     */
    public static void decode(final DirectBuffer buffer, final int offset, final PrioritySlot slot)
    {
        final int count = buffer.getInt(offset + COUNT_OFFSET);
        final int errors = offset + IDS_OFFSET + 8 * count;
        for (int i = 0; i < count; i++)
        {
            slot.ids[i] = buffer.getLong(offset + IDS_OFFSET + 8 * i);
            slot.tdErrors[i] = buffer.getFloat(errors + 4 * i);
        }
        slot.count = count;
    }
}
