package io.surge.testing;

/** A {@link CountingEnv} whose 25th step of each instance throws, to test actor restarts. */
public final class FailingEnv extends io.surge.env.EnvWrapper
{
    private int steps;

    /** Makes the environment. */
    public FailingEnv()
    {
        super(new CountingEnv());
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        if (++steps == 25)
        {
            throw new IllegalStateException("injected failure at step 25");
        }
        return super.step(action, obs, obsOffset);
    }
}
