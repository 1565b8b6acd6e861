package io.surge.experience;

import org.agrona.BitUtil;

/**
 * Layout of one R2D2 sequence record: {@code L = burnIn + trainLength} consecutive steps of one
 * episode, the observation after the last step, and the recurrent state before the first step.
 * The learner unrolls its network over the first {@code burnIn} steps from the stored state without
 * a loss (burn-in), then trains on the rest.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       stream id (int32)                       |  0
 *  +-------------------------------+-------------------------------+
 *  |        flags (int16)          |    valid steps v (int16)      |  4
 *  +-------------------------------+-------------------------------+
 *  |   initial priority (float32): η max|δ| + (1-η) mean|δ|, &lt; 0: max |  8
 *  +---------------------------------------------------------------+
 *  |        step of the episode the sequence starts at (int32)     | 12
 *  +---------------------------------------------------------------+
 *  |        recurrent state before step 0: float32[stateSize]      | 16
 *  +---------------------------------------------------------------+
 *  |   observations s_0 .. s_L: float32[(L + 1) * obsSize]         | observationsOffset()
 *  +---------------------------------------------------------------+
 *  |   actions: int32[L], or float32[L * actionSize] if continuous | actionsOffset()
 *  +---------------------------------------------------------------+
 *  |   rewards r_0 .. r_{L-1}: float32[L]                          | rewardsOffset()
 *  +---------------------------------------------------------------+
 *  |   discounts d_0 .. d_{L-1}: float32[L] (γ, 0 at termination)  | discountsOffset()
 *  +---------------------------------------------------------------+
 *  |   zero padding to a multiple of 8 bytes                       |
 *  +---------------------------------------------------------------+
 * </pre>
 * Steps {@code v .. L-1} are padding (zeros, discount 0) when the episode ended first; the
 * observation {@code s_v} after the last valid step is the truncated state, or the terminal one.
 * Sequences never cross an episode boundary. Little-endian.
 */
public final class SequenceDescriptor
{
    /** Offset of the stream id (int32). */
    public static final int STREAM_ID_OFFSET = 0;
    /** Offset of the flags (int16). */
    public static final int FLAGS_OFFSET = 4;
    /** Offset of the number of valid steps (int16). */
    public static final int VALID_STEPS_OFFSET = 6;
    /** Offset of the initial priority (float32). */
    public static final int PRIORITY_OFFSET = 8;
    /** Offset of the episode step the sequence starts at (int32). */
    public static final int START_STEP_OFFSET = 12;
    /** Offset of the recurrent state. */
    public static final int STATE_OFFSET = 16;

    /** Flag: the sequence starts at the first step of an episode (its state is the initial state). */
    public static final short FLAG_EPISODE_START = 1;
    /** Flag: the episode terminated at the last valid step. */
    public static final short FLAG_TERMINATED = 2;
    /** Flag: the episode was truncated after the last valid step. */
    public static final short FLAG_TRUNCATED = 4;

    private final int observationSize;
    private final int actionSize;
    private final int stateSize;
    private final int burnIn;
    private final int trainLength;
    private final int length;
    private final int observationsOffset;
    private final int actionsOffset;
    private final int rewardsOffset;
    private final int discountsOffset;
    private final int recordLength;

    /**
     * The layout for the given sizes.
     *
     * @param observationSize floats per observation, at least 1.
     * @param actionSize      0 for discrete actions, else floats per continuous action.
     * @param stateSize       floats of the recurrent state (for example LSTM h and c), at least 0.
     * @param burnIn          burn-in steps at the start of each sequence, at least 0.
     * @param trainLength     steps trained on after the burn-in, at least 1.
     */
    public SequenceDescriptor(final int observationSize, final int actionSize, final int stateSize, final int burnIn,
        final int trainLength)
    {
        if (observationSize < 1 || actionSize < 0 || stateSize < 0)
        {
            throw new IllegalArgumentException("observationSize must be >= 1, actionSize and stateSize >= 0; got " +
                observationSize + ", " + actionSize + ", " + stateSize);
        }
        if (burnIn < 0 || trainLength < 1 || (long)burnIn + trainLength > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException("burnIn must be >= 0 and trainLength >= 1 with burnIn + trainLength <= 32767; got " +
                burnIn + ", " + trainLength);
        }
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        this.stateSize = stateSize;
        this.burnIn = burnIn;
        this.trainLength = trainLength;
        this.length = burnIn + trainLength;
        final long obs = STATE_OFFSET + 4L * stateSize;
        final long actions = obs + 4L * (length + 1) * observationSize;
        final long rewards = actions + 4L * length * Math.max(1, actionSize);
        final long discounts = rewards + 4L * length;
        final long end = BitUtil.align(discounts + 4L * length, 8);
        if (end > Integer.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("sequence record of " + end + " bytes is too large");
        }
        this.observationsOffset = (int)obs;
        this.actionsOffset = (int)actions;
        this.rewardsOffset = (int)rewards;
        this.discountsOffset = (int)discounts;
        this.recordLength = (int)end;
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
     * Burn-in steps.
     *
     * @return the count.
     */
    public int burnIn()
    {
        return burnIn;
    }

    /**
     * Trained steps after the burn-in.
     *
     * @return the count.
     */
    public int trainLength()
    {
        return trainLength;
    }

    /**
     * Steps per sequence, L = burn-in + train length.
     *
     * @return L.
     */
    public int length()
    {
        return length;
    }

    /**
     * Offset of the observations (L + 1 of them).
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
     * Bytes per record, a multiple of 8.
     *
     * @return the length.
     */
    public int recordLength()
    {
        return recordLength;
    }
}
