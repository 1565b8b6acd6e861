package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.replay.MinTree;
import io.surge.replay.SumTree;

/**
 * Checks {@link SumTree} and {@link MinTree} against {@code segment_tree_cases.json} (OpenAI
 * baselines' {@code SumSegmentTree} / {@code MinSegmentTree}): every operation sequence is replayed
 * on one sum tree and one min tree, and every {@code sum}, {@code min},
 * {@code find_prefixsum_idx} and {@code get} result, plus the final node arrays, must be equal to
 * the last bit. Each check is one case.
 */
public final class SegmentTreeSuite implements ReferenceSuite
{
    /**
     * A suite; it holds no state between runs.
     */
    public SegmentTreeSuite()
    {
    }

    @Override
    public String kind()
    {
        return "segment-tree";
    }

    @Override
    public boolean recognizes(final JsonNode root)
    {
        final JsonNode source = root.get("source");
        final JsonNode cases = root.get("cases");
        return source != null && source.isTextual() && source.textValue().contains("segment_tree.py") &&
            cases != null && cases.isArray();
    }

    @Override
    public SuiteResult run(final JsonNode root)
    {
        final SuiteResult result = new SuiteResult(kind());
        final JsonNode cases = Json.array(root, "cases", "$");
        for (int c = 0; c < cases.size(); c++)
        {
            runCase(cases.get(c), "$.cases[" + c + "]", result);
        }
        result.note("sums follow baselines' recursive reduction order; prefix search uses its strict '>' rule");
        return result;
    }

    private static void runCase(final JsonNode testCase, final String path, final SuiteResult result)
    {
        final String name = Json.text(testCase, "name", path);
        final long capacityLong = Json.integer(testCase, "capacity", path);
        if (capacityLong < 1 || capacityLong > SumTree.MAX_CAPACITY || Long.bitCount(capacityLong) != 1)
        {
            throw new ReferenceFormatException(path + ".capacity: expected a power of two in [1, 2^26], got " + capacityLong);
        }
        final int capacity = (int)capacityLong;
        final SumTree sum = new SumTree(capacity);
        final MinTree min = new MinTree(capacity);
        final JsonNode ops = Json.array(testCase, "ops", path);
        for (int i = 0; i < ops.size(); i++)
        {
            final JsonNode op = ops.get(i);
            final String opPath = path + ".ops[" + i + "]";
            final String caseName = name + "#" + i;
            final String kind = Json.text(op, "op", opPath);
            switch (kind)
            {
                case "set" ->
                {
                    final int idx = index(op, "idx", opPath, capacity);
                    final double value = Json.number(op, "value", opPath);
                    sum.set(idx, value);
                    min.set(idx, value);
                }
                case "sum" ->
                {
                    final double got = sum.sum(index(op, "start", opPath, capacity + 1), end(op, opPath, capacity));
                    compare(result, caseName + " sum", "sum", Json.number(op, "expected", opPath), got);
                }
                case "min" ->
                {
                    final double got = min.min(index(op, "start", opPath, capacity + 1), end(op, opPath, capacity));
                    compare(result, caseName + " min", "min", orInfinity(Json.field(op, "expected", opPath), opPath), got);
                }
                case "find_prefixsum_idx" ->
                {
                    final double prefix = Json.number(op, "prefix", opPath);
                    final long expected = Json.integer(op, "expected", opPath);
                    final int got = sum.findPrefixSum(prefix);
                    result.recordCase(caseName + " find_prefixsum_idx(" + prefix + ")", got == expected,
                        "expected leaf " + expected + ", got " + got);
                }
                case "get" ->
                {
                    final int idx = index(op, "idx", opPath, capacity);
                    compare(result, caseName + " get sum", "leaf (sum tree)",
                        Json.number(op, "expected_sum_tree", opPath), sum.get(idx));
                    compare(result, caseName + " get min", "leaf (min tree)",
                        orInfinity(Json.field(op, "expected_min_tree", opPath), opPath), min.get(idx));
                }
                default -> throw new ReferenceFormatException(opPath + ".op: unknown operation \"" + kind + "\"");
            }
        }
        compareNodes(result, name, "final_sum_tree_nodes", Json.array(testCase, "final_sum_tree_nodes", path), path, capacity, sum, null);
        compareNodes(result, name, "final_min_tree_nodes", Json.array(testCase, "final_min_tree_nodes", path), path, capacity, null, min);
    }

    private static void compareNodes(final SuiteResult result, final String name, final String field, final JsonNode nodes,
        final String path, final int capacity, final SumTree sum, final MinTree min)
    {
        if (nodes.size() != 2 * capacity)
        {
            throw new ReferenceFormatException(path + "." + field + ": expected " + 2 * capacity + " nodes, got " + nodes.size());
        }
        boolean ok = true;
        String first = "";
        for (int k = 1; k < 2 * capacity; k++)
        {
            final double expected = sum != null ?
                Json.asDouble(nodes.get(k), path + "." + field + "[" + k + "]") :
                orInfinity(nodes.get(k), path + "." + field + "[" + k + "]");
            final double got = sum != null ? sum.node(k) : min.node(k);
            result.deviation(field, deviation(expected, got));
            if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(got) && ok)
            {
                ok = false;
                first = "node " + k + ": expected " + expected + ", got " + got;
            }
        }
        result.recordCase(name + " " + field, ok, first);
    }

    private static void compare(final SuiteResult result, final String name, final String field, final double expected,
        final double got)
    {
        result.deviation(field, deviation(expected, got));
        result.recordCase(name, Double.doubleToLongBits(expected) == Double.doubleToLongBits(got),
            "expected " + expected + ", got " + got);
    }

    private static double deviation(final double expected, final double got)
    {
        if (expected == got)
        {
            return 0.0;
        }
        return Double.isInfinite(expected) || Double.isInfinite(got) ? Double.POSITIVE_INFINITY : Math.abs(expected - got);
    }

    private static double orInfinity(final JsonNode value, final String path)
    {
        return value == null || value.isNull() ? Double.POSITIVE_INFINITY : Json.asDouble(value, path);
    }

    private static int index(final JsonNode op, final String name, final String path, final int limit)
    {
        final long value = Json.integer(op, name, path);
        if (value < 0 || value >= limit)
        {
            throw new ReferenceFormatException(path + "." + name + ": expected an index in [0, " + limit + "), got " + value);
        }
        return (int)value;
    }

    private static int end(final JsonNode op, final String path, final int capacity)
    {
        final JsonNode end = Json.field(op, "end", path);
        if (end.isNull())
        {
            return capacity;
        }
        final long value = Json.integer(op, "end", path);
        if (value < 0 || value > capacity)
        {
            throw new ReferenceFormatException(path + ".end: expected null or an index in [0, " + capacity + "], got " + value);
        }
        return (int)value;
    }
}
