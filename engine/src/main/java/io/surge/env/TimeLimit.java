package io.surge.env;

/**
 * Gymnasium's {@code TimeLimit}: truncates an episode after a fixed number of steps. A step
 * that both terminates and reaches the limit reports {@code terminated = true} and
 * {@code truncated = true}, as Gymnasium does.
 */
public final class TimeLimit extends EnvWrapper
{
    private final int maxEpisodeSteps;
    private int elapsedSteps;
    private boolean truncated;

    /**
     * Wraps {@code env} with a limit.
     *
     * @param env             the environment.
     * @param maxEpisodeSteps steps after which the episode is truncated, at least 1.
     */
    public TimeLimit(final Env env, final int maxEpisodeSteps)
    {
        super(env);
        if (maxEpisodeSteps < 1)
        {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /**
     * The limit.
     *
     * @return steps after which an episode is truncated.
     */
    public int maxEpisodeSteps()
    {
        return maxEpisodeSteps;
    }

    /**
     * Steps taken in the current episode.
     *
     * @return the elapsed steps.
     */
    public int elapsedSteps()
    {
        return elapsedSteps;
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        elapsedSteps = 0;
        truncated = false;
        env.reset(seed, obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        elapsedSteps = 0;
        truncated = false;
        env.reset(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        final double reward = env.step(action, obs, obsOffset);
        countStep();
        return reward;
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        final double reward = env.step(action, actionOffset, obs, obsOffset);
        countStep();
        return reward;
    }

    private void countStep()
    {
        elapsedSteps++;
        truncated = env.truncated() || elapsedSteps >= maxEpisodeSteps;
    }

    @Override
    public boolean truncated()
    {
        return truncated;
    }
}
