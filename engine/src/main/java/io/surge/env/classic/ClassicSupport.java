package io.surge.env.classic;

import io.surge.util.Rng;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Small helpers shared by the classic-control classes: the reset draws and the errors for bad
 * actions and for stepping before a reset.
 */
final class ClassicSupport
{
    private ClassicSupport()
    {
    }

    /**
     * A generator for an environment that has not been seeded yet: like Gymnasium's
     * {@code reset(seed=None)} on a fresh environment, its seed comes from entropy.
     */
    static Rng unseededRng()
    {
        return new Rng(ThreadLocalRandom.current().nextLong());
    }

    /**
     * A uniform draw in {@code [low, high)}, computed as NumPy's {@code Generator.uniform} does,
     * {@code low + (high - low) * u} with {@code u} uniform in {@code [0, 1)}.
     */
    static double uniform(final Rng rng, final double low, final double high)
    {
        return low + (high - low) * rng.nextDouble();
    }

    static IllegalArgumentException badAction(final String id, final int action, final int n)
    {
        return new IllegalArgumentException(
            id + ": action " + action + " is not in the action space Discrete(" + n + "); allowed actions are 0.." + (n - 1));
    }

    static IllegalStateException notReset(final String id)
    {
        return new IllegalStateException(id + ": call reset (or setState) before step");
    }

    static void checkStateLength(final String id, final double[] state, final int size)
    {
        if (state.length != size)
        {
            throw new IllegalArgumentException(id + ": state needs " + size + " values, got " + state.length);
        }
    }
}
