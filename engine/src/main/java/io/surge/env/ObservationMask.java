package io.surge.env;

import java.util.Arrays;

/**
 * Hides part of the observation: keeps only the listed elements of the wrapped environment's flat
 * observation, in the listed order. The usual way to make a partially observable task from a fully
 * observable one, for example {@code CartPole-POMDP-v1} (CartPole keeping {@code x} and
 * {@code theta}, hiding both velocities).
 *
 * <p>The wrapped environment writes its full observation into a scratch buffer this wrapper owns;
 * the kept elements are then copied into the caller's buffer. Threading and allocation as
 * {@link Env}: one thread, no allocation per step.
 */
public final class ObservationMask extends EnvWrapper
{
    private final int[] keep;
    private final float[] full;
    private final Space.Box space;

    /**
     * Keeps the elements {@code keep} of {@code env}'s observation.
     *
     * @param env  the environment; its observation space must be a {@link Space.Box}.
     * @param keep indices into its flat observation, distinct, at least one.
     */
    public ObservationMask(final Env env, final int... keep)
    {
        super(env);
        if (!(env.observationSpace() instanceof Space.Box inner))
        {
            throw new IllegalArgumentException("ObservationMask needs a Box observation space, got " + env.observationSpace());
        }
        if (keep.length == 0)
        {
            throw new IllegalArgumentException("ObservationMask needs at least one index to keep");
        }
        final int size = inner.flatSize();
        final boolean[] seen = new boolean[size];
        final float[] low = new float[keep.length];
        final float[] high = new float[keep.length];
        for (int j = 0; j < keep.length; j++)
        {
            final int index = keep[j];
            if (index < 0 || index >= size)
            {
                throw new IllegalArgumentException("index " + index + " is outside the observation of " + size + " elements (allowed 0.." + (size - 1) + ")");
            }
            if (seen[index])
            {
                throw new IllegalArgumentException("index " + index + " is listed twice in " + Arrays.toString(keep));
            }
            seen[index] = true;
            low[j] = inner.low()[index];
            high[j] = inner.high()[index];
        }
        this.keep = keep.clone();
        this.full = new float[size];
        this.space = new Space.Box(new int[] {keep.length}, low, high);
    }

    /**
     * The kept indices.
     *
     * @return a copy of the indices, in output order.
     */
    public int[] keptIndices()
    {
        return keep.clone();
    }

    @Override
    public Space observationSpace()
    {
        return space;
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        env.reset(seed, full, 0);
        copyKept(obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        env.reset(full, 0);
        copyKept(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        final double reward = env.step(action, full, 0);
        copyKept(obs, obsOffset);
        return reward;
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        final double reward = env.step(action, actionOffset, full, 0);
        copyKept(obs, obsOffset);
        return reward;
    }

    private void copyKept(final float[] obs, final int obsOffset)
    {
        final int[] keep = this.keep;
        final float[] full = this.full;
        for (int j = 0; j < keep.length; j++)
        {
            obs[obsOffset + j] = full[keep[j]];
        }
    }
}
