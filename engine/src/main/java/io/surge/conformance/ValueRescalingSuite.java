package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.algo.returns.ValueRescaling;

import java.util.Locale;
import java.util.Map;

/**
 * Checks {@link ValueRescaling} against {@code value_rescaling_cases.json} (rlax's
 * {@code signed_hyperbolic} / {@code signed_parabolic}): for every row, {@code h(x)},
 * {@code h⁻¹(h)} (from the file's h), {@code h⁻¹(x)} and the round-trip error
 * {@code |h⁻¹(h(x)) − x|} must equal the recorded doubles bit for bit, since both sides
 * evaluate the same operations in the same order.
 *
 * <p>Recognised by content: a {@code sets} object and a {@code formulas} array.
 */
public final class ValueRescalingSuite implements ReferenceSuite
{
    /** The suite. */
    public ValueRescalingSuite()
    {
    }

    @Override
    public String kind()
    {
        return "value-rescaling";
    }

    @Override
    public boolean recognizes(final JsonNode root)
    {
        final JsonNode sets = root.get("sets");
        final JsonNode formulas = root.get("formulas");
        return sets != null && sets.isObject() && formulas != null && formulas.isArray();
    }

    @Override
    public SuiteResult run(final JsonNode root)
    {
        final SuiteResult result = new SuiteResult(kind());
        final JsonNode sets = Json.field(root, "sets", "$");
        if (!sets.isObject())
        {
            throw new ReferenceFormatException("$.sets: expected an object, got " + sets.getNodeType());
        }
        int exactRows = 0;
        int rowsTotal = 0;
        for (final Map.Entry<String, JsonNode> entry : sets.properties())
        {
            final String setPath = "$.sets." + entry.getKey();
            final double eps = Json.number(entry.getValue(), "eps", setPath);
            if (!(eps > 0.0))
            {
                throw new ReferenceFormatException(setPath + ".eps: expected a positive number, got " + eps);
            }
            final JsonNode rows = Json.array(entry.getValue(), "rows", setPath);
            for (int r = 0; r < rows.size(); r++)
            {
                final String path = setPath + ".rows[" + r + "]";
                final JsonNode row = rows.get(r);
                final double x = Json.number(row, "x", path);
                final double h = Json.number(row, "h", path);
                final double hInvOfH = Json.number(row, "h_inv_of_h", path);
                final double hInvOfX = Json.number(row, "h_inv_of_x", path);
                final double roundTrip = Json.number(row, "roundtrip_abs_err", path);

                final StringBuilder failure = new StringBuilder();
                check(result, failure, "h", ValueRescaling.h(x, eps), h);
                check(result, failure, "h_inv_of_h", ValueRescaling.hInv(h, eps), hInvOfH);
                check(result, failure, "h_inv_of_x", ValueRescaling.hInv(x, eps), hInvOfX);
                check(result, failure, "roundtrip_abs_err", Math.abs(ValueRescaling.hInv(ValueRescaling.h(x, eps), eps) - x), roundTrip);
                rowsTotal++;
                if (failure.isEmpty())
                {
                    exactRows++;
                }
                result.recordCase(String.format(Locale.ROOT, "%s x=%s", entry.getKey(), x), failure.isEmpty(), failure.toString());
            }
        }
        result.note("exact comparison (same IEEE-754 double, sign of zero included): " + exactRows + "/" + rowsTotal + " rows");
        return result;
    }

    private static void check(
        final SuiteResult result, final StringBuilder failure, final String field, final double got, final double expected)
    {
        result.deviation(field + " (rel)", RefArrays.relativeDeviation(got, expected));
        if (Double.doubleToLongBits(got) != Double.doubleToLongBits(expected))
        {
            failure.append(failure.isEmpty() ? "" : "; ")
                .append(String.format(Locale.ROOT, "%s = %s, expected %s", field, got, expected));
        }
    }
}
