package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentTreeSuiteTest
{
    @Test
    void shouldPassEveryCheckOfTheBaselinesFileBitExactly() throws Exception
    {
        final JsonNode root = ReplayRefData.load("segment_tree_cases.json");
        final SegmentTreeSuite suite = new SegmentTreeSuite();
        assertTrue(suite.recognizes(root));
        final SuiteResult result = suite.run(root);
        assertTrue(result.allPassed(), () -> result.failures().toString());
        int checks = 0;
        for (final JsonNode c : root.get("cases"))
        {
            for (final JsonNode op : c.get("ops"))
            {
                final String kind = op.get("op").textValue();
                checks += "set".equals(kind) ? 0 : "get".equals(kind) ? 2 : 1;
            }
            checks += 2;
        }
        assertEquals(checks, result.total());
        result.maxDeviation().values().forEach(d -> assertEquals(0.0, d));
    }

    @Test
    void shouldFailWhenAnExpectedPrefixIndexIsWrong() throws Exception
    {
        final ObjectNode root = (ObjectNode)ReplayRefData.load("segment_tree_cases.json");
        final ArrayNode ops = (ArrayNode)root.get("cases").get(2).get("ops");
        for (final JsonNode op : ops)
        {
            if ("find_prefixsum_idx".equals(op.get("op").textValue()))
            {
                ((ObjectNode)op).put("expected", op.get("expected").asInt() + 1);
                break;
            }
        }
        final SuiteResult result = new SegmentTreeSuite().run(root);
        assertFalse(result.allPassed());
        assertEquals(result.total() - 1, result.passed());
    }

    @Test
    void shouldFailWhenAnExpectedSumIsOffByOneUlp() throws Exception
    {
        final ObjectNode root = (ObjectNode)ReplayRefData.load("segment_tree_cases.json");
        for (final JsonNode op : root.get("cases").get(4).get("ops"))
        {
            if ("sum".equals(op.get("op").textValue()) && op.get("expected").asDouble() > 0)
            {
                ((ObjectNode)op).put("expected", Math.nextUp(op.get("expected").asDouble()));
                break;
            }
        }
        assertEquals(1, new SegmentTreeSuite().run(root).total() - new SegmentTreeSuite().run(root).passed());
    }

    @Test
    void shouldBeFoundByTheConformanceRunner()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = Conformance.withAllSuites().run(
            List.of(ReplayRefData.path("segment_tree_cases.json")), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Conformance.EXIT_PASS, status, report);
        assertTrue(report.contains("[segment-tree]"), report);
    }
}
