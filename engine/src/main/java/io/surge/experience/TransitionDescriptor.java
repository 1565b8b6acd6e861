package io.surge.experience;

import org.agrona.BitUtil;

/**
 * Layout of one experience record: an n-step transition, or the final observation of an episode
 * that was cut short. Actors' adders ({@link NStepAdder}) write these records back to back into an
 * off-heap batch; the replay inserts the batch as it is ({@code Replay#insert}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       stream id (int32)                       |  0
 *  +-------------------------------+-------------------------------+
 *  |        flags (int16)          |  bootstrap steps k (int16)    |  4
 *  +-------------------------------+-------------------------------+
 *  |                  reward r_t (float32, one step)               |  8
 *  +---------------------------------------------------------------+
 *  |   discount d_t (float32, one step: gamma, or 0 if terminal)   | 12
 *  +---------------------------------------------------------------+
 *  |          n-step return G_t (float32, see NStepAdder)          | 16
 *  +---------------------------------------------------------------+
 *  |     bootstrap discount (float32): gamma^k, or 0 if terminal   | 20
 *  +---------------------------------------------------------------+
 *  |  initial |TD error| (float32); negative: use max priority    | 24
 *  +---------------------------------------------------------------+
 *  |   action: int32 index, or float32[actionSize] if continuous  | 28
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |               observation s_t: float32[obsSize]               | 28 + 4 * max(1, actionSize)
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |               zero padding to a multiple of 8 bytes           |
 *  +---------------------------------------------------------------+
 * </pre>
 * All fields little-endian (the platform order of every machine Surge runs on, as Agrona's default
 * accessors assume).
 *
 * <h2>Where the next observation is</h2>
 * A record never carries the bootstrap observation {@code s_{t+k}}: it is the observation of the
 * record {@code k} places later in the same stream (one stream per sub-environment of a vector
 * env, ids unique across actors). The records of one stream are written in time order, so the
 * replay links a transition to that later record when it arrives, and only then can the transition
 * be sampled. Episode ends:
 * <ul>
 *   <li>{@link #FLAG_TERMINATED}: the last transitions bootstrap from nothing (bootstrap discount
 *   0), so they are written with {@code k = 0}: no later record is needed, and the learner gets
 *   zeros as their next observation.</li>
 *   <li>{@link #FLAG_TRUNCATED}: the transitions bootstrap from the truncated state {@code s_T},
 *   which no transition starts from, so the adder writes one extra record with
 *   {@link #FLAG_FINAL_OBSERVATION}: only stream id, flags and observation are meaningful, it is
 *   never sampled, and it closes the stream's episode.</li>
 * </ul>
 * The cost is one slot per truncated episode instead of a second copy of every observation.
 */
public final class TransitionDescriptor
{
    /** Offset of the stream id (int32): the sub-environment the record comes from. */
    public static final int STREAM_ID_OFFSET = 0;
    /** Offset of the flags (int16). */
    public static final int FLAGS_OFFSET = 4;
    /** Offset of the number of steps k to the bootstrap state (int16, 0 = none). */
    public static final int BOOTSTRAP_STEPS_OFFSET = 6;
    /** Offset of the one-step reward r_t (float32). */
    public static final int REWARD_OFFSET = 8;
    /** Offset of the one-step discount d_t (float32). */
    public static final int DISCOUNT_OFFSET = 12;
    /** Offset of the n-step return G_t (float32). */
    public static final int RETURN_OFFSET = 16;
    /** Offset of the bootstrap discount (float32): the product of the k one-step discounts. */
    public static final int BOOTSTRAP_DISCOUNT_OFFSET = 20;
    /** Offset of the initial priority as an absolute TD error (float32, negative = max priority). */
    public static final int PRIORITY_OFFSET = 24;
    /** Offset of the action. */
    public static final int ACTION_OFFSET = 28;

    /** Flag: s_t is the first observation of an episode. */
    public static final short FLAG_FIRST = 1;
    /** Flag: the episode terminated within this transition's k steps (no bootstrap). */
    public static final short FLAG_TERMINATED = 2;
    /** Flag: the episode was truncated within this transition's k steps (bootstrap from s_T). */
    public static final short FLAG_TRUNCATED = 4;
    /** Flag: not a transition, only the final observation s_T of a truncated episode. */
    public static final short FLAG_FINAL_OBSERVATION = 8;

    private final int observationSize;
    private final int actionSize;
    private final int observationOffset;
    private final int recordLength;

    /**
     * The layout for an observation and action size.
     *
     * @param observationSize floats per observation, at least 1.
     * @param actionSize      0 for a discrete action (one int32), else the number of floats of a
     *                        continuous action.
     */
    public TransitionDescriptor(final int observationSize, final int actionSize)
    {
        if (observationSize < 1)
        {
            throw new IllegalArgumentException("observationSize must be >= 1, got " + observationSize);
        }
        if (actionSize < 0)
        {
            throw new IllegalArgumentException("actionSize must be 0 (discrete) or the continuous action's size, got " + actionSize);
        }
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        this.observationOffset = ACTION_OFFSET + Float.BYTES * Math.max(1, actionSize);
        final long length = BitUtil.align((long)observationOffset + (long)Float.BYTES * observationSize, 8);
        if (length > Integer.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("record of " + length + " bytes is too large");
        }
        this.recordLength = (int)length;
    }

    /**
     * Floats per observation.
     *
     * @return the observation size.
     */
    public int observationSize()
    {
        return observationSize;
    }

    /**
     * 0 for a discrete action, else the floats of a continuous action.
     *
     * @return the action size.
     */
    public int actionSize()
    {
        return actionSize;
    }

    /**
     * Whether actions are discrete (one int32).
     *
     * @return true if discrete.
     */
    public boolean discrete()
    {
        return actionSize == 0;
    }

    /**
     * Offset of the observation in a record.
     *
     * @return the offset in bytes.
     */
    public int observationOffset()
    {
        return observationOffset;
    }

    /**
     * Bytes per record, a multiple of 8.
     *
     * @return the record length.
     */
    public int recordLength()
    {
        return recordLength;
    }

    @Override
    public String toString()
    {
        return "TransitionDescriptor{observationSize=" + observationSize + ", actionSize=" + actionSize +
            ", recordLength=" + recordLength + "}";
    }
}
