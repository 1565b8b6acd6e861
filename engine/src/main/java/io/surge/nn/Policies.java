package io.surge.nn;

import java.util.random.RandomGenerator;

/**
 * Action selection from network outputs, for actors. Allocation-free.
 *
 * <p>Threading: stateless, thread-safe (the generators passed in are not).
 */
public final class Policies
{
    private Policies()
    {
    }

    /**
     * Index of the largest of n values (the first one on ties).
     *
     * @param x   values.
     * @param off index of the first.
     * @param n   count, at least 1.
     * @return the index in [0, n).
     */
    public static int argmax(final float[] x, final int off, final int n)
    {
        int best = 0;
        float bestValue = x[off];
        for (int j = 1; j < n; j++)
        {
            if (x[off + j] > bestValue)
            {
                bestValue = x[off + j];
                best = j;
            }
        }
        return best;
    }

    /**
     * ε-greedy: a uniformly random action with probability ε, else the greedy one.
     *
     * @param q       Q-values.
     * @param off     index of the first.
     * @param actions number of actions.
     * @param epsilon ε in [0, 1].
     * @param rng     generator.
     * @return the action.
     */
    public static int epsilonGreedy(final float[] q, final int off, final int actions, final double epsilon,
                                    final RandomGenerator rng)
    {
        return rng.nextDouble() < epsilon ? rng.nextInt(actions) : argmax(q, off, actions);
    }

    /**
     * Samples from softmax(logits) by inverse CDF in float64.
     *
     * @param logits logits.
     * @param off    index of the first.
     * @param n      number of actions.
     * @param rng    generator.
     * @return the action.
     */
    public static int sampleCategorical(final float[] logits, final int off, final int n, final RandomGenerator rng)
    {
        final double lse = Losses.logSumExp(logits, off, n);
        final double u = rng.nextDouble();
        double cdf = 0;
        for (int j = 0; j < n - 1; j++)
        {
            cdf += Math.exp(logits[off + j] - lse);
            if (u < cdf)
            {
                return j;
            }
        }
        return n - 1;
    }

    /**
     * Samples {@code a = μ + σ·ε}, ε ~ N(0, I), from a Gaussian head's row {@code [μ | log σ]}.
     *
     * @param out    the head's output.
     * @param off    index of the row's first element.
     * @param dims   action dimensions.
     * @param rng    generator.
     * @param action receives the action.
     * @param aOff   index of its first element.
     */
    public static void sampleGaussian(final float[] out, final int off, final int dims, final RandomGenerator rng,
                                      final float[] action, final int aOff)
    {
        for (int j = 0; j < dims; j++)
        {
            action[aOff + j] = (float) (out[off + j] + Math.exp(out[off + dims + j]) * rng.nextGaussian());
        }
    }
}
