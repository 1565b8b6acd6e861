package io.surge.channel.aeron;

/**
 * Why a received message was rejected; each reason has its own counter ({@link Rejections}).
 */
public enum RejectReason
{
    /** Fewer bytes than a header. */
    TOO_SHORT("shorter than a header"),
    /** More bytes than the channel's bound: never assembled, never copied. */
    TOO_LONG("longer than the channel allows"),
    /** The header's frame length differs from the bytes received. */
    LENGTH_MISMATCH("length disagrees with its header"),
    /** A schema version this build does not read. */
    UNKNOWN_VERSION("unknown schema version"),
    /** Another run's message. */
    WRONG_RUN("wrong run id"),
    /** A type this channel does not carry. */
    UNEXPECTED_TYPE("unexpected message type"),
    /** The body's own fields are inconsistent or out of range. */
    BAD_BODY("malformed body");

    private final String label;

    RejectReason(final String label)
    {
        this.label = label;
    }

    /**
     * Words for the counter label.
     *
     * @return the label.
     */
    public String label()
    {
        return label;
    }
}
