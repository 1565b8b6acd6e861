package io.surge.algo.returns;

/**
 * Multistep returns and off-policy targets over time-major {@code [T, B]} batches: the
 * functions of rlax's {@code multistep.py}, {@code value_learning.py} and
 * {@code nonlinear_bellman.py} that Surge's learners use (A3C's n-step returns and GAE, R2D2's
 * transformed n-step target, Q(λ), Retrace). V-trace is {@link VTrace}.
 *
 * <p>Each function is the stated recursion evaluated in the same operation order as rlax, so
 * results agree with rlax to the last bit or so (checked against {@code
 * rlax_multistep_cases.json} to 1e-12 relative). Per column b the recursion runs backward over
 * t; columns are independent.
 *
 * <p><b>Arguments.</b> {@code rewards[t]} = r_{t+1} and {@code discounts[t]} = γ_{t+1} belong
 * to the transition x_t → x_{t+1} (rlax's {@code r_t}, {@code discount_t}). Two kinds of
 * value arrays appear, named for what they hold:
 * <ul>
 *   <li>{@code nextValues[t]} = V(x_{t+1}) (rlax's {@code v_t}): the last element of each column
 *       is the bootstrap value;</li>
 *   <li>{@code values[t]} = V(x_t) plus {@code bootstrapValue[b]} = V(x_T) (rlax's
 *       {@code values[T+1]} split into its first T rows and its last).</li>
 * </ul>
 * Action-value arrays are {@code [T, B, A]}; {@code qTm1} holds Q(x_t, ·), {@code qT} and
 * {@code targetQT} hold Q(x_{t+1}, ·); {@code actionsTm1[t]} = a_t, {@code actionsT[t]} =
 * a_{t+1}. A per-step λ array is {@code [T, B]}; the scalar forms use one λ for every step.
 *
 * <p>Stateless; thread-safe; allocates nothing. The output must not be an input array.
 */
public final class Multistep
{
    private Multistep()
    {
    }

    /**
     * λ-returns with one λ: {@code G_t = r_t + γ_t ((1 − λ) v_t + λ G_{t+1})}, bootstrapped
     * from the last next-state value ({@code G_T = v_{T−1}}). rlax's {@code lambda_returns}.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param nextValues V(x_{t+1}), [T, B].
     * @param lambda     λ in [0, 1].
     * @param out        out: G, [T, B].
     */
    public static void lambdaReturns(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts,
        final double[] nextValues, final double lambda, final double[] out)
    {
        Checks.lambda(lambda);
        lambdaReturns(timeSteps, batch, rewards, discounts, nextValues, null, lambda, out);
    }

    /**
     * λ-returns with a λ per step: {@code G_t = r_t + γ_t ((1 − λ_t) v_t + λ_t G_{t+1})},
     * {@code G_T = v_{T−1}}. rlax's {@code lambda_returns} with a λ array.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param nextValues V(x_{t+1}), [T, B].
     * @param lambdas    λ_t, [T, B].
     * @param out        out: G, [T, B].
     */
    public static void lambdaReturns(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts,
        final double[] nextValues, final double[] lambdas, final double[] out)
    {
        Checks.length("lambdas", lambdas, (long)timeSteps * batch);
        lambdaReturns(timeSteps, batch, rewards, discounts, nextValues, lambdas, Double.NaN, out);
    }

    private static void lambdaReturns(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts,
        final double[] nextValues, final double[] lambdas, final double lambda, final double[] out)
    {
        Checks.shape(timeSteps, batch);
        final int n = timeSteps * batch;
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("nextValues", nextValues, n);
        Checks.length("out", out, n);
        for (int b = 0; b < batch; b++)
        {
            final int last = (timeSteps - 1) * batch + b;
            double g = nextValues[last];
            for (int i = last; i >= 0; i -= batch)
            {
                final double l = lambdas == null ? lambda : lambdas[i];
                g = rewards[i] + discounts[i] * ((1.0 - l) * nextValues[i] + l * g);
                out[i] = g;
            }
        }
    }

    /**
     * Discounted returns: {@code G_t = r_t + γ_t G_{t+1}}, {@code G_T = bootstrap}. rlax's
     * {@code discounted_returns} (its λ = 1 λ-return over a constant value).
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param rewards        r, [T, B].
     * @param discounts      γ, [T, B].
     * @param bootstrapValue the value after the last step, [B].
     * @param out            out: G, [T, B].
     */
    public static void discountedReturns(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts,
        final double[] bootstrapValue, final double[] out)
    {
        Checks.shape(timeSteps, batch);
        final int n = timeSteps * batch;
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("bootstrapValue", bootstrapValue, batch);
        Checks.length("out", out, n);
        for (int b = 0; b < batch; b++)
        {
            double g = bootstrapValue[b];
            for (int i = (timeSteps - 1) * batch + b; i >= 0; i -= batch)
            {
                g = rewards[i] + discounts[i] * g;
                out[i] = g;
            }
        }
    }

    /**
     * n-step bootstrapped returns with one λ: for each t, starting from {@code G =
     * v_{min(t+n, T)−1}}, iterate {@code G ← r_k + γ_k ((1 − λ) v_k + λ G)} for k from
     * min(t+n, T)−1 down to t. With λ = 1: {@code r_t + γ_t r_{t+1} + … + (Π γ) v_{t+n−1}},
     * truncated at the end of the sequence (bootstrapping from v_{T−1}). rlax's
     * {@code n_step_bootstrapped_returns}. Costs O(T·min(n, T)) per column.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param nextValues V(x_{t+1}), [T, B].
     * @param steps      n ≥ 1.
     * @param lambda     λ in [0, 1] (1 for plain n-step returns).
     * @param out        out: G, [T, B].
     */
    public static void nStepBootstrappedReturns(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts,
        final double[] nextValues, final int steps, final double lambda, final double[] out)
    {
        Checks.lambda(lambda);
        nStep(timeSteps, batch, rewards, discounts, nextValues, steps, null, lambda, out);
    }

    /**
     * n-step bootstrapped returns with a λ per step (see the scalar form).
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param nextValues V(x_{t+1}), [T, B].
     * @param steps      n ≥ 1.
     * @param lambdas    λ_t, [T, B].
     * @param out        out: G, [T, B].
     */
    public static void nStepBootstrappedReturns(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts,
        final double[] nextValues, final int steps, final double[] lambdas, final double[] out)
    {
        Checks.length("lambdas", lambdas, (long)timeSteps * batch);
        nStep(timeSteps, batch, rewards, discounts, nextValues, steps, lambdas, Double.NaN, out);
    }

    private static void nStep(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts,
        final double[] nextValues, final int steps, final double[] lambdas, final double lambda, final double[] out)
    {
        Checks.shape(timeSteps, batch);
        if (steps < 1)
        {
            throw new IllegalArgumentException("n must be >= 1, got " + steps);
        }
        final int n = timeSteps * batch;
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("nextValues", nextValues, n);
        Checks.length("out", out, n);
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < timeSteps; t++)
            {
                // Past the end rlax pads with r = 0, γ = 1, λ = 1, v = v_{T-1}: steps that leave G unchanged.
                final int end = Math.min(t + steps, timeSteps) - 1;
                final int first = t * batch + b;
                int i = end * batch + b;
                double g = nextValues[i];
                for (; i >= first; i -= batch)
                {
                    final double l = lambdas == null ? lambda : lambdas[i];
                    g = rewards[i] + discounts[i] * ((1.0 - l) * nextValues[i] + l * g);
                }
                out[first] = g;
            }
        }
    }

    /**
     * Truncated generalized advantage estimation (Schulman et al. 2016) with one λ:
     * {@code δ_t = r_t + γ_t V_{t+1} − V_t}, {@code A_t = δ_t + γ_t λ A_{t+1}}, {@code A_T = 0}.
     * rlax's {@code truncated_generalized_advantage_estimation}.
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param rewards        r, [T, B].
     * @param discounts      γ, [T, B].
     * @param lambda         λ in [0, 1].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param out            out: A, [T, B].
     */
    public static void truncatedGeneralizedAdvantages(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts, final double lambda,
        final double[] values, final double[] bootstrapValue, final double[] out)
    {
        Checks.lambda(lambda);
        gae(timeSteps, batch, rewards, discounts, null, lambda, values, bootstrapValue, out);
    }

    /**
     * Truncated generalized advantage estimation with a λ per step (see the scalar form).
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param rewards        r, [T, B].
     * @param discounts      γ, [T, B].
     * @param lambdas        λ_t, [T, B].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param out            out: A, [T, B].
     */
    public static void truncatedGeneralizedAdvantages(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts, final double[] lambdas,
        final double[] values, final double[] bootstrapValue, final double[] out)
    {
        Checks.length("lambdas", lambdas, (long)timeSteps * batch);
        gae(timeSteps, batch, rewards, discounts, lambdas, Double.NaN, values, bootstrapValue, out);
    }

    private static void gae(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts, final double[] lambdas,
        final double lambda, final double[] values, final double[] bootstrapValue, final double[] out)
    {
        Checks.shape(timeSteps, batch);
        final int n = timeSteps * batch;
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("values", values, n);
        Checks.length("bootstrapValue", bootstrapValue, batch);
        Checks.length("out", out, n);
        for (int b = 0; b < batch; b++)
        {
            double vNext = bootstrapValue[b];
            double advantage = 0.0;
            for (int i = (timeSteps - 1) * batch + b; i >= 0; i -= batch)
            {
                final double l = lambdas == null ? lambda : lambdas[i];
                final double v = values[i];
                final double delta = rewards[i] + discounts[i] * vNext - v;
                advantage = delta + discounts[i] * l * advantage;
                out[i] = advantage;
                vNext = v;
            }
        }
    }

    /**
     * Importance-corrected TD errors with one λ: {@code δ_t = r_t + γ_t V_{t+1} − V_t},
     * {@code D_t = δ_t + γ_t ρ_{t+1} λ D_{t+1}} ({@code D_T = 0}, no ρ_T), {@code err_t = ρ_t D_t}.
     * rlax's {@code importance_corrected_td_errors}.
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param rewards        r, [T, B].
     * @param discounts      γ, [T, B].
     * @param rhos           ρ_t = π(a_t|x_t) / μ(a_t|x_t) (rlax's {@code rho_tm1}), [T, B].
     * @param lambda         λ in [0, 1].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param out            out: the errors, [T, B].
     */
    public static void importanceCorrectedTdErrors(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts, final double[] rhos,
        final double lambda, final double[] values, final double[] bootstrapValue, final double[] out)
    {
        Checks.lambda(lambda);
        importanceCorrected(timeSteps, batch, rewards, discounts, rhos, null, lambda, values, bootstrapValue, out);
    }

    /**
     * Importance-corrected TD errors with a λ per step (see the scalar form).
     *
     * @param timeSteps      T.
     * @param batch          B.
     * @param rewards        r, [T, B].
     * @param discounts      γ, [T, B].
     * @param rhos           ρ_t, [T, B].
     * @param lambdas        λ_t, [T, B].
     * @param values         V(x_t), [T, B].
     * @param bootstrapValue V(x_T), [B].
     * @param out            out: the errors, [T, B].
     */
    public static void importanceCorrectedTdErrors(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts, final double[] rhos,
        final double[] lambdas, final double[] values, final double[] bootstrapValue, final double[] out)
    {
        Checks.length("lambdas", lambdas, (long)timeSteps * batch);
        importanceCorrected(timeSteps, batch, rewards, discounts, rhos, lambdas, Double.NaN, values, bootstrapValue, out);
    }

    private static void importanceCorrected(
        final int timeSteps, final int batch, final double[] rewards, final double[] discounts, final double[] rhos,
        final double[] lambdas, final double lambda, final double[] values, final double[] bootstrapValue,
        final double[] out)
    {
        Checks.shape(timeSteps, batch);
        final int n = timeSteps * batch;
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("rhos", rhos, n);
        Checks.length("values", values, n);
        Checks.length("bootstrapValue", bootstrapValue, batch);
        Checks.length("out", out, n);
        for (int b = 0; b < batch; b++)
        {
            double vNext = bootstrapValue[b];
            double rhoNext = 1.0;   // unused at t = T-1: D_T = 0
            double d = 0.0;
            for (int i = (timeSteps - 1) * batch + b; i >= 0; i -= batch)
            {
                final double l = lambdas == null ? lambda : lambdas[i];
                final double v = values[i];
                final double delta = rewards[i] + discounts[i] * vNext - v;
                d = delta + discounts[i] * rhoNext * l * d;
                final double rho = rhos[i];
                out[i] = rho * d;
                rhoNext = rho;
                vNext = v;
            }
        }
    }

    /**
     * Q(λ) TD errors with one λ: the λ-return over {@code max_a Q(x_{t+1}, a)} minus
     * {@code Q(x_t, a_t)}. Peng's Q(λ) with a constant λ. rlax's {@code q_lambda}.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param numActions A.
     * @param qTm1       Q(x_t, ·), [T, B, A].
     * @param actionsTm1 a_t, [T, B].
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param qT         Q(x_{t+1}, ·), [T, B, A].
     * @param lambda     λ in [0, 1].
     * @param out        out: the TD errors, [T, B].
     */
    public static void qLambda(
        final int timeSteps, final int batch, final int numActions, final double[] qTm1, final int[] actionsTm1,
        final double[] rewards, final double[] discounts, final double[] qT, final double lambda, final double[] out)
    {
        Checks.lambda(lambda);
        qLambda(timeSteps, batch, numActions, qTm1, actionsTm1, rewards, discounts, qT, null, lambda, out);
    }

    /**
     * Q(λ) TD errors with a λ per step: with λ_t = 0 where a_{t+1} was not greedy this is
     * Watkins' Q(λ). See the scalar form.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param numActions A.
     * @param qTm1       Q(x_t, ·), [T, B, A].
     * @param actionsTm1 a_t, [T, B].
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param qT         Q(x_{t+1}, ·), [T, B, A].
     * @param lambdas    λ_t, [T, B].
     * @param out        out: the TD errors, [T, B].
     */
    public static void qLambda(
        final int timeSteps, final int batch, final int numActions, final double[] qTm1, final int[] actionsTm1,
        final double[] rewards, final double[] discounts, final double[] qT, final double[] lambdas, final double[] out)
    {
        Checks.length("lambdas", lambdas, (long)timeSteps * batch);
        qLambda(timeSteps, batch, numActions, qTm1, actionsTm1, rewards, discounts, qT, lambdas, Double.NaN, out);
    }

    private static void qLambda(
        final int timeSteps, final int batch, final int numActions, final double[] qTm1, final int[] actionsTm1,
        final double[] rewards, final double[] discounts, final double[] qT, final double[] lambdas, final double lambda,
        final double[] out)
    {
        Checks.shape(timeSteps, batch);
        Checks.actions(numActions);
        final int n = timeSteps * batch;
        Checks.length("qTm1", qTm1, (long)n * numActions);
        Checks.length("actionsTm1", actionsTm1, n);
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("qT", qT, (long)n * numActions);
        Checks.length("out", out, n);
        for (int b = 0; b < batch; b++)
        {
            final int last = (timeSteps - 1) * batch + b;
            double g = max(qT, last * numActions, numActions);
            for (int i = last; i >= 0; i -= batch)
            {
                final double l = lambdas == null ? lambda : lambdas[i];
                final double v = max(qT, i * numActions, numActions);
                g = rewards[i] + discounts[i] * ((1.0 - l) * v + l * g);
                final int action = actionsTm1[i];
                Checks.actionIndex("actionsTm1", action, numActions, i);
                out[i] = g - qTm1[i * numActions + action];
            }
        }
    }

    /**
     * Retrace TD errors (Munos et al. 2016): {@code c_t = λ min(1, π(a_{t+1}) / (μ(a_{t+1}) + ε))},
     * {@code E_t = Σ_a π_t(a) Q(x_{t+1}, a)}, {@code G_{T−1} = r_{T−1} + γ_{T−1} E_{T−1}},
     * {@code G_t = r_t + γ_t (E_t − c_t Q(x_{t+1}, a_{t+1}) + c_t G_{t+1})},
     * {@code td_t = G_t − Q(x_t, a_t)}. rlax's {@code retrace}; c_{T−1} and a_T are unused.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param numActions A.
     * @param qTm1       Q(x_t, ·), [T, B, A].
     * @param qT         Q(x_{t+1}, ·) (usually the target network's), [T, B, A].
     * @param actionsTm1 a_t, [T, B].
     * @param actionsT   a_{t+1}, [T, B].
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param piT        π(· | x_{t+1}), the target policy's probabilities, [T, B, A].
     * @param muT        μ(a_{t+1} | x_{t+1}), the behaviour probability of a_{t+1}, [T, B].
     * @param lambda     λ in [0, 1].
     * @param eps        ε added to μ to avoid division by zero (rlax: 1e-8).
     * @param out        out: the TD errors, [T, B].
     */
    public static void retrace(
        final int timeSteps, final int batch, final int numActions, final double[] qTm1, final double[] qT,
        final int[] actionsTm1, final int[] actionsT, final double[] rewards, final double[] discounts,
        final double[] piT, final double[] muT, final double lambda, final double eps, final double[] out)
    {
        Checks.shape(timeSteps, batch);
        Checks.actions(numActions);
        Checks.lambda(lambda);
        final int n = timeSteps * batch;
        final long nq = (long)n * numActions;
        Checks.length("qTm1", qTm1, nq);
        Checks.length("qT", qT, nq);
        Checks.length("actionsTm1", actionsTm1, n);
        Checks.length("actionsT", actionsT, n);
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("piT", piT, nq);
        Checks.length("muT", muT, n);
        Checks.length("out", out, n);
        for (int b = 0; b < batch; b++)
        {
            final int last = (timeSteps - 1) * batch + b;
            double g = rewards[last] + discounts[last] * expectation(piT, qT, last * numActions, numActions);
            out[last] = g - qTm1[last * numActions + checked(actionsTm1, last, numActions, "actionsTm1")];
            for (int i = last - batch; i >= 0; i -= batch)
            {
                final int base = i * numActions;
                final int actionT = checked(actionsT, i, numActions, "actionsT");
                final double qa = qT[base + actionT];
                final double c = Math.min(1.0, piT[base + actionT] / (muT[i] + eps)) * lambda;
                final double e = expectation(piT, qT, base, numActions);
                g = rewards[i] + discounts[i] * (e - c * qa + c * g);
                out[i] = g - qTm1[base + checked(actionsTm1, i, numActions, "actionsTm1")];
            }
        }
    }

    /**
     * The R2D2 target's TD errors (Kapturowski et al. 2019): {@code v_t = h⁻¹(Q_target(x_{t+1},
     * a_{t+1}))}, {@code G_t} = the n-step bootstrapped return over v (λ = 1), and
     * {@code td_t = h(G_t) − Q(x_t, a_t)} with the value rescaling h of {@link ValueRescaling}.
     * For double Q-learning pass a_{t+1} = argmax of the online network. rlax's
     * {@code transformed_n_step_q_learning} with the signed hyperbolic pair.
     *
     * <p>{@code out} also serves as the workspace for the h⁻¹ values, so nothing else is needed.
     *
     * @param timeSteps  T.
     * @param batch      B.
     * @param numActions A.
     * @param qTm1       Q(x_t, ·), [T, B, A].
     * @param actionsTm1 a_t, [T, B].
     * @param targetQT   Q_target(x_{t+1}, ·), [T, B, A].
     * @param actionsT   a_{t+1}, [T, B].
     * @param rewards    r, [T, B].
     * @param discounts  γ, [T, B].
     * @param steps      n ≥ 1.
     * @param eps        the rescaling's ε ({@link ValueRescaling#DEFAULT_EPS}).
     * @param out        out: the TD errors, [T, B].
     */
    public static void transformedNStepQLearning(
        final int timeSteps, final int batch, final int numActions, final double[] qTm1, final int[] actionsTm1,
        final double[] targetQT, final int[] actionsT, final double[] rewards, final double[] discounts,
        final int steps, final double eps, final double[] out)
    {
        Checks.shape(timeSteps, batch);
        Checks.actions(numActions);
        if (steps < 1)
        {
            throw new IllegalArgumentException("n must be >= 1, got " + steps);
        }
        final int n = timeSteps * batch;
        final long nq = (long)n * numActions;
        Checks.length("qTm1", qTm1, nq);
        Checks.length("actionsTm1", actionsTm1, n);
        Checks.length("targetQT", targetQT, nq);
        Checks.length("actionsT", actionsT, n);
        Checks.length("rewards", rewards, n);
        Checks.length("discounts", discounts, n);
        Checks.length("out", out, n);
        for (int i = 0; i < n; i++)
        {
            out[i] = ValueRescaling.hInv(targetQT[i * numActions + checked(actionsT, i, numActions, "actionsT")], eps);
        }
        // Ascending t: G_t reads the h⁻¹ values at k >= t only, so out[t] can be overwritten once G_t is known.
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < timeSteps; t++)
            {
                final int end = Math.min(t + steps, timeSteps) - 1;
                final int first = t * batch + b;
                int i = end * batch + b;
                double g = out[i];
                for (; i >= first; i -= batch)
                {
                    // λ = 1: (1 - 1) * v + 1 * G, kept in rlax's form so the bits match.
                    g = rewards[i] + discounts[i] * (0.0 * out[i] + g);
                }
                out[first] = ValueRescaling.h(g, eps) - qTm1[first * numActions + checked(actionsTm1, first, numActions, "actionsTm1")];
            }
        }
    }

    private static int checked(final int[] actions, final int i, final int numActions, final String name)
    {
        final int action = actions[i];
        Checks.actionIndex(name, action, numActions, i);
        return action;
    }

    private static double max(final double[] q, final int base, final int numActions)
    {
        double m = q[base];
        for (int a = 1; a < numActions; a++)
        {
            m = Math.max(m, q[base + a]);
        }
        return m;
    }

    /** Σ_a π(a) q(a), summed left to right from 0 (what rlax gave, bit for bit, on the reference cases). */
    private static double expectation(final double[] pi, final double[] q, final int base, final int numActions)
    {
        double sum = 0.0;
        for (int a = 0; a < numActions; a++)
        {
            sum += pi[base + a] * q[base + a];
        }
        return sum;
    }
}
