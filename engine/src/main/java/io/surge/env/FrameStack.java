package io.surge.env;

/**
 * Stacks the last {@code k} observations, concatenated along the first axis: an inner observation
 * of shape {@code [d0, d1, ...]} becomes {@code [k*d0, d1, ...]}, oldest frame first, newest last.
 * In the flat buffer that is simply {@code k} consecutive blocks of the inner flat size.
 *
 * <p><b>At reset the older {@code k-1} frames are zeros</b> and the newest is the reset
 * observation (Gymnasium's {@code FrameStackObservation(padding_type="zero")}, not its default,
 * which repeats the reset observation). The stacked space's bounds are the inner bounds repeated,
 * widened to include 0 where they did not, so the zero padding stays inside the space.
 *
 * <p>Threading and allocation as {@link Env}: one thread, no allocation per step (one
 * {@code System.arraycopy} to shift the history, one to copy it out).
 */
public final class FrameStack extends EnvWrapper
{
    private final int frames;
    private final int frameSize;
    private final float[] history;
    private final Space.Box space;

    /**
     * Stacks {@code frames} observations of {@code env}.
     *
     * @param env    the environment; its observation space must be a {@link Space.Box}.
     * @param frames k, at least 1.
     */
    public FrameStack(final Env env, final int frames)
    {
        super(env);
        if (!(env.observationSpace() instanceof Space.Box inner))
        {
            throw new IllegalArgumentException("FrameStack needs a Box observation space, got " + env.observationSpace());
        }
        if (frames < 1)
        {
            throw new IllegalArgumentException("FrameStack needs frames >= 1, got " + frames);
        }
        this.frames = frames;
        this.frameSize = inner.flatSize();
        this.history = new float[frames * frameSize];
        final int[] shape = inner.shape().clone();
        shape[0] *= frames;
        final float[] low = new float[frames * frameSize];
        final float[] high = new float[frames * frameSize];
        for (int f = 0; f < frames; f++)
        {
            for (int j = 0; j < frameSize; j++)
            {
                low[f * frameSize + j] = Math.min(inner.low()[j], 0f);
                high[f * frameSize + j] = Math.max(inner.high()[j], 0f);
            }
        }
        this.space = new Space.Box(shape, low, high);
    }

    /**
     * The number of frames stacked.
     *
     * @return k.
     */
    public int frames()
    {
        return frames;
    }

    @Override
    public Space observationSpace()
    {
        return space;
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        java.util.Arrays.fill(history, 0, history.length - frameSize, 0f);
        env.reset(seed, history, history.length - frameSize);
        System.arraycopy(history, 0, obs, obsOffset, history.length);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        java.util.Arrays.fill(history, 0, history.length - frameSize, 0f);
        env.reset(history, history.length - frameSize);
        System.arraycopy(history, 0, obs, obsOffset, history.length);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        System.arraycopy(history, frameSize, history, 0, history.length - frameSize);
        final double reward = env.step(action, history, history.length - frameSize);
        System.arraycopy(history, 0, obs, obsOffset, history.length);
        return reward;
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        System.arraycopy(history, frameSize, history, 0, history.length - frameSize);
        final double reward = env.step(action, actionOffset, history, history.length - frameSize);
        System.arraycopy(history, 0, obs, obsOffset, history.length);
        return reward;
    }
}
