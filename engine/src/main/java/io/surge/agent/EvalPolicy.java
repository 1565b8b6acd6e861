package io.surge.agent;

/**
 * The greedy policy an {@link Evaluator} runs: it refreshes its parameters from the learner's
 * newest publication and picks actions for a batch of observations.
 *
 * <p>Threading: used by the evaluator's thread only.
 */
public interface EvalPolicy
{
    /**
     * Copies the newest published parameters.
     *
     * @return their version.
     */
    long sync();

    /**
     * Greedy discrete actions for a batch of observations.
     *
     * @param observations {@code count} rows of the observation size, from index 0.
     * @param count        rows.
     * @param actions      receives one action per row.
     */
    void act(float[] observations, int count, int[] actions);

    /**
     * The parameters the policy acts with: those of the last {@link #sync()}, read-only for
     * callers (the evaluator saves them when an evaluation sets a new best).
     *
     * @return the flat vector.
     */
    float[] parameters();
}
