package io.surge.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CountingEnv} whose first two instances throw at their 25th step, to test actor
 * restarts (restarted actors make new instances, which then work).
 */
public final class FailingEnv extends io.surge.env.EnvWrapper
{
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final boolean fails;
    private int steps;

    /** Makes the environment. */
    public FailingEnv()
    {
        super(new CountingEnv());
        fails = INSTANCES.getAndIncrement() % 3 != 2;
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        if (fails && ++steps == 25)
        {
            throw new IllegalStateException("injected failure at step 25");
        }
        return super.step(action, obs, obsOffset);
    }
}
