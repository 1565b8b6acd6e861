package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.algo.returns.Multistep;
import io.surge.algo.returns.VTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks {@link Multistep} and {@link VTrace} (with λ) against {@code rlax_multistep_cases.json}:
 * every case of every function within 1e-12 relative to max(1, |expected|). Reports passed / total
 * and the largest relative deviation per function; a function Surge does not know fails each of
 * its cases as "not supported".
 *
 * <p>The file's cases are single trajectories in rlax's time convention ({@code *_t} arrays hold
 * r_{t+1}, γ_{t+1}, V(x_{t+1}); {@code *_tm1} arrays hold quantities at x_t); they run as
 * {@code [T, 1]} batches. For V-trace, {@code v_tm1} maps to Surge's {@code values} and the last
 * {@code v_t} to the bootstrap value, which requires {@code v_t[t] = v_tm1[t+1]}.
 *
 * <p>Recognised by content: a {@code functions} object.
 */
public final class RlaxMultistepSuite implements ReferenceSuite
{
    /** Largest accepted |got − expected| / max(1, |expected|). */
    public static final double TOLERANCE = 1e-12;

    /** The suite. */
    public RlaxMultistepSuite()
    {
    }

    @Override
    public String kind()
    {
        return "rlax-multistep";
    }

    @Override
    public boolean recognizes(final JsonNode root)
    {
        final JsonNode functions = root.get("functions");
        return functions != null && functions.isObject();
    }

    @Override
    public SuiteResult run(final JsonNode root)
    {
        final SuiteResult result = new SuiteResult(kind());
        final JsonNode functions = Json.field(root, "functions", "$");
        if (!functions.isObject())
        {
            throw new ReferenceFormatException("$.functions: expected an object, got " + functions.getNodeType());
        }
        final List<String> lines = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> entry : functions.properties())
        {
            final String function = entry.getKey();
            final String path = "$.functions." + function;
            final JsonNode cases = Json.array(entry.getValue(), "cases", path);
            int passed = 0;
            int exact = 0;
            double maxDeviation = 0.0;
            final boolean supported = isSupported(function);
            for (int c = 0; c < cases.size(); c++)
            {
                final String casePath = path + ".cases[" + c + "]";
                final String caseName = function + "[" + c + "]";
                if (!supported)
                {
                    result.recordCase(caseName, false, "function not supported by Surge");
                    continue;
                }
                final Check check = new Check();
                runCase(function, cases.get(c), casePath, check);
                maxDeviation = Math.max(maxDeviation, check.maxDeviation);
                result.deviation(function + " (rel)", check.maxDeviation);
                if (check.ok())
                {
                    passed++;
                }
                if (check.maxDeviation == 0.0)
                {
                    exact++;
                }
                result.recordCase(caseName, check.ok(), check.failure.toString());
            }
            lines.add(supported ?
                String.format(Locale.ROOT, "%-44s %d/%d passed (%d equal to the last bit), max rel deviation %.3e",
                    function, passed, cases.size(), exact, maxDeviation) :
                String.format(Locale.ROOT, "%-44s 0/%d passed: not supported", function, cases.size()));
        }
        result.note(String.format(Locale.ROOT, "tolerance %.0e relative to max(1, |expected|); per function:", TOLERANCE));
        for (final String line : lines)
        {
            result.note("  " + line);
        }
        return result;
    }

    private static boolean isSupported(final String function)
    {
        return switch (function)
        {
            case "lambda_returns", "discounted_returns", "n_step_bootstrapped_returns",
                 "truncated_generalized_advantage_estimation", "importance_corrected_td_errors", "q_lambda", "retrace",
                 "transformed_n_step_q_learning", "vtrace_td_error_and_advantage" -> true;
            default -> false;
        };
    }

    private static void runCase(final String function, final JsonNode node, final String path, final Check check)
    {
        try
        {
            switch (function)
            {
                case "lambda_returns" -> lambdaReturns(node, path, check);
                case "discounted_returns" -> discountedReturns(node, path, check);
                case "n_step_bootstrapped_returns" -> nStep(node, path, check);
                case "truncated_generalized_advantage_estimation" -> gae(node, path, check);
                case "importance_corrected_td_errors" -> importanceCorrected(node, path, check);
                case "q_lambda" -> qLambda(node, path, check);
                case "retrace" -> retrace(node, path, check);
                case "transformed_n_step_q_learning" -> transformed(node, path, check);
                case "vtrace_td_error_and_advantage" -> vtrace(node, path, check);
                default -> throw new IllegalStateException(function);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            // Surge rejected the case's inputs (an action out of range, a negative n, ...): the file is bad.
            throw new ReferenceFormatException(path + ": " + ex.getMessage());
        }
    }

    private static void lambdaReturns(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double[] v = RefArrays.vector(node, "v_t", path, t);
        final double[] expected = RefArrays.vector(node, "expected", path, t);
        final double[] out = new double[t];
        final JsonNode lambda = Json.field(node, "lambda_", path);
        if (lambda.isNumber())
        {
            Multistep.lambdaReturns(t, 1, r, d, v, Json.asDouble(lambda, path + ".lambda_"), out);
        }
        else
        {
            Multistep.lambdaReturns(t, 1, r, d, v, RefArrays.vector(node, "lambda_", path, t), out);
        }
        check.compare("G", out, expected);
    }

    private static void discountedReturns(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double bootstrap = Json.number(node, "bootstrap_v", path);
        final double[] expected = RefArrays.vector(node, "expected", path, t);
        final double[] out = new double[t];
        Multistep.discountedReturns(t, 1, r, d, new double[] {bootstrap}, out);
        check.compare("G", out, expected);
    }

    private static void nStep(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double[] v = RefArrays.vector(node, "v_t", path, t);
        final int n = RefArrays.count(node, "n", path);
        final double[] expected = RefArrays.vector(node, "expected", path, t);
        final double[] out = new double[t];
        final JsonNode lambda = Json.field(node, "lambda_t", path);
        if (lambda.isNumber())
        {
            Multistep.nStepBootstrappedReturns(t, 1, r, d, v, n, Json.asDouble(lambda, path + ".lambda_t"), out);
        }
        else
        {
            Multistep.nStepBootstrappedReturns(t, 1, r, d, v, n, RefArrays.vector(node, "lambda_t", path, t), out);
        }
        check.compare("G", out, expected);
    }

    private static void gae(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double[] valuesAll = RefArrays.vector(node, "values", path, t + 1);
        final double[] expected = RefArrays.vector(node, "expected", path, t);
        final double[] values = java.util.Arrays.copyOf(valuesAll, t);
        final double[] bootstrap = {valuesAll[t]};
        final double[] out = new double[t];
        final JsonNode lambda = Json.field(node, "lambda_", path);
        if (lambda.isNumber())
        {
            Multistep.truncatedGeneralizedAdvantages(t, 1, r, d, Json.asDouble(lambda, path + ".lambda_"), values, bootstrap, out);
        }
        else
        {
            Multistep.truncatedGeneralizedAdvantages(t, 1, r, d, RefArrays.vector(node, "lambda_", path, t), values, bootstrap, out);
        }
        check.compare("A", out, expected);
    }

    private static void importanceCorrected(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double[] rho = RefArrays.vector(node, "rho_tm1", path, t);
        final double[] valuesAll = RefArrays.vector(node, "values", path, t + 1);
        final double[] expected = RefArrays.vector(node, "expected", path, t);
        final double[] values = java.util.Arrays.copyOf(valuesAll, t);
        final double[] bootstrap = {valuesAll[t]};
        final double[] out = new double[t];
        final JsonNode lambda = Json.field(node, "lambda_", path);
        if (lambda.isNumber())
        {
            Multistep.importanceCorrectedTdErrors(t, 1, r, d, rho, Json.asDouble(lambda, path + ".lambda_"), values, bootstrap, out);
        }
        else
        {
            Multistep.importanceCorrectedTdErrors(t, 1, r, d, rho, RefArrays.vector(node, "lambda_", path, t), values, bootstrap, out);
        }
        check.compare("errors", out, expected);
    }

    private static void qLambda(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final int a = RefArrays.innerLength(node, "q_tm1", path);
        final double[] qTm1 = RefArrays.matrix(node, "q_tm1", path, t, a);
        final int[] aTm1 = RefArrays.ints(node, "a_tm1", path, t, 0);
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double[] qT = RefArrays.matrix(node, "q_t", path, t, a);
        final double[] expected = RefArrays.vector(node, "expected_td", path, t);
        final double[] out = new double[t];
        final JsonNode lambda = Json.field(node, "lambda_", path);
        if (lambda.isNumber())
        {
            Multistep.qLambda(t, 1, a, qTm1, aTm1, r, d, qT, Json.asDouble(lambda, path + ".lambda_"), out);
        }
        else
        {
            Multistep.qLambda(t, 1, a, qTm1, aTm1, r, d, qT, RefArrays.vector(node, "lambda_", path, t), out);
        }
        check.compare("td", out, expected);
    }

    private static void retrace(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final int a = RefArrays.innerLength(node, "q_tm1", path);
        final double[] qTm1 = RefArrays.matrix(node, "q_tm1", path, t, a);
        final double[] qT = RefArrays.matrix(node, "q_t", path, t, a);
        final int[] aTm1 = RefArrays.ints(node, "a_tm1", path, t, 0);
        final int[] aT = RefArrays.ints(node, "a_t", path, t, 0);
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double[] pi = RefArrays.matrix(node, "pi_t", path, t, a);
        final double[] mu = RefArrays.vector(node, "mu_t", path, t);
        final double lambda = Json.number(node, "lambda_", path);
        final double eps = Json.number(node, "eps", path);
        final double[] expected = RefArrays.vector(node, "expected_td", path, t);
        final double[] out = new double[t];
        Multistep.retrace(t, 1, a, qTm1, qT, aTm1, aT, r, d, pi, mu, lambda, eps, out);
        check.compare("td", out, expected);
    }

    private static void transformed(final JsonNode node, final String path, final Check check)
    {
        final double[] r = RefArrays.vector(node, "r_t", path);
        final int t = r.length;
        final int a = RefArrays.innerLength(node, "q_tm1", path);
        final double[] qTm1 = RefArrays.matrix(node, "q_tm1", path, t, a);
        final int[] aTm1 = RefArrays.ints(node, "a_tm1", path, t, 0);
        final double[] targetQ = RefArrays.matrix(node, "target_q_t", path, t, a);
        final int[] aT = RefArrays.ints(node, "a_t", path, t, 0);
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final int n = RefArrays.count(node, "n", path);
        final double eps = Json.number(node, "eps", path);
        final double[] expected = RefArrays.vector(node, "expected_td", path, t);
        final double[] out = new double[t];
        Multistep.transformedNStepQLearning(t, 1, a, qTm1, aTm1, targetQ, aT, r, d, n, eps, out);
        check.compare("td", out, expected);
    }

    private static void vtrace(final JsonNode node, final String path, final Check check)
    {
        final double[] vTm1 = RefArrays.vector(node, "v_tm1", path);
        final int t = vTm1.length;
        final double[] vT = RefArrays.vector(node, "v_t", path, t);
        final double[] r = RefArrays.vector(node, "r_t", path, t);
        final double[] d = RefArrays.vector(node, "discount_t", path, t);
        final double[] rho = RefArrays.vector(node, "rho_tm1", path, t);
        final double lambda = Json.number(node, "lambda_", path);
        final double rhoBar = RefArrays.threshold(node, "clip_rho_threshold", path);
        final double pgRhoBar = RefArrays.threshold(node, "clip_pg_rho_threshold", path);
        final double[] expectedErrors = RefArrays.vector(node, "expected_errors", path, t);
        final double[] expectedPg = RefArrays.vector(node, "expected_pg_advantage", path, t);
        final double[] expectedQ = RefArrays.vector(node, "expected_q_estimate", path, t);
        for (int i = 0; i + 1 < t; i++)
        {
            if (Double.doubleToLongBits(vT[i]) != Double.doubleToLongBits(vTm1[i + 1]))
            {
                check.fail(String.format(Locale.ROOT,
                    "v_t[%d] = %.17g is not v_tm1[%d] = %.17g: Surge keeps one value per state", i, vT[i], i + 1, vTm1[i + 1]));
                return;
            }
        }
        // rlax: c = lambda * min(1, rho), so c-bar = 1.
        final VTrace vtrace = new VTrace(rhoBar, 1.0, pgRhoBar, lambda);
        final double[] bootstrap = {vT[t - 1]};
        final double[] vs = new double[t];
        final double[] pg = new double[t];
        final double[] q = new double[t];
        vtrace.fromRhos(t, 1, rho, d, r, vTm1, bootstrap, vs, pg);
        vtrace.qEstimates(t, 1, d, r, vTm1, bootstrap, vs, q);
        final double[] errors = new double[t];
        for (int i = 0; i < t; i++)
        {
            errors[i] = vs[i] - vTm1[i];
        }
        check.compare("errors", errors, expectedErrors);
        check.compare("pg_advantage", pg, expectedPg);
        check.compare("q_estimate", q, expectedQ);
    }

    /** Outcome of one case: the largest deviation over its fields and what failed. */
    private static final class Check
    {
        private final StringBuilder failure = new StringBuilder();
        private double maxDeviation;

        void compare(final String field, final double[] got, final double[] expected)
        {
            final int[] where = new int[1];
            final double deviation = RefArrays.maxRelativeDeviation(got, expected, expected.length, where);
            maxDeviation = Math.max(maxDeviation, deviation);
            if (!(deviation <= TOLERANCE))
            {
                final int i = where[0];
                fail(String.format(Locale.ROOT, "%s[%d] = %.17g, expected %.17g (rel %.2e)", field, i, got[i], expected[i], deviation));
            }
        }

        void fail(final String message)
        {
            failure.append(failure.isEmpty() ? "" : "; ").append(message);
            if (maxDeviation == 0.0)
            {
                maxDeviation = Double.POSITIVE_INFINITY;
            }
        }

        boolean ok()
        {
            return failure.isEmpty();
        }
    }
}
