package io.surge.algo.returns;

/**
 * V-trace targets and policy-gradient advantages of IMPALA (Espeholt et al. 2018, "IMPALA:
 * Scalable Distributed Deep-RL with Importance Weighted Actor-Learner Architectures", §4.1),
 * with an optional λ as in rlax's {@code vtrace_td_error_and_advantage} (traces c_t = λ·min(c̄, ρ_t),
 * as in Retrace(λ), and the advantage's bootstrap mixed with V).
 *
 * <p>For each column b, with ρ_t = π(a_t|x_t) / μ(a_t|x_t), V_t = {@code values[t]},
 * V_T = vs_T = {@code bootstrapValue[b]}, γ_t = {@code discounts[t]}:
 * <pre>
 * ρ̃_t = min(ρ̄, ρ_t)          c_t = λ · min(c̄, ρ_t)          ρ̃pg_t = min(ρ̄pg, ρ_t)
 * δ_t V = ρ̃_t (r_t + γ_t V_{t+1} − V_t)
 * vs_t − V_t = δ_t V + γ_t c_t (vs_{t+1} − V_{t+1})                     (backward over t)
 * q_t = r_t + γ_t (λ vs_{t+1} + (1 − λ) V_{t+1})   for t &lt; T−1;   q_{T−1} = r_{T−1} + γ_{T−1} V_T
 * pg_advantages_t = ρ̃pg_t (q_t − V_t)
 * </pre>
 * With λ = 1 this is the paper's {@code ρ̃pg_t (r_t + γ_t vs_{t+1} − V_t)}. A threshold of
 * {@link #NO_CLIPPING} (+∞) turns its clipping off.
 *
 * <p><b>Layout and form.</b> Arrays are time-major {@code [T, B]} (index {@code t * B + b}),
 * {@code bootstrapValue} is {@code [B]}. The computation is written the way the GPU kernel
 * does it: one independent backward pass per column b carrying one scalar, no workspace, no
 * allocation. float64 and float32 entry points do the same operations in their own precision
 * (the float32 one takes exp in double and rounds it, then works in float).
 *
 * <p><b>Inputs.</b> The importance weights come in one of three forms: log ρ
 * ({@code fromLogRhos}), the target and behaviour log-probabilities of the taken actions
 * ({@code fromLogProbs}, log ρ = target − behaviour; see {@link LogProbs} for computing them
 * from logits), or ρ itself ({@code fromRhos}, rlax's {@code rho_tm1}).
 *
 * <p>Immutable; thread-safe. Outputs must not be input arrays.
 */
public final class VTrace
{
    /** A threshold that turns clipping off (+∞); what a null / absent threshold maps to. */
    public static final double NO_CLIPPING = Double.POSITIVE_INFINITY;

    /** The default ρ̄, c̄ and ρ̄pg: 1.0, as in the paper's experiments. */
    public static final double DEFAULT_THRESHOLD = 1.0;

    /** The default λ: 1.0 (plain V-trace). */
    public static final double DEFAULT_LAMBDA = 1.0;

    private static final int LOG_RHOS = 0;
    private static final int LOG_PROBS = 1;
    private static final int RHOS = 2;

    private final double clipRhoThreshold;
    private final double clipCThreshold;
    private final double clipPgRhoThreshold;
    private final double lambda;
    private final float clipRhoThresholdF;
    private final float clipCThresholdF;
    private final float clipPgRhoThresholdF;
    private final float lambdaF;

    /** V-trace with ρ̄ = c̄ = ρ̄pg = 1 and λ = 1. */
    public VTrace()
    {
        this(DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, DEFAULT_LAMBDA);
    }

    /**
     * V-trace with the given thresholds and λ.
     *
     * @param clipRhoThreshold   ρ̄, clips ρ in the TD term; ≥ 0, or {@link #NO_CLIPPING}.
     * @param clipCThreshold     c̄, clips the trace coefficients c; ≥ 0, or {@link #NO_CLIPPING}.
     * @param clipPgRhoThreshold ρ̄pg, clips ρ in the policy-gradient advantage; ≥ 0, or
     *                           {@link #NO_CLIPPING}.
     * @param lambda             λ in [0, 1]; scales the traces and mixes vs with V in the
     *                           advantage's bootstrap.
     * @throws IllegalArgumentException if a threshold is negative or NaN, or λ is outside [0, 1].
     */
    public VTrace(final double clipRhoThreshold, final double clipCThreshold, final double clipPgRhoThreshold, final double lambda)
    {
        Checks.threshold("clipRhoThreshold", clipRhoThreshold);
        Checks.threshold("clipCThreshold", clipCThreshold);
        Checks.threshold("clipPgRhoThreshold", clipPgRhoThreshold);
        Checks.lambda(lambda);
        this.clipRhoThreshold = clipRhoThreshold;
        this.clipCThreshold = clipCThreshold;
        this.clipPgRhoThreshold = clipPgRhoThreshold;
        this.lambda = lambda;
        this.clipRhoThresholdF = (float)clipRhoThreshold;
        this.clipCThresholdF = (float)clipCThreshold;
        this.clipPgRhoThresholdF = (float)clipPgRhoThreshold;
        this.lambdaF = (float)lambda;
    }

    /**
     * A threshold from an optional setting: null means no clipping.
     *
     * @param threshold the setting, or null.
     * @return the threshold, or {@link #NO_CLIPPING}.
     */
    public static double threshold(final Double threshold)
    {
        return threshold == null ? NO_CLIPPING : threshold;
    }

    /**
     * ρ̄.
     *
     * @return the threshold (+∞ when off).
     */
    public double clipRhoThreshold()
    {
        return clipRhoThreshold;
    }

    /**
     * c̄.
     *
     * @return the threshold (+∞ when off).
     */
    public double clipCThreshold()
    {
        return clipCThreshold;
    }

    /**
     * ρ̄pg.
     *
     * @return the threshold (+∞ when off).
     */
    public double clipPgRhoThreshold()
    {
        return clipPgRhoThreshold;
    }

    /**
     * λ.
     *
     * @return λ.
     */
    public double lambda()
    {
        return lambda;
    }

    /**
     * V-trace from log importance weights, float64.
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param logRhos        log ρ_t = log π(a_t|x_t) − log μ(a_t|x_t), [T, B].
     * @param discounts      γ_t, [T, B] (0 where the episode ended at step t).
     * @param rewards        r_t, [T, B].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param vs             out: the V-trace targets vs_t, [T, B].
     * @param pgAdvantages   out: the policy-gradient advantages, [T, B].
     */
    public void fromLogRhos(
        final int timeSteps, final int batch, final double[] logRhos, final double[] discounts, final double[] rewards,
        final double[] values, final double[] bootstrapValue, final double[] vs, final double[] pgAdvantages)
    {
        compute(LOG_RHOS, timeSteps, batch, logRhos, null, discounts, rewards, values, bootstrapValue, vs, pgAdvantages);
    }

    /**
     * V-trace from the log-probabilities of the taken actions, float64.
     *
     * @param timeSteps          T.
     * @param batch              B.
     * @param targetLogProbs     log π(a_t|x_t) under the learner's policy, [T, B].
     * @param behaviourLogProbs  log μ(a_t|x_t) under the actor's policy, [T, B].
     * @param discounts          γ_t, [T, B].
     * @param rewards            r_t, [T, B].
     * @param values             V(x_t), [T, B].
     * @param bootstrapValue     V(x_T), [B].
     * @param vs                 out: vs_t, [T, B].
     * @param pgAdvantages       out: advantages, [T, B].
     */
    public void fromLogProbs(
        final int timeSteps, final int batch, final double[] targetLogProbs, final double[] behaviourLogProbs,
        final double[] discounts, final double[] rewards, final double[] values, final double[] bootstrapValue,
        final double[] vs, final double[] pgAdvantages)
    {
        Checks.length("behaviourLogProbs", behaviourLogProbs, (long)timeSteps * batch);
        compute(LOG_PROBS, timeSteps, batch, targetLogProbs, behaviourLogProbs, discounts, rewards, values, bootstrapValue,
            vs, pgAdvantages);
    }

    /**
     * V-trace from the importance weights themselves (rlax's {@code rho_tm1}), float64.
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param rhos           ρ_t ≥ 0, [T, B].
     * @param discounts      γ_t, [T, B].
     * @param rewards        r_t, [T, B].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param vs             out: vs_t, [T, B].
     * @param pgAdvantages   out: advantages, [T, B].
     */
    public void fromRhos(
        final int timeSteps, final int batch, final double[] rhos, final double[] discounts, final double[] rewards,
        final double[] values, final double[] bootstrapValue, final double[] vs, final double[] pgAdvantages)
    {
        compute(RHOS, timeSteps, batch, rhos, null, discounts, rewards, values, bootstrapValue, vs, pgAdvantages);
    }

    /**
     * V-trace from log importance weights, float32.
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param logRhos        log ρ_t, [T, B].
     * @param discounts      γ_t, [T, B].
     * @param rewards        r_t, [T, B].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param vs             out: vs_t, [T, B].
     * @param pgAdvantages   out: advantages, [T, B].
     */
    public void fromLogRhos(
        final int timeSteps, final int batch, final float[] logRhos, final float[] discounts, final float[] rewards,
        final float[] values, final float[] bootstrapValue, final float[] vs, final float[] pgAdvantages)
    {
        compute(LOG_RHOS, timeSteps, batch, logRhos, null, discounts, rewards, values, bootstrapValue, vs, pgAdvantages);
    }

    /**
     * V-trace from the log-probabilities of the taken actions, float32.
     *
     * @param timeSteps          T.
     * @param batch              B.
     * @param targetLogProbs     log π(a_t|x_t), [T, B].
     * @param behaviourLogProbs  log μ(a_t|x_t), [T, B].
     * @param discounts          γ_t, [T, B].
     * @param rewards            r_t, [T, B].
     * @param values             V(x_t), [T, B].
     * @param bootstrapValue     V(x_T), [B].
     * @param vs                 out: vs_t, [T, B].
     * @param pgAdvantages       out: advantages, [T, B].
     */
    public void fromLogProbs(
        final int timeSteps, final int batch, final float[] targetLogProbs, final float[] behaviourLogProbs,
        final float[] discounts, final float[] rewards, final float[] values, final float[] bootstrapValue,
        final float[] vs, final float[] pgAdvantages)
    {
        Checks.length("behaviourLogProbs", behaviourLogProbs, (long)timeSteps * batch);
        compute(LOG_PROBS, timeSteps, batch, targetLogProbs, behaviourLogProbs, discounts, rewards, values, bootstrapValue,
            vs, pgAdvantages);
    }

    /**
     * V-trace from the importance weights themselves, float32.
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param rhos           ρ_t ≥ 0, [T, B].
     * @param discounts      γ_t, [T, B].
     * @param rewards        r_t, [T, B].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param vs             out: vs_t, [T, B].
     * @param pgAdvantages   out: advantages, [T, B].
     */
    public void fromRhos(
        final int timeSteps, final int batch, final float[] rhos, final float[] discounts, final float[] rewards,
        final float[] values, final float[] bootstrapValue, final float[] vs, final float[] pgAdvantages)
    {
        compute(RHOS, timeSteps, batch, rhos, null, discounts, rewards, values, bootstrapValue, vs, pgAdvantages);
    }

    /**
     * rlax's {@code q_estimate} of {@code vtrace_td_error_and_advantage}: the bootstrapped
     * action-value estimate the advantage is taken from, {@code q_t = r_t + γ_t (λ vs_{t+1} +
     * (1 − λ) V_{t+1})} and {@code q_{T−1} = r_{T−1} + γ_{T−1} V_T}, from the {@code vs} a
     * {@code from*} call produced. Same operations as inside the kernel, so {@code
     * pgAdvantages_t = ρ̃pg_t (q_t − V_t)} holds to the bit.
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param discounts      γ_t, [T, B].
     * @param rewards        r_t, [T, B].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param vs             vs_t, [T, B].
     * @param qEstimates     out: q_t, [T, B].
     */
    public void qEstimates(
        final int timeSteps, final int batch, final double[] discounts, final double[] rewards, final double[] values,
        final double[] bootstrapValue, final double[] vs, final double[] qEstimates)
    {
        Checks.shape(timeSteps, batch);
        final int n = timeSteps * batch;
        Checks.length("discounts", discounts, n);
        Checks.length("rewards", rewards, n);
        Checks.length("values", values, n);
        Checks.length("bootstrapValue", bootstrapValue, batch);
        Checks.length("vs", vs, n);
        Checks.length("qEstimates", qEstimates, n);
        final double lambda = this.lambda;
        final double oneMinusLambda = 1.0 - lambda;
        for (int b = 0; b < batch; b++)
        {
            int i = (timeSteps - 1) * batch + b;
            qEstimates[i] = rewards[i] + discounts[i] * bootstrapValue[b];
            for (int t = timeSteps - 2; t >= 0; t--)
            {
                final int next = i;
                i -= batch;
                qEstimates[i] = rewards[i] + discounts[i] * (lambda * vs[next] + oneMinusLambda * values[next]);
            }
        }
    }

    private void compute(
        final int mode, final int timeSteps, final int batch, final double[] weights, final double[] behaviourLogProbs,
        final double[] discounts, final double[] rewards, final double[] values, final double[] bootstrapValue,
        final double[] vs, final double[] pgAdvantages)
    {
        Checks.shape(timeSteps, batch);
        final int n = timeSteps * batch;
        Checks.length(mode == RHOS ? "rhos" : (mode == LOG_PROBS ? "targetLogProbs" : "logRhos"), weights, n);
        Checks.length("discounts", discounts, n);
        Checks.length("rewards", rewards, n);
        Checks.length("values", values, n);
        Checks.length("bootstrapValue", bootstrapValue, batch);
        Checks.length("vs", vs, n);
        Checks.length("pgAdvantages", pgAdvantages, n);

        final double rhoBar = clipRhoThreshold;
        final double cBar = clipCThreshold;
        final double pgRhoBar = clipPgRhoThreshold;
        final double lambda = this.lambda;
        final double oneMinusLambda = 1.0 - lambda;

        // One backward pass per column: this loop body is the GPU kernel's per-thread body.
        for (int b = 0; b < batch; b++)
        {
            final double bootstrap = bootstrapValue[b];
            double vNext = bootstrap;           // V_{t+1}
            double errNext = 0.0;               // vs_{t+1} - V_{t+1}
            double qBootstrap = bootstrap;      // λ vs_{t+1} + (1 - λ) V_{t+1}; V_T at t = T-1
            for (int i = (timeSteps - 1) * batch + b; i >= 0; i -= batch)
            {
                final double rho;
                if (mode == RHOS)
                {
                    rho = weights[i];
                }
                else if (mode == LOG_PROBS)
                {
                    rho = Math.exp(weights[i] - behaviourLogProbs[i]);
                }
                else
                {
                    rho = Math.exp(weights[i]);
                }
                final double v = values[i];
                final double discount = discounts[i];
                final double reward = rewards[i];
                final double clippedRho = Math.min(rhoBar, rho);
                final double c = Math.min(cBar, rho) * lambda;
                final double td = clippedRho * (reward + discount * vNext - v);
                final double err = td + discount * c * errNext;
                final double vsT = err + v;
                vs[i] = vsT;
                pgAdvantages[i] = Math.min(pgRhoBar, rho) * (reward + discount * qBootstrap - v);

                qBootstrap = lambda * vsT + oneMinusLambda * v;
                errNext = err;
                vNext = v;
            }
        }
    }

    private void compute(
        final int mode, final int timeSteps, final int batch, final float[] weights, final float[] behaviourLogProbs,
        final float[] discounts, final float[] rewards, final float[] values, final float[] bootstrapValue,
        final float[] vs, final float[] pgAdvantages)
    {
        Checks.shape(timeSteps, batch);
        final int n = timeSteps * batch;
        Checks.length(mode == RHOS ? "rhos" : (mode == LOG_PROBS ? "targetLogProbs" : "logRhos"), weights, n);
        Checks.length("discounts", discounts, n);
        Checks.length("rewards", rewards, n);
        Checks.length("values", values, n);
        Checks.length("bootstrapValue", bootstrapValue, batch);
        Checks.length("vs", vs, n);
        Checks.length("pgAdvantages", pgAdvantages, n);

        final float rhoBar = clipRhoThresholdF;
        final float cBar = clipCThresholdF;
        final float pgRhoBar = clipPgRhoThresholdF;
        final float lambda = lambdaF;
        final float oneMinusLambda = 1.0f - lambda;

        for (int b = 0; b < batch; b++)
        {
            final float bootstrap = bootstrapValue[b];
            float vNext = bootstrap;
            float errNext = 0.0f;
            float qBootstrap = bootstrap;
            for (int i = (timeSteps - 1) * batch + b; i >= 0; i -= batch)
            {
                final float rho;
                if (mode == RHOS)
                {
                    rho = weights[i];
                }
                else if (mode == LOG_PROBS)
                {
                    rho = (float)Math.exp((double)weights[i] - behaviourLogProbs[i]);
                }
                else
                {
                    rho = (float)Math.exp(weights[i]);
                }
                final float v = values[i];
                final float discount = discounts[i];
                final float reward = rewards[i];
                final float clippedRho = Math.min(rhoBar, rho);
                final float c = Math.min(cBar, rho) * lambda;
                final float td = clippedRho * (reward + discount * vNext - v);
                final float err = td + discount * c * errNext;
                final float vsT = err + v;
                vs[i] = vsT;
                pgAdvantages[i] = Math.min(pgRhoBar, rho) * (reward + discount * qBootstrap - v);

                qBootstrap = lambda * vsT + oneMinusLambda * v;
                errNext = err;
                vNext = v;
            }
        }
    }
}
