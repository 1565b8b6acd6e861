package io.surge.env.minatar;

/**
 * Options of a MinAtar environment, with the reference's defaults ({@link #DEFAULTS}).
 *
 * @param stickyActionProb  probability in {@code [0, 1]} that a step repeats the previous effective
 *                          action instead of the one given (the reference's
 *                          {@code sticky_action_prob}, default 0.1). A draw is made on every step
 *                          even when it is 0, as in the reference.
 * @param difficultyRamping whether the game speeds up as it goes (the reference's
 *                          {@code difficulty_ramping}, default true; Asterix, Seaquest and Space
 *                          Invaders ramp, Breakout and Freeway have no ramp).
 * @param minimalActionSet  false (default): the action space is the full six actions
 *                          {@code n,l,u,r,d,f}; true: it is the game's minimal action set,
 *                          action {@code i} meaning the full action {@code minimalActions()[i]}
 *                          (as MinAtar's {@code -v1} Gymnasium ids).
 */
public record MinAtarOptions(double stickyActionProb, boolean difficultyRamping, boolean minimalActionSet)
{
    /** The reference's defaults: sticky actions 0.1, ramping on, full action set. */
    public static final MinAtarOptions DEFAULTS = new MinAtarOptions(0.1, true, false);

    /**
     * Checks the probability.
     *
     * @param stickyActionProb  in {@code [0, 1]}.
     * @param difficultyRamping whether difficulty ramps.
     * @param minimalActionSet  whether the action space is the minimal set.
     */
    public MinAtarOptions
    {
        if (!(stickyActionProb >= 0.0 && stickyActionProb <= 1.0))
        {
            throw new IllegalArgumentException("stickyActionProb must be in [0, 1], got " + stickyActionProb);
        }
    }

    /**
     * These options with another sticky-action probability.
     *
     * @param p in {@code [0, 1]}.
     * @return the new options.
     */
    public MinAtarOptions withStickyActionProb(final double p)
    {
        return new MinAtarOptions(p, difficultyRamping, minimalActionSet);
    }

    /**
     * These options with ramping switched on or off.
     *
     * @param ramping whether difficulty ramps.
     * @return the new options.
     */
    public MinAtarOptions withDifficultyRamping(final boolean ramping)
    {
        return new MinAtarOptions(stickyActionProb, ramping, minimalActionSet);
    }

    /**
     * These options with the minimal or the full action set.
     *
     * @param minimal whether the action space is the minimal set.
     * @return the new options.
     */
    public MinAtarOptions withMinimalActionSet(final boolean minimal)
    {
        return new MinAtarOptions(stickyActionProb, difficultyRamping, minimal);
    }
}
