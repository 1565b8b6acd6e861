package io.surge.env;

/**
 * Clips every reward into {@code [min, max]}, {@code [-1, 1]} by default (DQN's reward clipping,
 * Gymnasium's {@code ClipReward}). Observations and episode ends pass through unchanged.
 *
 * <p>Threading and allocation as {@link Env}: one thread, no allocation per step.
 */
public final class ClipReward extends EnvWrapper
{
    private final double min;
    private final double max;

    /**
     * Clips to {@code [-1, 1]}.
     *
     * @param env the environment.
     */
    public ClipReward(final Env env)
    {
        this(env, -1.0, 1.0);
    }

    /**
     * Clips to {@code [min, max]}.
     *
     * @param env the environment.
     * @param min lower bound, not NaN.
     * @param max upper bound, not NaN, at least {@code min}.
     */
    public ClipReward(final Env env, final double min, final double max)
    {
        super(env);
        if (Double.isNaN(min) || Double.isNaN(max) || min > max)
        {
            throw new IllegalArgumentException("ClipReward needs min <= max, got [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
    }

    /**
     * The lower bound.
     *
     * @return min.
     */
    public double min()
    {
        return min;
    }

    /**
     * The upper bound.
     *
     * @return max.
     */
    public double max()
    {
        return max;
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        return clip(env.step(action, obs, obsOffset));
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        return clip(env.step(action, actionOffset, obs, obsOffset));
    }

    private double clip(final double reward)
    {
        return reward < min ? min : (reward > max ? max : reward);
    }
}
