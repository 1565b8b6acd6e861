package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.algo.returns.LogProbs;
import io.surge.algo.returns.VTrace;

import java.util.Locale;

/**
 * Checks {@link VTrace} against {@code vtrace_cases.json} (scalable_agent's ground-truth V-trace):
 * every case's {@code vs} and {@code pg_advantages} within 1e-12 relative, scaled by
 * max(1, |expected|). Cases with policy logits are also run from logits: {@link LogProbs} must
 * give the recorded action log-probabilities, and V-trace from them the same targets.
 *
 * <p>Recognised by content: a {@code cases} array and a {@code description} that names V-trace
 * (or an {@code oracle} naming vtrace).
 */
public final class VtraceSuite implements ReferenceSuite
{
    /** Largest accepted |got − expected| / max(1, |expected|). */
    public static final double TOLERANCE = 1e-12;

    /** The suite. */
    public VtraceSuite()
    {
    }

    @Override
    public String kind()
    {
        return "vtrace";
    }

    @Override
    public boolean recognizes(final JsonNode root)
    {
        final JsonNode cases = root.get("cases");
        if (cases == null || !cases.isArray())
        {
            return false;
        }
        final JsonNode description = root.get("description");
        final JsonNode oracle = root.get("oracle");
        return (description != null && description.isTextual() && description.textValue().toLowerCase(Locale.ROOT).contains("v-trace")) ||
            (oracle != null && oracle.isTextual() && oracle.textValue().toLowerCase(Locale.ROOT).contains("vtrace"));
    }

    @Override
    public SuiteResult run(final JsonNode root)
    {
        final SuiteResult result = new SuiteResult(kind());
        final JsonNode cases = Json.array(root, "cases", "$");
        int fromLogits = 0;
        for (int c = 0; c < cases.size(); c++)
        {
            final String path = "$.cases[" + c + "]";
            final JsonNode node = cases.get(c);
            final String name = Json.text(node, "name", path);
            final int timeSteps = RefArrays.count(node, "T", path);
            final int batch = RefArrays.count(node, "B", path);
            final double rhoBar = RefArrays.threshold(node, "clip_rho_threshold", path);
            final double pgRhoBar = RefArrays.threshold(node, "clip_pg_rho_threshold", path);
            if (!(rhoBar >= 0.0 && pgRhoBar >= 0.0))
            {
                throw new ReferenceFormatException(path + ": clipping thresholds must be >= 0 or null, got " + rhoBar + " and " + pgRhoBar);
            }
            // scalable_agent fixes c-bar to 1 and has no lambda (= 1).
            final VTrace vtrace = new VTrace(rhoBar, 1.0, pgRhoBar, 1.0);
            final double[] logRhos = RefArrays.matrix(node, "log_rhos", path, timeSteps, batch);
            final double[] discounts = RefArrays.matrix(node, "discounts", path, timeSteps, batch);
            final double[] rewards = RefArrays.matrix(node, "rewards", path, timeSteps, batch);
            final double[] values = RefArrays.matrix(node, "values", path, timeSteps, batch);
            final double[] bootstrap = RefArrays.vector(node, "bootstrap_value", path, batch);
            final double[] expectedVs = RefArrays.matrix(node, "vs", path, timeSteps, batch);
            final double[] expectedPg = RefArrays.matrix(node, "pg_advantages", path, timeSteps, batch);

            final int n = timeSteps * batch;
            final double[] vs = new double[n];
            final double[] pg = new double[n];
            vtrace.fromLogRhos(timeSteps, batch, logRhos, discounts, rewards, values, bootstrap, vs, pg);
            final StringBuilder failure = new StringBuilder();
            compare(result, failure, "vs", vs, expectedVs, batch);
            compare(result, failure, "pg_advantages", pg, expectedPg, batch);

            if (node.has("behaviour_policy_logits"))
            {
                fromLogits++;
                final int numActions = innerActions(node, path);
                final double[] behaviourLogits = RefArrays.tensor3(node, "behaviour_policy_logits", path, timeSteps, batch, numActions);
                final double[] targetLogits = RefArrays.tensor3(node, "target_policy_logits", path, timeSteps, batch, numActions);
                final int[] actions = RefArrays.ints(node, "actions", path, timeSteps, batch);
                final double[] expectedBehaviour = RefArrays.matrix(node, "behaviour_action_log_probs", path, timeSteps, batch);
                final double[] expectedTarget = RefArrays.matrix(node, "target_action_log_probs", path, timeSteps, batch);
                final double[] behaviour = new double[n];
                final double[] target = new double[n];
                try
                {
                    LogProbs.ofActions(timeSteps, batch, numActions, behaviourLogits, actions, behaviour);
                    LogProbs.ofActions(timeSteps, batch, numActions, targetLogits, actions, target);
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new ReferenceFormatException(path + ".actions: " + ex.getMessage());
                }
                compare(result, failure, "action_log_probs", behaviour, expectedBehaviour, batch);
                compare(result, failure, "action_log_probs", target, expectedTarget, batch);
                vtrace.fromLogProbs(timeSteps, batch, target, behaviour, discounts, rewards, values, bootstrap, vs, pg);
                compare(result, failure, "vs from logits", vs, expectedVs, batch);
                compare(result, failure, "pg_advantages from logits", pg, expectedPg, batch);
            }
            result.recordCase(name, failure.isEmpty(), failure.toString());
        }
        result.note(String.format(Locale.ROOT,
            "tolerance %.0e relative to max(1, |expected|); %d cases also run from logits", TOLERANCE, fromLogits));
        return result;
    }

    private static int innerActions(final JsonNode node, final String path)
    {
        final JsonNode logits = Json.array(node, "behaviour_policy_logits", path);
        if (logits.isEmpty() || !logits.get(0).isArray() || logits.get(0).isEmpty() || !logits.get(0).get(0).isArray())
        {
            throw new ReferenceFormatException(path + ".behaviour_policy_logits: expected a [T][B][A] array");
        }
        return logits.get(0).get(0).size();
    }

    private static void compare(
        final SuiteResult result, final StringBuilder failure, final String field, final double[] got,
        final double[] expected, final int batch)
    {
        final int[] where = new int[1];
        final double deviation = RefArrays.maxRelativeDeviation(got, expected, expected.length, where);
        result.deviation(field + " (rel)", deviation);
        if (!(deviation <= TOLERANCE))
        {
            final int i = where[0];
            failure.append(failure.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT,
                "%s[t=%d][b=%d] = %.17g, expected %.17g (rel %.2e)", field, i / batch, i % batch, got[i], expected[i], deviation));
        }
    }
}
