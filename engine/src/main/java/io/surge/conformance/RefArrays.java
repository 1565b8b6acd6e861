package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Shape-checked readers of the nested number arrays in reference files, flattened row-major
 * the way Surge's estimators take them ({@code [T][B]} → index {@code t * B + b}), and the
 * deviation measure the return suites use. Every problem throws {@link ReferenceFormatException}
 * naming the JSON path.
 */
final class RefArrays
{
    private RefArrays()
    {
    }

    /** A required array member of exactly {@code length} numbers. */
    static double[] vector(final JsonNode node, final String name, final String path, final int length)
    {
        final double[] values = Json.doubles(Json.array(node, name, path), path + "." + name);
        if (values.length != length)
        {
            throw new ReferenceFormatException(path + "." + name + ": expected " + length + " elements, got " + values.length);
        }
        return values;
    }

    /** A required array member of numbers, any length ≥ 1. */
    static double[] vector(final JsonNode node, final String name, final String path)
    {
        final double[] values = Json.doubles(Json.array(node, name, path), path + "." + name);
        if (values.length == 0)
        {
            throw new ReferenceFormatException(path + "." + name + ": expected at least one element");
        }
        return values;
    }

    /** A required {@code [rows][cols]} member, flattened row-major. */
    static double[] matrix(final JsonNode node, final String name, final String path, final int rows, final int cols)
    {
        final String where = path + "." + name;
        final JsonNode array = Json.array(node, name, path);
        if (array.size() != rows)
        {
            throw new ReferenceFormatException(where + ": expected " + rows + " rows, got " + array.size());
        }
        final double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            final double[] row = Json.doubles(array.get(r), where + "[" + r + "]");
            if (row.length != cols)
            {
                throw new ReferenceFormatException(where + "[" + r + "]: expected " + cols + " elements, got " + row.length);
            }
            System.arraycopy(row, 0, out, r * cols, cols);
        }
        return out;
    }

    /** The length of the inner rows of a required {@code [rows][?]} member (its first row). */
    static int innerLength(final JsonNode node, final String name, final String path)
    {
        final JsonNode array = Json.array(node, name, path);
        if (array.isEmpty() || !array.get(0).isArray() || array.get(0).isEmpty())
        {
            throw new ReferenceFormatException(path + "." + name + ": expected a non-empty array of non-empty arrays");
        }
        return array.get(0).size();
    }

    /** A required {@code [d0][d1][d2]} member, flattened row-major. */
    static double[] tensor3(final JsonNode node, final String name, final String path, final int d0, final int d1, final int d2)
    {
        final String where = path + "." + name;
        final JsonNode array = Json.array(node, name, path);
        if (array.size() != d0)
        {
            throw new ReferenceFormatException(where + ": expected " + d0 + " rows, got " + array.size());
        }
        final double[] out = new double[d0 * d1 * d2];
        for (int i = 0; i < d0; i++)
        {
            final JsonNode plane = array.get(i);
            if (!plane.isArray() || plane.size() != d1)
            {
                throw new ReferenceFormatException(where + "[" + i + "]: expected an array of " + d1 + " rows");
            }
            for (int j = 0; j < d1; j++)
            {
                final double[] row = Json.doubles(plane.get(j), where + "[" + i + "][" + j + "]");
                if (row.length != d2)
                {
                    throw new ReferenceFormatException(where + "[" + i + "][" + j + "]: expected " + d2 + " elements, got " + row.length);
                }
                System.arraycopy(row, 0, out, (i * d1 + j) * d2, d2);
            }
        }
        return out;
    }

    /** A required array member of {@code length} integers (nested one level deeper when {@code cols > 0}). */
    static int[] ints(final JsonNode node, final String name, final String path, final int rows, final int cols)
    {
        final String where = path + "." + name;
        final JsonNode array = Json.array(node, name, path);
        if (array.size() != rows)
        {
            throw new ReferenceFormatException(where + ": expected " + rows + " elements, got " + array.size());
        }
        final int width = Math.max(cols, 1);
        final int[] out = new int[rows * width];
        for (int r = 0; r < rows; r++)
        {
            if (cols == 0)
            {
                out[r] = integer(array.get(r), where + "[" + r + "]");
                continue;
            }
            final JsonNode row = array.get(r);
            if (!row.isArray() || row.size() != cols)
            {
                throw new ReferenceFormatException(where + "[" + r + "]: expected an array of " + cols + " integers");
            }
            for (int c = 0; c < cols; c++)
            {
                out[r * cols + c] = integer(row.get(c), where + "[" + r + "][" + c + "]");
            }
        }
        return out;
    }

    private static int integer(final JsonNode value, final String path)
    {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt())
        {
            throw new ReferenceFormatException(path + ": expected an integer, got " + (value == null ? "nothing" : value.getNodeType()));
        }
        return value.intValue();
    }

    /** A required positive integer member that fits an int. */
    static int count(final JsonNode node, final String name, final String path)
    {
        final long value = Json.integer(node, name, path);
        if (value < 1 || value > Integer.MAX_VALUE)
        {
            throw new ReferenceFormatException(path + "." + name + ": expected a positive integer, got " + value);
        }
        return (int)value;
    }

    /** A required clipping threshold: a number, or null for no clipping (+∞). */
    static double threshold(final JsonNode node, final String name, final String path)
    {
        final JsonNode value = Json.field(node, name, path);
        return value.isNull() ? Double.POSITIVE_INFINITY : Json.asDouble(value, path + "." + name);
    }

    /** {@code |got − expected| / max(1, |expected|)}; +∞ when either is NaN. */
    static double relativeDeviation(final double got, final double expected)
    {
        final double deviation = Math.abs(got - expected) / Math.max(1.0, Math.abs(expected));
        return Double.isNaN(deviation) ? Double.POSITIVE_INFINITY : deviation;
    }

    /**
     * The largest {@link #relativeDeviation} over the first {@code n} elements, and the index where
     * it occurs packed as {@code index} in {@code where[0]}.
     */
    static double maxRelativeDeviation(final double[] got, final double[] expected, final int n, final int[] where)
    {
        double max = 0.0;
        where[0] = 0;
        for (int i = 0; i < n; i++)
        {
            final double deviation = relativeDeviation(got[i], expected[i]);
            if (deviation > max)
            {
                max = deviation;
                where[0] = i;
            }
        }
        return max;
    }
}
