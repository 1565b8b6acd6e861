package io.surge.env;

/**
 * Keeps the return and length of the current episode and of the last finished one, and counts
 * finished episodes (Gymnasium's {@code RecordEpisodeStatistics}). Wrap it outside the time
 * limit so truncated episodes are seen: {@code new EpisodeStatistics(EnvRegistry.make(id))}.
 *
 * <p>An episode finishes on the step that reports {@code terminated} or {@code truncated}; that
 * step's return and length become the "last" ones and the count goes up. The current values keep
 * growing until the next reset sets them to zero (so right after an episode ends, current equals
 * last). Before any episode has finished, {@link #lastEpisodeReturn()} is NaN and
 * {@link #lastEpisodeLength()} is 0.
 *
 * <p>Threading and allocation as {@link Env}: one thread, no allocation per step.
 */
public final class EpisodeStatistics extends EnvWrapper
{
    private double episodeReturn;
    private int episodeLength;
    private double lastReturn = Double.NaN;
    private int lastLength;
    private long episodeCount;
    private boolean episodeEnded;

    /**
     * Wraps {@code env}.
     *
     * @param env the environment (with its time limit, if any).
     */
    public EpisodeStatistics(final Env env)
    {
        super(env);
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        startEpisode();
        env.reset(seed, obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        startEpisode();
        env.reset(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        return record(env.step(action, obs, obsOffset));
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        return record(env.step(action, actionOffset, obs, obsOffset));
    }

    private void startEpisode()
    {
        episodeReturn = 0.0;
        episodeLength = 0;
        episodeEnded = false;
    }

    private double record(final double reward)
    {
        episodeReturn += reward;
        episodeLength++;
        episodeEnded = env.terminated() || env.truncated();
        if (episodeEnded)
        {
            lastReturn = episodeReturn;
            lastLength = episodeLength;
            episodeCount++;
        }
        return reward;
    }

    /**
     * Sum of the rewards of the current episode so far.
     *
     * @return the return.
     */
    public double episodeReturn()
    {
        return episodeReturn;
    }

    /**
     * Steps of the current episode so far.
     *
     * @return the length.
     */
    public int episodeLength()
    {
        return episodeLength;
    }

    /**
     * Return of the last finished episode.
     *
     * @return the return, NaN before any episode finished.
     */
    public double lastEpisodeReturn()
    {
        return lastReturn;
    }

    /**
     * Length of the last finished episode.
     *
     * @return the length, 0 before any episode finished.
     */
    public int lastEpisodeLength()
    {
        return lastLength;
    }

    /**
     * Episodes finished since this wrapper was made.
     *
     * @return the count.
     */
    public long episodeCount()
    {
        return episodeCount;
    }

    /**
     * Whether the last step finished an episode.
     *
     * @return true on the step that terminated or truncated, until the next reset.
     */
    public boolean episodeEnded()
    {
        return episodeEnded;
    }
}
