package io.surge.env.classic;

import io.surge.env.Env;

/**
 * A classic-control task whose internal state can be read and set, like Gymnasium's
 * {@code env.unwrapped.state}. Tests and the conformance suite use it to start from a recorded
 * state, since Gymnasium's reset stream (NumPy's PCG64 through {@code SeedSequence}) is not
 * reproduced here.
 *
 * <p>Threading: as {@link Env}, one thread at a time.
 */
public interface ClassicControlEnv extends Env
{
    /**
     * The Gymnasium id this class reproduces, for example {@code CartPole-v1}.
     *
     * @return the id.
     */
    String id();

    /**
     * Number of float64 values in the internal state.
     *
     * @return the state size.
     */
    int stateSize();

    /**
     * Sets the internal state, as assigning a float64 array to Gymnasium's
     * {@code env.unwrapped.state}. After this call {@code step} may be called without a reset; the
     * termination bookkeeping of the current episode is left alone.
     *
     * @param state the state values in the order of the class's javadoc, {@link #stateSize()} of them.
     * @throws IllegalArgumentException if the length is wrong.
     */
    void setState(double... state);

    /**
     * Copies the internal state out as float64.
     *
     * @param out destination of at least {@link #stateSize()} elements.
     * @return {@code out}.
     */
    double[] state(double[] out);

    /**
     * Writes the observation of the current state (what {@code reset} or {@code step} would
     * return for it).
     *
     * @param obs       destination.
     * @param obsOffset index of the first element written.
     */
    void observe(float[] obs, int obsOffset);
}
