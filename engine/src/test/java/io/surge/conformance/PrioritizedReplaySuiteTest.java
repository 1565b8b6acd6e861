package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrioritizedReplaySuiteTest
{
    @Test
    void shouldPassTheBaselinesFileExactlyExceptForItsOffByOne() throws Exception
    {
        final JsonNode root = ReplayRefData.load("prioritized_replay_cases.json");
        final PrioritizedReplaySuite suite = new PrioritizedReplaySuite();
        assertTrue(suite.recognizes(root));
        assertFalse(new SegmentTreeSuite().recognizes(root));
        final SuiteResult result = suite.run(root);
        assertTrue(result.allPassed(), () -> result.failures().toString());
        result.maxDeviation().values().forEach(d -> assertEquals(0.0, d));
        System.out.println(result.notes());
    }

    @Test
    void shouldFailWhenAnExpectedWeightIsOffByOneUlp() throws Exception
    {
        final ObjectNode root = (ObjectNode)ReplayRefData.load("prioritized_replay_cases.json");
        final ArrayNode weights = (ArrayNode)root.get("weight_formula_cases").get(0).get("expected_weights");
        weights.set(0, Math.nextUp(weights.get(0).asDouble()));
        final SuiteResult result = new PrioritizedReplaySuite().run(root);
        assertEquals(1, result.total() - result.passed());
    }

    @Test
    void shouldFailWhenAnUpdatedPriorityIsChanged() throws Exception
    {
        final ObjectNode root = (ObjectNode)ReplayRefData.load("prioritized_replay_cases.json");
        final JsonNode ops = root.get("buffer_cases").get(0).get("ops");
        final ArrayNode priorities = (ArrayNode)ops.get(2).get("priorities");
        priorities.set(0, priorities.get(0).asDouble() * 1.5);
        assertFalse(new PrioritizedReplaySuite().run(root).allPassed());
    }
}
