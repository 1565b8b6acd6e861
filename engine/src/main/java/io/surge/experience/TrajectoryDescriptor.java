package io.surge.experience;

import org.agrona.BitUtil;

/**
 * Layout of one IMPALA unroll: T consecutive steps of one actor's sub-environment with the
 * behaviour policy's log-probabilities, the observation after the last step (to bootstrap V-trace),
 * the recurrent state before the first step, and the version of the parameters that acted.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       stream id (int32)                       |  0
 *  +-------------------------------+-------------------------------+
 *  |        reserved (int16)       |       unroll length T (int16) |  4
 *  +-------------------------------+-------------------------------+
 *  |      policy version of the first step (int64)                |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      recurrent state before step 0: float32[stateSize]        | 16
 *  +---------------------------------------------------------------+
 *  |      observations s_0 .. s_T: float32[(T + 1) * obsSize]      | observationsOffset()
 *  +---------------------------------------------------------------+
 *  |      actions: int32[T], or float32[T * actionSize]            | actionsOffset()
 *  +---------------------------------------------------------------+
 *  |      rewards: float32[T]                                      | rewardsOffset()
 *  +---------------------------------------------------------------+
 *  |      discounts: float32[T] (γ; 0 where an episode ended)      | discountsOffset()
 *  +---------------------------------------------------------------+
 *  |      behaviour log-probabilities log μ(a_t|s_t): float32[T]   | logProbsOffset()
 *  +---------------------------------------------------------------+
 *  |      step flags: int8[T] (FIRST, TERMINATED, TRUNCATED)       | stepFlagsOffset()
 *  +---------------------------------------------------------------+
 *  |      zero padding to a multiple of 8 bytes                    |
 *  +---------------------------------------------------------------+
 * </pre>
 * Unrolls run across episode boundaries, as in IMPALA: after a step that ends an episode the next
 * observation slot holds the new episode's first observation and the next step is flagged
 * {@link #STEP_FIRST} (a recurrent learner resets its state there). Consecutive unrolls of a stream
 * share one observation: the last of one is the first of the next. Little-endian.
 */
public final class TrajectoryDescriptor
{
    /** Offset of the stream id (int32). */
    public static final int STREAM_ID_OFFSET = 0;
    /** Offset of the unroll length (int16). */
    public static final int LENGTH_OFFSET = 6;
    /** Offset of the policy version (int64). */
    public static final int POLICY_VERSION_OFFSET = 8;
    /** Offset of the recurrent state. */
    public static final int STATE_OFFSET = 16;

    /** Step flag: the step starts an episode. */
    public static final byte STEP_FIRST = 1;
    /** Step flag: the episode terminated at this step. */
    public static final byte STEP_TERMINATED = 2;
    /** Step flag: the episode was truncated at this step. */
    public static final byte STEP_TRUNCATED = 4;

    private final int observationSize;
    private final int actionSize;
    private final int stateSize;
    private final int unrollLength;
    private final int observationsOffset;
    private final int actionsOffset;
    private final int rewardsOffset;
    private final int discountsOffset;
    private final int logProbsOffset;
    private final int stepFlagsOffset;
    private final int recordLength;

    /**
     * The layout for the given sizes.
     *
     * @param observationSize floats per observation, at least 1.
     * @param actionSize      0 for discrete actions, else floats per continuous action.
     * @param stateSize       floats of the recurrent state, at least 0.
     * @param unrollLength    T, in [1, 32767].
     */
    public TrajectoryDescriptor(final int observationSize, final int actionSize, final int stateSize, final int unrollLength)
    {
        if (observationSize < 1 || actionSize < 0 || stateSize < 0 || unrollLength < 1 || unrollLength > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException("observationSize >= 1, actionSize >= 0, stateSize >= 0 and unrollLength in " +
                "[1, 32767] needed; got " + observationSize + ", " + actionSize + ", " + stateSize + ", " + unrollLength);
        }
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        this.stateSize = stateSize;
        this.unrollLength = unrollLength;
        final long obs = STATE_OFFSET + 4L * stateSize;
        final long actions = obs + 4L * (unrollLength + 1) * observationSize;
        final long rewards = actions + 4L * unrollLength * Math.max(1, actionSize);
        final long discounts = rewards + 4L * unrollLength;
        final long logProbs = discounts + 4L * unrollLength;
        final long flags = logProbs + 4L * unrollLength;
        final long end = BitUtil.align(flags + unrollLength, 8);
        if (end > Integer.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("unroll record of " + end + " bytes is too large");
        }
        observationsOffset = (int)obs;
        actionsOffset = (int)actions;
        rewardsOffset = (int)rewards;
        discountsOffset = (int)discounts;
        logProbsOffset = (int)logProbs;
        stepFlagsOffset = (int)flags;
        recordLength = (int)end;
    }

    /**
     * Floats per observation.
     *
     * @return the size.
     */
    public int observationSize()
    {
        return observationSize;
    }

    /**
     * 0 for discrete actions, else floats per continuous action.
     *
     * @return the size.
     */
    public int actionSize()
    {
        return actionSize;
    }

    /**
     * Whether actions are discrete.
     *
     * @return true if discrete.
     */
    public boolean discrete()
    {
        return actionSize == 0;
    }

    /**
     * Floats of the recurrent state.
     *
     * @return the size.
     */
    public int stateSize()
    {
        return stateSize;
    }

    /**
     * Steps per unroll, T.
     *
     * @return T.
     */
    public int unrollLength()
    {
        return unrollLength;
    }

    /**
     * Offset of the T + 1 observations.
     *
     * @return the offset.
     */
    public int observationsOffset()
    {
        return observationsOffset;
    }

    /**
     * Offset of the actions.
     *
     * @return the offset.
     */
    public int actionsOffset()
    {
        return actionsOffset;
    }

    /**
     * Offset of the rewards.
     *
     * @return the offset.
     */
    public int rewardsOffset()
    {
        return rewardsOffset;
    }

    /**
     * Offset of the discounts.
     *
     * @return the offset.
     */
    public int discountsOffset()
    {
        return discountsOffset;
    }

    /**
     * Offset of the behaviour log-probabilities.
     *
     * @return the offset.
     */
    public int logProbsOffset()
    {
        return logProbsOffset;
    }

    /**
     * Offset of the per-step flags.
     *
     * @return the offset.
     */
    public int stepFlagsOffset()
    {
        return stepFlagsOffset;
    }

    /**
     * Bytes per record, a multiple of 8.
     *
     * @return the length.
     */
    public int recordLength()
    {
        return recordLength;
    }
}
