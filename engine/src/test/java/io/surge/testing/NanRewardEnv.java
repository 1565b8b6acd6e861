package io.surge.testing;

/** A {@link CountingEnv} whose rewards become NaN after 3,000 steps, to test the learner's NaN stop. */
public final class NanRewardEnv extends io.surge.env.EnvWrapper
{
    private static final java.util.concurrent.atomic.AtomicLong STEPS = new java.util.concurrent.atomic.AtomicLong();

    /** Makes the environment. */
    public NanRewardEnv()
    {
        super(new CountingEnv());
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        final double reward = super.step(action, obs, obsOffset);
        return STEPS.incrementAndGet() > 3000 ? Double.NaN : reward;
    }
}
