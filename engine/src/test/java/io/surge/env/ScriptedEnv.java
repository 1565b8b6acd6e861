package io.surge.env;

/**
 * A test environment with predictable behaviour: the observation is {@code [t, -t, seed]} where t
 * counts steps since the reset, the reward of step t is {@code rewards[(t-1) % rewards.length]},
 * it terminates on step {@code terminateAt} (never if 0), and it remembers the actions it got.
 */
final class ScriptedEnv implements Env
{
    private static final Space OBSERVATION_SPACE = new Space.Box(
        new int[] {3}, new float[] {1f, -1000f, -1000f}, new float[] {1000f, -1f, 1000f});

    private final int terminateAt;
    private final double[] rewards;
    private final int actions;
    private int t;
    private long seed = -1;
    private int resets;
    int lastAction = -1;

    ScriptedEnv(final int terminateAt, final int actions, final double... rewards)
    {
        this.terminateAt = terminateAt;
        this.actions = actions;
        this.rewards = rewards.length == 0 ? new double[] {1.0} : rewards;
    }

    @Override
    public Space observationSpace()
    {
        return OBSERVATION_SPACE;
    }

    @Override
    public Space actionSpace()
    {
        return new Space.Discrete(actions);
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        this.seed = seed;
        reset(obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        t = 0;
        resets++;
        write(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        lastAction = action;
        t++;
        write(obs, obsOffset);
        return rewards[(t - 1) % rewards.length];
    }

    private void write(final float[] obs, final int obsOffset)
    {
        obs[obsOffset] = t;
        obs[obsOffset + 1] = -t;
        obs[obsOffset + 2] = seed;
    }

    int resets()
    {
        return resets;
    }

    @Override
    public boolean terminated()
    {
        return terminateAt > 0 && t >= terminateAt;
    }

    @Override
    public boolean truncated()
    {
        return false;
    }
}
