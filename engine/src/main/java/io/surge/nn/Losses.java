package io.surge.nn;

/**
 * Losses over network outputs. Every function returns {@code scale · Σ ℓ_i} over its rows (in
 * float64) and <em>adds</em> {@code scale · ∂ℓ_i/∂output} into a gradient buffer laid out like the
 * output, so terms compose: zero the buffer, add the policy-gradient, baseline and entropy terms,
 * then call {@link Network#backward}. Pass {@code scale = 1/B} for a mean over a batch of B.
 * Matrices are row-major with a row stride {@code ld} (the policy/value head's logits are the
 * first {@code actions} columns of rows of {@code actions + 1}). Nothing here allocates.
 *
 * <p>Threading: stateless, thread-safe.
 */
public final class Losses
{
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private Losses()
    {
    }

    /**
     * Squared error {@code ℓ = (p - t)²} over n contiguous elements.
     *
     * @param pred   predictions.
     * @param pOff   index of the first prediction.
     * @param target targets.
     * @param tOff   index of the first target.
     * @param n      number of elements.
     * @param scale  scale of the sum.
     * @param grad   gradient with respect to the predictions, accumulated into.
     * @param gOff   index of the first gradient.
     * @return {@code scale · Σ (p - t)²}.
     */
    public static double mse(final float[] pred, final int pOff, final float[] target, final int tOff, final int n,
                             final float scale, final float[] grad, final int gOff)
    {
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            final float d = pred[pOff + i] - target[tOff + i];
            loss += (double) d * d;
            grad[gOff + i] += scale * 2f * d;
        }
        return scale * loss;
    }

    /**
     * Huber loss {@code ℓ(x) = x²/2 for |x| ≤ δ, else δ(|x| - δ/2)} of x = p - t over n contiguous
     * elements (PyTorch's HuberLoss; δ = 1 is Smooth-L1, the DQN paper's error clipping).
     *
     * @param pred   predictions.
     * @param pOff   index of the first prediction.
     * @param target targets.
     * @param tOff   index of the first target.
     * @param n      number of elements.
     * @param delta  δ.
     * @param scale  scale of the sum.
     * @param grad   gradient, accumulated into.
     * @param gOff   index of the first gradient.
     * @return {@code scale · Σ ℓ(p - t)}.
     */
    public static double huber(final float[] pred, final int pOff, final float[] target, final int tOff, final int n,
                               final float delta, final float scale, final float[] grad, final int gOff)
    {
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            final float x = pred[pOff + i] - target[tOff + i];
            loss += huber(x, delta);
            grad[gOff + i] += scale * huberGrad(x, delta);
        }
        return scale * loss;
    }

    static double huber(final float x, final float delta)
    {
        final double a = Math.abs(x);
        return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }

    static float huberGrad(final float x, final float delta)
    {
        return x > delta ? delta : x < -delta ? -delta : x;
    }

    /**
     * The Q-learning TD loss of DQN-family learners: for each sample i,
     * {@code δ_i = Q(s_i, a_i) - y_i}, loss {@code w_i · huber(δ_i)}, and the gradient goes only
     * into the chosen action's Q-value. Writes {@code |δ_i|} (new priorities for prioritized replay).
     *
     * @param q        Q-values, {@code batch} rows of {@code actions} (row stride {@code actions}).
     * @param qOff     index of the first Q-value.
     * @param batch    samples.
     * @param actions  actions per row.
     * @param action   the chosen actions.
     * @param aOff     index of the first action.
     * @param target   the targets y (for example from {@link #doubleQTargets}).
     * @param tOff     index of the first target.
     * @param weights  importance-sampling weights, or null for 1.
     * @param wOff     index of the first weight.
     * @param delta    Huber δ ({@code Float.POSITIVE_INFINITY} for a squared loss ½δ²).
     * @param scale    scale of the sum (1/B for a mean).
     * @param dQ       gradient with respect to q, accumulated into (same layout).
     * @param dOff     index of its first element.
     * @param absTd    receives |δ_i|, or null.
     * @param absOff   index of the first |δ|.
     * @return {@code scale · Σ w_i huber(δ_i)}.
     */
    public static double tdHuber(final float[] q, final int qOff, final int batch, final int actions,
                                 final int[] action, final int aOff, final float[] target, final int tOff,
                                 final float[] weights, final int wOff, final float delta, final float scale,
                                 final float[] dQ, final int dOff, final float[] absTd, final int absOff)
    {
        double loss = 0;
        for (int i = 0; i < batch; i++)
        {
            final int a = action[aOff + i];
            if (a < 0 || a >= actions)
            {
                throw new IllegalArgumentException("action " + a + " of sample " + i + " is outside [0, " + actions + ")");
            }
            final float w = weights == null ? 1f : weights[wOff + i];
            final float td = q[qOff + i * actions + a] - target[tOff + i];
            loss += w * huber(td, delta);
            dQ[dOff + i * actions + a] += scale * w * huberGrad(td, delta);
            if (absTd != null)
            {
                absTd[absOff + i] = Math.abs(td);
            }
        }
        return scale * loss;
    }

    /**
     * Double-DQN targets (van Hasselt et al. 2016):
     * {@code y_i = r_i + γ_i · Q_target(s'_i, argmax_a Q_online(s'_i, a))}, where γ_i carries the
     * n-step discount and the termination ({@code γ^n · (1 - done)}).
     *
     * @param qNextOnline online network's Q(s', ·), {@code batch} rows of {@code actions}.
     * @param oOff        index of its first element.
     * @param qNextTarget target network's Q(s', ·), same layout.
     * @param tOff        index of its first element.
     * @param batch       samples.
     * @param actions     actions per row.
     * @param rewards     (n-step) rewards.
     * @param rOff        index of the first reward.
     * @param discounts   discounts γ_i.
     * @param gOff        index of the first discount.
     * @param out         receives y.
     * @param outOff      index of the first y.
     */
    public static void doubleQTargets(final float[] qNextOnline, final int oOff, final float[] qNextTarget,
                                      final int tOff, final int batch, final int actions, final float[] rewards,
                                      final int rOff, final float[] discounts, final int gOff, final float[] out,
                                      final int outOff)
    {
        for (int i = 0; i < batch; i++)
        {
            final int best = Policies.argmax(qNextOnline, oOff + i * actions, actions);
            out[outOff + i] = rewards[rOff + i] + discounts[gOff + i] * qNextTarget[tOff + i * actions + best];
        }
    }

    /**
     * Row-wise log-softmax {@code log π_j = z_j - log Σ_k e^{z_k}} (max-shifted for stability).
     *
     * @param logits logits.
     * @param off    index of the first logit.
     * @param rows   rows.
     * @param cols   logits per row.
     * @param ld     row stride of the logits.
     * @param out    receives the log-probabilities.
     * @param outOff index of the first.
     * @param outLd  row stride of out.
     */
    public static void logSoftmax(final float[] logits, final int off, final int rows, final int cols, final int ld,
                                  final float[] out, final int outOff, final int outLd)
    {
        for (int r = 0; r < rows; r++)
        {
            final int row = off + r * ld;
            final double lse = logSumExp(logits, row, cols);
            for (int j = 0; j < cols; j++)
            {
                out[outOff + r * outLd + j] = (float) (logits[row + j] - lse);
            }
        }
    }

    /**
     * {@code log Σ exp(z_j)} over {@code n} logits from {@code off}, shifted by their maximum (in
     * float) and summed in double, the one log-sum-exp of the losses, the policies and the learners'
     * statistics.
     *
     * @param z   logits.
     * @param off index of the first.
     * @param n   how many.
     * @return the log-sum-exp.
     */
    public static double logSumExp(final float[] z, final int off, final int n)
    {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++)
        {
            max = Math.max(max, z[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            sum += Math.exp(z[off + j] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * Log-probabilities of chosen actions under a softmax policy, {@code log π(a_i | s_i)} (the
     * behaviour log-probabilities an IMPALA actor sends with its unroll).
     *
     * @param logits  logits.
     * @param off     index of the first logit.
     * @param rows    rows.
     * @param cols    logits per row.
     * @param ld      row stride.
     * @param actions chosen actions.
     * @param aOff    index of the first action.
     * @param out     receives the log-probabilities.
     * @param outOff  index of the first.
     */
    public static void actionLogProbs(final float[] logits, final int off, final int rows, final int cols,
                                      final int ld, final int[] actions, final int aOff, final float[] out,
                                      final int outOff)
    {
        for (int r = 0; r < rows; r++)
        {
            final int row = off + r * ld;
            out[outOff + r] = (float) (logits[row + actions[aOff + r]] - logSumExp(logits, row, cols));
        }
    }

    /**
     * Cross-entropy of softmax(z) against class labels: {@code ℓ_i = -log π(y_i)}; gradient
     * {@code π - onehot(y)}.
     *
     * @param logits logits.
     * @param off    index of the first logit.
     * @param rows   rows.
     * @param cols   classes.
     * @param ld     row stride.
     * @param labels class labels.
     * @param lOff   index of the first label.
     * @param scale  scale of the sum.
     * @param grad   gradient with respect to the logits (row stride ld), accumulated into.
     * @param gOff   index of its first element.
     * @return {@code scale · Σ ℓ_i}.
     */
    public static double crossEntropy(final float[] logits, final int off, final int rows, final int cols,
                                      final int ld, final int[] labels, final int lOff, final float scale,
                                      final float[] grad, final int gOff)
    {
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            final int row = off + r * ld;
            final int y = labels[lOff + r];
            final double lse = logSumExp(logits, row, cols);
            loss -= logits[row + y] - lse;
            for (int j = 0; j < cols; j++)
            {
                final double p = Math.exp(logits[row + j] - lse);
                grad[gOff + r * ld + j] += (float) (scale * (p - (j == y ? 1 : 0)));
            }
        }
        return scale * loss;
    }

    /**
     * Entropy of softmax policies, {@code H_i = -Σ_j π_j log π_j}; its gradient
     * {@code ∂H/∂z_j = -π_j (log π_j + H)}. An entropy <em>bonus</em> is a negative scale.
     *
     * @param logits logits.
     * @param off    index of the first logit.
     * @param rows   rows.
     * @param cols   actions.
     * @param ld     row stride.
     * @param scale  scale of the sum (negative for a bonus to be maximised).
     * @param grad   gradient, accumulated into.
     * @param gOff   index of its first element.
     * @return {@code scale · Σ H_i}.
     */
    public static double entropy(final float[] logits, final int off, final int rows, final int cols, final int ld,
                                 final float scale, final float[] grad, final int gOff)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            final int row = off + r * ld;
            final double lse = logSumExp(logits, row, cols);
            double h = 0;
            for (int j = 0; j < cols; j++)
            {
                final double logp = logits[row + j] - lse;
                h -= Math.exp(logp) * logp;
            }
            total += h;
            for (int j = 0; j < cols; j++)
            {
                final double logp = logits[row + j] - lse;
                grad[gOff + r * ld + j] += (float) (scale * -Math.exp(logp) * (logp + h));
            }
        }
        return scale * total;
    }

    /**
     * Policy-gradient loss with given advantages (A3C, IMPALA with V-trace advantages):
     * {@code ℓ_i = -A_i log π(a_i | s_i)}, gradient {@code -A_i (onehot(a_i) - π)}. Advantages
     * are constants (no gradient flows into them).
     *
     * @param logits     logits.
     * @param off        index of the first logit.
     * @param rows       rows.
     * @param cols       actions.
     * @param ld         row stride.
     * @param actions    chosen actions.
     * @param aOff       index of the first action.
     * @param advantages advantages.
     * @param advOff     index of the first advantage.
     * @param scale      scale of the sum.
     * @param grad       gradient, accumulated into.
     * @param gOff       index of its first element.
     * @return {@code scale · Σ ℓ_i}.
     */
    public static double policyGradient(final float[] logits, final int off, final int rows, final int cols,
                                        final int ld, final int[] actions, final int aOff, final float[] advantages,
                                        final int advOff, final float scale, final float[] grad, final int gOff)
    {
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            final int row = off + r * ld;
            final int a = actions[aOff + r];
            final double adv = advantages[advOff + r];
            final double lse = logSumExp(logits, row, cols);
            loss -= adv * (logits[row + a] - lse);
            for (int j = 0; j < cols; j++)
            {
                final double p = Math.exp(logits[row + j] - lse);
                grad[gOff + r * ld + j] += (float) (scale * -adv * ((j == a ? 1 : 0) - p));
            }
        }
        return scale * loss;
    }

    /**
     * Value baseline loss {@code ℓ_i = ½ (v_i - G_i)²} over a strided column (the value column of
     * a policy/value head: {@code off = actions}, {@code ld = actions + 1}).
     *
     * @param values  the outputs holding the values.
     * @param off     index of the first value.
     * @param ld      stride between values.
     * @param rows    rows.
     * @param targets value targets G (V-trace targets, n-step returns).
     * @param tOff    index of the first target.
     * @param scale   scale of the sum.
     * @param grad    gradient (same layout as the outputs), accumulated into.
     * @param gOff    index of the gradient of the first value.
     * @return {@code scale · Σ ℓ_i}.
     */
    public static double valueBaseline(final float[] values, final int off, final int ld, final int rows,
                                       final float[] targets, final int tOff, final float scale, final float[] grad,
                                       final int gOff)
    {
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            final float d = values[off + r * ld] - targets[tOff + r];
            loss += 0.5 * d * d;
            grad[gOff + r * ld] += scale * d;
        }
        return scale * loss;
    }

    /**
     * Log-densities of actions under diagonal Gaussian policies whose rows are
     * {@code [μ (A) | log σ (A)]}: {@code Σ_j -½((a_j - μ_j)/σ_j)² - log σ_j - ½ log 2π}.
     *
     * @param out     policy outputs, rows of 2A.
     * @param off     index of the first.
     * @param rows    rows.
     * @param dims    action dimensions A.
     * @param actions actions, rows of A.
     * @param aOff    index of the first.
     * @param logProb receives the log-densities.
     * @param lpOff   index of the first.
     */
    public static void gaussianLogProbs(final float[] out, final int off, final int rows, final int dims,
                                        final float[] actions, final int aOff, final float[] logProb, final int lpOff)
    {
        for (int r = 0; r < rows; r++)
        {
            double lp = 0;
            for (int j = 0; j < dims; j++)
            {
                final double mu = out[off + r * 2 * dims + j];
                final double logStd = out[off + r * 2 * dims + dims + j];
                final double z = (actions[aOff + r * dims + j] - mu) / Math.exp(logStd);
                lp += -0.5 * z * z - logStd - HALF_LOG_TWO_PI;
            }
            logProb[lpOff + r] = (float) lp;
        }
    }

    /**
     * Policy-gradient loss of a diagonal Gaussian policy, {@code ℓ_i = -A_i log π(a_i | s_i)},
     * with gradients {@code ∂log π/∂μ_j = (a_j - μ_j)/σ_j²} and {@code ∂log π/∂log σ_j = z_j² - 1}.
     *
     * @param out        policy outputs, rows of {@code [μ | log σ]}.
     * @param off        index of the first.
     * @param rows       rows.
     * @param dims       action dimensions A.
     * @param actions    actions, rows of A.
     * @param aOff       index of the first.
     * @param advantages advantages.
     * @param advOff     index of the first.
     * @param scale      scale of the sum.
     * @param grad       gradient (layout of out), accumulated into.
     * @param gOff       index of its first element.
     * @return {@code scale · Σ ℓ_i}.
     */
    public static double gaussianPolicyGradient(final float[] out, final int off, final int rows, final int dims,
                                                final float[] actions, final int aOff, final float[] advantages,
                                                final int advOff, final float scale, final float[] grad,
                                                final int gOff)
    {
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            final double adv = advantages[advOff + r];
            for (int j = 0; j < dims; j++)
            {
                final int mi = r * 2 * dims + j;
                final double mu = out[off + mi];
                final double logStd = out[off + mi + dims];
                final double std = Math.exp(logStd);
                final double z = (actions[aOff + r * dims + j] - mu) / std;
                loss -= adv * (-0.5 * z * z - logStd - HALF_LOG_TWO_PI);
                grad[gOff + mi] += (float) (scale * -adv * z / std);
                grad[gOff + mi + dims] += (float) (scale * -adv * (z * z - 1));
            }
        }
        return scale * loss;
    }
}
