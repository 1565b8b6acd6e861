package io.surge.testing;

import io.surge.env.Env;
import io.surge.env.Space;

/**
 * A tiny deterministic environment for runtime tests: 2 actions, observation [step, action, 1],
 * reward 1 per step (2 for action 1), terminated after 10 steps.
 */
public final class CountingEnv implements Env
{
    private static final Space OBS = Space.Box.uniform(-100, 100, 3);
    private static final Space ACT = new Space.Discrete(2);
    private int t;
    private boolean terminated;

    @Override
    public Space observationSpace()
    {
        return OBS;
    }

    @Override
    public Space actionSpace()
    {
        return ACT;
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        reset(obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        t = 0;
        terminated = false;
        obs[obsOffset] = 0;
        obs[obsOffset + 1] = 0;
        obs[obsOffset + 2] = 1;
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        if (action < 0 || action > 1)
        {
            throw new IllegalArgumentException("action " + action);
        }
        t++;
        terminated = t >= 10;
        obs[obsOffset] = t;
        obs[obsOffset + 1] = action;
        obs[obsOffset + 2] = 1;
        return action == 1 ? 2 : 1;
    }

    @Override
    public boolean terminated()
    {
        return terminated;
    }

    @Override
    public boolean truncated()
    {
        return false;
    }
}
