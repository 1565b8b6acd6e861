package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassicControlSuiteTest
{
    private final ClassicControlSuite suite = new ClassicControlSuite();

    private static JsonNode load(final String file) throws IOException
    {
        try (InputStream in = ClassicControlSuiteTest.class.getResourceAsStream("/refdata/" + file))
        {
            assertNotNull(in, "missing test resource refdata/" + file);
            return new ObjectMapper().readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "classic_control_cartpole_v1.json", "classic_control_acrobot_v1.json", "classic_control_mountaincar_v0.json",
        "classic_control_mountaincarcontinuous_v0.json", "classic_control_pendulum_v1.json"})
    void shouldPassEveryEpisodeOfTheReferenceFiles(final String file) throws IOException
    {
        final JsonNode root = load(file);
        assertTrue(suite.recognizes(root));
        final SuiteResult result = suite.run(root);
        assertEquals("classic-control", result.kind());
        assertEquals(root.get("episodes").size(), result.total(), "one case per episode");
        assertTrue(result.allPassed(), () -> file + ": " + result.failures());
        for (final String field : List.of("obs", "state one-step", "state open-loop", "reward"))
        {
            assertTrue(result.maxDeviation().containsKey(field), "deviation recorded for " + field);
        }
        System.out.println(file + ": " + result.passed() + "/" + result.total() + " " + result.maxDeviation() + " " + result.notes());
    }

    @Test
    void conformanceShouldPassTheFolderOfClassicFiles() throws URISyntaxException
    {
        final Path folder = Path.of(ClassicControlSuiteTest.class.getResource("/refdata/classic_control_cartpole_v1.json").toURI()).getParent();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = Conformance.withAllSuites().run(List.of(folder), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String report = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Conformance.EXIT_PASS, status, report);
        assertTrue(report.contains("[classic-control]: 10/10 cases passed"), report);
    }

    @Test
    void shouldNotRecognizeOtherFiles() throws IOException
    {
        final ObjectNode root = (ObjectNode)load("classic_control_cartpole_v1.json");
        root.put("env_id", "LunarLander-v3");
        assertFalse(suite.recognizes(root), "an environment Surge does not have");
        final ObjectNode other = new ObjectMapper().createObjectNode();
        other.putObject("games");
        assertFalse(suite.recognizes(other));
    }

    @Test
    void aMissingFieldShouldBeABadInputNamingItsPath() throws IOException
    {
        final ObjectNode root = (ObjectNode)load("classic_control_acrobot_v1.json");
        ((ObjectNode)root.get("episodes").get(2).get("steps").get(3)).remove("r");
        final ReferenceFormatException e = assertThrows(ReferenceFormatException.class, () -> suite.run(root));
        assertEquals("$.episodes[2].steps[3].r: missing field", e.getMessage());
    }

    @Test
    void aMistypedFieldShouldBeABadInputNamingItsPath() throws IOException
    {
        final ObjectNode root = (ObjectNode)load("classic_control_pendulum_v1.json");
        ((ObjectNode)root.get("episodes").get(1).get("steps").get(0)).put("term", "no");
        ReferenceFormatException e = assertThrows(ReferenceFormatException.class, () -> suite.run(root));
        assertTrue(e.getMessage().startsWith("$.episodes[1].steps[0].term: expected true or false"), e.getMessage());

        ((ObjectNode)root.get("episodes").get(1).get("steps").get(0)).put("term", false);
        ((ObjectNode)root.get("episodes").get(1).get("steps").get(0)).put("a", 0.5);
        e = assertThrows(ReferenceFormatException.class, () -> suite.run(root));
        assertTrue(e.getMessage().startsWith("$.episodes[1].steps[0].a: expected an array"), e.getMessage());

        final ObjectNode cartPole = (ObjectNode)load("classic_control_cartpole_v1.json");
        ((ArrayNode)cartPole.get("episodes").get(0).get("initial_state")).remove(3);
        e = assertThrows(ReferenceFormatException.class, () -> suite.run(cartPole));
        assertEquals("$.episodes[0].initial_state: expected 4 elements, got 3", e.getMessage());
    }

    @Test
    void aChangedExpectedStateShouldFailOnlyItsEpisode() throws IOException
    {
        final ObjectNode root = (ObjectNode)load("classic_control_mountaincar_v0.json");
        final ArrayNode state = (ArrayNode)root.get("episodes").get(4).get("steps").get(10).get("state");
        state.set(0, state.get(0).doubleValue() + 1e-9);
        final SuiteResult result = suite.run(root);
        assertEquals(root.get("episodes").size() - 1, result.passed());
        assertEquals(1, result.failures().size());
        final String name = "episode " + root.get("episodes").get(4).get("episode").intValue() + ": ";
        assertTrue(result.failures().get(0).contains(name + "one-step step 10: state deviates"),
            result.failures().toString());
    }

    @Test
    void aChangedRewardOrFlagShouldFailItsEpisode() throws IOException
    {
        final ObjectNode root = (ObjectNode)load("classic_control_cartpole_v1.json");
        ((ObjectNode)root.get("episodes").get(0).get("steps").get(5)).put("r", 0.5);
        final ArrayNode lastSteps = (ArrayNode)root.get("episodes").get(1).get("steps");
        ((ObjectNode)lastSteps.get(lastSteps.size() - 1)).put("term", false);
        final SuiteResult result = suite.run(root);
        assertEquals(root.get("episodes").size() - 2, result.passed());
        final String name = "episode " + root.get("episodes").get(0).get("episode").intValue() + ": ";
        assertTrue(result.failures().get(0).contains(name + "one-step step 5: reward"), result.failures().toString());
        assertTrue(result.failures().get(1).contains("terminated = true, expected false"), result.failures().toString());
    }

    @Test
    void aChangedObservationShouldFailItsEpisode() throws IOException
    {
        final ObjectNode root = (ObjectNode)load("classic_control_pendulum_v1.json");
        final ArrayNode obs = (ArrayNode)root.get("episodes").get(3).get("steps").get(50).get("obs");
        obs.set(1, (double)Math.nextUp((float)obs.get(1).doubleValue()));
        final SuiteResult result = suite.run(root);
        assertFalse(result.allPassed());
        assertEquals(1, result.total() - result.passed());
        assertTrue(result.failures().get(0).contains("obs[1]"), result.failures().toString());
    }

    @Test
    void suitesShouldIncludeClassicControl()
    {
        assertTrue(ReferenceSuites.all().stream().anyMatch(s -> s instanceof ClassicControlSuite));
    }
}
