package io.surge.env;

/**
 * A reinforcement-learning environment with Gymnasium's semantics.
 *
 * <p>{@link #reset(long, float[], int)} seeds the environment's random generator and starts an
 * episode; {@link #reset(float[], int)} starts the next episode continuing the same random
 * stream. A step returns the reward and leaves {@link #terminated()} (the MDP reached a terminal
 * state: do not bootstrap) and {@link #truncated()} (the episode was cut, for example by a time
 * limit: bootstrap from the last observation) readable until the next step or reset.
 *
 * <p>Observations are float32 and are written into a buffer the caller owns, at an offset, so a
 * vector of environments can share one contiguous buffer. A step must not allocate.
 *
 * <p>Threading: an environment is used by one thread at a time and is not thread-safe.
 */
public interface Env extends AutoCloseable
{
    /**
     * The observation space; its {@link Space#flatSize()} is the number of floats a step writes.
     *
     * @return the observation space.
     */
    Space observationSpace();

    /**
     * The action space: {@link Space.Discrete} for {@link #step(int, float[], int)},
     * {@link Space.Box} for {@link #step(float[], int, float[], int)}.
     *
     * @return the action space.
     */
    Space actionSpace();

    /**
     * Seeds the random generator and starts a new episode.
     *
     * @param seed      the seed; the same seed gives the same episode for the same actions.
     * @param obs       buffer that receives the first observation.
     * @param obsOffset index in {@code obs} of the first element written.
     */
    void reset(long seed, float[] obs, int obsOffset);

    /**
     * Starts a new episode, continuing the random stream of the last seeding.
     *
     * @param obs       buffer that receives the first observation.
     * @param obsOffset index in {@code obs} of the first element written.
     */
    void reset(float[] obs, int obsOffset);

    /**
     * Takes a discrete action.
     *
     * @param action    the action index, in {@code [0, n)} of the discrete action space.
     * @param obs       buffer that receives the next observation.
     * @param obsOffset index in {@code obs} of the first element written.
     * @return the reward of this step.
     * @throws UnsupportedOperationException if the action space is not discrete.
     */
    default double step(final int action, final float[] obs, final int obsOffset)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has a continuous action space");
    }

    /**
     * Takes a continuous action.
     *
     * @param action       buffer holding the action.
     * @param actionOffset index in {@code action} of its first element.
     * @param obs          buffer that receives the next observation.
     * @param obsOffset    index in {@code obs} of the first element written.
     * @return the reward of this step.
     * @throws UnsupportedOperationException if the action space is not a box.
     */
    default double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has a discrete action space");
    }

    /**
     * Whether the last step reached a terminal state of the MDP.
     *
     * @return true when the episode ended in a terminal state.
     */
    boolean terminated();

    /**
     * Whether the last step cut the episode short (time limit) without a terminal state.
     *
     * @return true when the episode was truncated.
     */
    boolean truncated();

    /** Releases any resources; the default does nothing. */
    @Override
    default void close()
    {
    }
}
