package io.surge.algo.returns;

/**
 * Log-probabilities of the taken actions under a softmax policy, from logits: what V-trace's
 * "from logits" form needs ({@code log π(a_t|x_t)} and {@code log μ(a_t|x_t)}).
 *
 * <p>{@code out[t, b] = logits[t, b, a] − logsumexp(logits[t, b, :])} with {@code a =
 * actions[t, b]}, computed stably as {@code (l_a − m) − log Σ_j exp(l_j − m)}, {@code m =
 * max_j l_j}: no overflow for large logits, and the largest term of the sum is exactly 1.
 * Logits are {@code [T, B, A]} (index {@code (t * B + b) * A + a}), actions and outputs
 * {@code [T, B]}.
 *
 * <p>Stateless; thread-safe; allocates nothing.
 */
public final class LogProbs
{
    private LogProbs()
    {
    }

    /**
     * Log-probabilities of the taken actions, float64.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param numActions A.
     * @param logits     the policy's logits, [T, B, A].
     * @param actions    the taken actions, [T, B], each in [0, A).
     * @param out        out: log π(a_t|x_t), [T, B].
     * @throws IllegalArgumentException if an action is outside [0, A) or an array is too short.
     */
    public static void ofActions(
        final int timeSteps, final int batch, final int numActions, final double[] logits, final int[] actions,
        final double[] out)
    {
        Checks.shape(timeSteps, batch);
        Checks.actions(numActions);
        final int n = timeSteps * batch;
        Checks.length("logits", logits, (long)n * numActions);
        Checks.length("actions", actions, n);
        Checks.length("out", out, n);
        for (int i = 0; i < n; i++)
        {
            final int action = actions[i];
            Checks.actionIndex("actions", action, numActions, i);
            final int base = i * numActions;
            double max = logits[base];
            for (int a = 1; a < numActions; a++)
            {
                max = Math.max(max, logits[base + a]);
            }
            double sum = 0.0;
            for (int a = 0; a < numActions; a++)
            {
                sum += Math.exp(logits[base + a] - max);
            }
            out[i] = (logits[base + action] - max) - Math.log(sum);
        }
    }

    /**
     * Log-probabilities of the taken actions, float32 in and out (the sum and log in double).
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param numActions A.
     * @param logits     the policy's logits, [T, B, A].
     * @param actions    the taken actions, [T, B], each in [0, A).
     * @param out        out: log π(a_t|x_t), [T, B].
     * @throws IllegalArgumentException if an action is outside [0, A) or an array is too short.
     */
    public static void ofActions(
        final int timeSteps, final int batch, final int numActions, final float[] logits, final int[] actions,
        final float[] out)
    {
        Checks.shape(timeSteps, batch);
        Checks.actions(numActions);
        final int n = timeSteps * batch;
        Checks.length("logits", logits, (long)n * numActions);
        Checks.length("actions", actions, n);
        Checks.length("out", out, n);
        for (int i = 0; i < n; i++)
        {
            final int action = actions[i];
            Checks.actionIndex("actions", action, numActions, i);
            final int base = i * numActions;
            float max = logits[base];
            for (int a = 1; a < numActions; a++)
            {
                max = Math.max(max, logits[base + a]);
            }
            double sum = 0.0;
            for (int a = 0; a < numActions; a++)
            {
                sum += Math.exp((double)logits[base + a] - max);
            }
            out[i] = (float)(((double)logits[base + action] - max) - Math.log(sum));
        }
    }
}
