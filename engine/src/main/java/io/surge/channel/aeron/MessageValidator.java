package io.surge.channel.aeron;

import org.agrona.DirectBuffer;

/**
 * Checks the header of a received message against what its channel accepts: the run id, the
 * schema version, the message types, the frame length (equal to the bytes received, and at most
 * the channel's bound). Bodies are checked by each message's own {@code check}.
 *
 * <p>Threading: immutable; any thread. Allocation-free.
 */
public final class MessageValidator
{
    private final long runId;
    private final int typeMask;
    private final int maxLength;

    /**
     * Makes a validator.
     *
     * @param runId     the run this process belongs to.
     * @param typeMask  OR of {@link MessageType#bit(int)} of the types the channel carries.
     * @param maxLength the longest message the channel accepts, header included.
     */
    public MessageValidator(final long runId, final int typeMask, final int maxLength)
    {
        if (maxLength < MessageHeader.LENGTH)
        {
            throw new IllegalArgumentException("maxLength " + maxLength + " is shorter than a header");
        }
        this.runId = runId;
        this.typeMask = typeMask;
        this.maxLength = maxLength;
    }

    /**
     * Checks a header.
     *
     * @param buffer the received bytes.
     * @param offset where the message starts.
     * @param length how many bytes were received.
     * @return null when the header is acceptable, else why not.
     */
    public RejectReason check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeader.LENGTH)
        {
            return RejectReason.TOO_SHORT;
        }
        if (length > maxLength)
        {
            return RejectReason.TOO_LONG;
        }
        if (MessageHeader.frameLength(buffer, offset) != length)
        {
            return RejectReason.LENGTH_MISMATCH;
        }
        if (MessageHeader.version(buffer, offset) != MessageHeader.SCHEMA_VERSION)
        {
            return RejectReason.UNKNOWN_VERSION;
        }
        if (MessageHeader.runId(buffer, offset) != runId)
        {
            return RejectReason.WRONG_RUN;
        }
        final int type = MessageHeader.type(buffer, offset);
        if (type >= 31 || (typeMask & MessageType.bit(type)) == 0)
        {
            return RejectReason.UNEXPECTED_TYPE;
        }
        return null;
    }

    /**
     * The longest message accepted.
     *
     * @return bytes, header included.
     */
    public int maxLength()
    {
        return maxLength;
    }

    /**
     * The run id accepted.
     *
     * @return the run id.
     */
    public long runId()
    {
        return runId;
    }
}
