package io.surge.channel.aeron;

/**
 * Message types of the header's type field, and the set of types a channel carries as a bit mask
 * ({@code 1 << type}).
 */
public final class MessageType
{
    /** A batch of experience records (n-step transitions or sequences): {@link ExperienceMessage}. */
    public static final int EXPERIENCE = 1;
    /** A batch of IMPALA unrolls: {@link ExperienceMessage} with a checked unroll length. */
    public static final int TRAJECTORY = 2;
    /** Replay ids and new |δ|: {@link PrioritiesMessage}. */
    public static final int PRIORITIES = 3;
    /** One chunk of a parameter vector: {@link ParameterChunkMessage}. */
    public static final int PARAMETERS = 4;
    /** Hello, heartbeat or goodbye: {@link ControlMessage}. */
    public static final int CONTROL = 5;

    private MessageType()
    {
    }

    /**
     * The bit of a type in a channel's mask.
     *
     * @param type the type.
     * @return {@code 1 << type}.
     */
    public static int bit(final int type)
    {
        return 1 << type;
    }

    /**
     * A type's name, for messages and logs.
     *
     * @param type the type.
     * @return the name, or {@code unknown(n)}.
     */
    public static String name(final int type)
    {
        return switch (type)
        {
            case EXPERIENCE -> "experience";
            case TRAJECTORY -> "trajectory";
            case PRIORITIES -> "priorities";
            case PARAMETERS -> "parameters";
            case CONTROL -> "control";
            default -> "unknown(" + type + ")";
        };
    }
}
