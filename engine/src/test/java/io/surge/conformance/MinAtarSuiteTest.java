package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MinAtarSuite} on the real reference file and on damaged copies of it.
 */
final class MinAtarSuiteTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static JsonNode original;
    private final MinAtarSuite suite = new MinAtarSuite();

    @BeforeAll
    static void load() throws IOException
    {
        try (InputStream in = MinAtarSuiteTest.class.getResourceAsStream("/refdata/minatar_cases.json"))
        {
            original = MAPPER.readTree(in);
        }
    }

    private static ObjectNode copy()
    {
        return (ObjectNode)original.deepCopy();
    }

    private static ObjectNode step(final ObjectNode root, final String game, final int episode, final int step)
    {
        return (ObjectNode)root.get("games").get(game).get("episodes").get(episode).get("steps").get(step);
    }

    private static int episodeCount()
    {
        int n = 0;
        for (final JsonNode game : original.get("games"))
        {
            n += game.get("episodes").size();
        }
        return n;
    }

    @Test
    void recognizesTheMinAtarFileByItsContentOnly()
    {
        assertTrue(suite.recognizes(original));
        final ObjectNode withoutRng = copy();
        withoutRng.remove("rng_conformance");
        assertFalse(suite.recognizes(withoutRng));
        assertFalse(suite.recognizes(MAPPER.createObjectNode().put("description", "MinAtar")));
        assertTrue(ReferenceSuites.all().stream().anyMatch(s -> s.kind().equals("minatar")));
    }

    @Test
    void everyCaseOfTheRealFilePassesWithZeroDeviations()
    {
        final SuiteResult result = suite.run(original);
        assertTrue(result.allPassed(), () -> String.join("\n", result.failures()));
        assertEquals(episodeCount() + original.get("rng_conformance").size(), result.total());
        for (final var e : result.maxDeviation().entrySet())
        {
            assertEquals(0.0, e.getValue(), e.getKey());
        }
        assertTrue(result.maxDeviation().containsKey("state steps"));
        assertTrue(result.maxDeviation().containsKey("rng vectors mismatched"));
    }

    @Test
    void aChangedRewardFailsOnlyItsEpisodeAndIsMeasured()
    {
        final ObjectNode root = copy();
        final ObjectNode s = step(root, "breakout", 1, 10);
        s.put("r", s.get("r").asInt() + 2);
        final SuiteResult result = suite.run(root);
        assertEquals(result.total() - 1, result.passed());
        assertEquals(2.0, result.maxDeviation().get("r (abs)"));
        assertEquals(1.0, result.maxDeviation().get("r steps"));
        assertTrue(result.failures().getFirst().startsWith("breakout seed 2: step 10: r"), result.failures().getFirst());
    }

    @Test
    void aChangedStateCellFailsItsEpisode()
    {
        final ObjectNode root = copy();
        final ArrayNode paddle = (ArrayNode)step(root, "seaquest", 2, 20).get("s").get(0);
        paddle.set(0, paddle.get(0).asInt() == 0 ? 1 : 0);
        final SuiteResult result = suite.run(root);
        assertEquals(result.total() - 1, result.passed());
        assertEquals(1.0, result.maxDeviation().get("state steps"));
        assertTrue(result.failures().getFirst().contains("step 20: state differs in channel 0"), result.failures().getFirst());
    }

    @Test
    void aChangedRandomDrawFailsItsEpisodeAndIsMeasured()
    {
        final ObjectNode root = copy();
        final ArrayNode call = (ArrayNode)step(root, "asterix", 0, 3).get("rng").get(0);
        call.set(1, call.get(1).asDouble() + 0.25);
        final SuiteResult result = suite.run(root);
        assertEquals(result.total() - 1, result.passed());
        assertEquals(0.25, result.maxDeviation().get("rand value (abs)"), 1e-12);
        assertEquals(1.0, result.maxDeviation().get("rng steps"));
    }

    @Test
    void aChangedEffectiveActionOrTerminalFlagFailsItsEpisode()
    {
        final ObjectNode root = copy();
        final ObjectNode s = step(root, "freeway", 0, 5);
        s.put("a_eff", (s.get("a_eff").asInt() + 1) % 6);
        final ObjectNode t = step(root, "space_invaders", 1, 2);
        t.put("term", !t.get("term").asBoolean());
        final SuiteResult result = suite.run(root);
        assertEquals(result.total() - 2, result.passed());
        assertEquals(1.0, result.maxDeviation().get("a_eff steps"));
        assertEquals(1.0, result.maxDeviation().get("term steps"));
    }

    @Test
    void aChangedRngConformanceValueFailsThatSeed()
    {
        final ObjectNode root = copy();
        final ArrayNode words = (ArrayNode)root.get("rng_conformance").get(2).get("first_16_uint32");
        words.set(4, words.get(4).asLong() ^ 1);
        final SuiteResult result = suite.run(root);
        assertEquals(result.total() - 1, result.passed());
        assertEquals(1.0, result.maxDeviation().get("rng vectors mismatched"));
        assertTrue(result.failures().getFirst().startsWith("rng seed 42: 1 values differ; first: word 4"), result.failures().getFirst());
    }

    @Test
    void aWrongChannelLayoutFailsTheGamesEpisodes()
    {
        final ObjectNode root = copy();
        final ObjectNode channels = (ObjectNode)root.get("games").get("breakout").get("channels");
        channels.put("ball", 2);
        channels.put("trail", 1);
        final SuiteResult result = suite.run(root);
        final int breakoutEpisodes = original.get("games").get("breakout").get("episodes").size();
        assertEquals(result.total() - breakoutEpisodes, result.passed());
        assertTrue(result.failures().getFirst().contains("channels [paddle, trail, ball, brick]"), result.failures().getFirst());
    }

    @Test
    void aMissingFieldIsReportedWithItsPath()
    {
        final ObjectNode root = copy();
        step(root, "seaquest", 1, 7).remove("a_eff");
        final ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> suite.run(root));
        assertEquals("$.games.seaquest.episodes[1].steps[7].a_eff: missing field", ex.getMessage());
    }

    @Test
    void aMistypedFieldIsReportedWithItsPath()
    {
        final ObjectNode root = copy();
        step(root, "freeway", 2, 0).put("term", "false");
        ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> suite.run(root));
        assertEquals("$.games.freeway.episodes[2].steps[0].term: expected true or false, got STRING", ex.getMessage());

        final ObjectNode other = copy();
        ((ArrayNode)step(other, "breakout", 0, 1).get("s").get(1)).set(0, MAPPER.getNodeFactory().textNode("41"));
        ex = assertThrows(ReferenceFormatException.class, () -> suite.run(other));
        assertEquals("$.games.breakout.episodes[0].steps[1].s[1][0]: expected an integer, got STRING", ex.getMessage());

        final ObjectNode third = copy();
        ((ObjectNode)third.get("rng_conformance").get(0)).put("seed", "0");
        ex = assertThrows(ReferenceFormatException.class, () -> suite.run(third));
        assertEquals("$.rng_conformance[0].seed: expected an integer, got STRING", ex.getMessage());
    }

    @Test
    void aMalformedRngCallOrCellIsReportedWithItsPath()
    {
        final ObjectNode root = copy();
        ((ArrayNode)step(root, "asterix", 1, 0).get("rng").get(0)).set(0, MAPPER.getNodeFactory().textNode("random"));
        ReferenceFormatException ex = assertThrows(ReferenceFormatException.class, () -> suite.run(root));
        assertEquals("$.games.asterix.episodes[1].steps[0].rng[0][0]: unknown RNG call 'random' (expected rand or randint)", ex.getMessage());

        final ObjectNode other = copy();
        ((ArrayNode)step(other, "space_invaders", 0, 0).get("s").get(0)).set(0, 100);
        ex = assertThrows(ReferenceFormatException.class, () -> suite.run(other));
        assertEquals("$.games.space_invaders.episodes[0].steps[0].s[0][0]: cell 100 outside [0, 100)", ex.getMessage());

        final ObjectNode third = copy();
        ((ObjectNode)third.get("games")).set("pong", third.get("games").get("breakout"));
        ex = assertThrows(ReferenceFormatException.class, () -> suite.run(third));
        assertTrue(ex.getMessage().startsWith("$.games.pong: unknown MinAtar game 'pong'"), ex.getMessage());
    }

    @Test
    void theConformanceRunnerPassesTheRealFileAndReportsDamagedOnes(@TempDir final Path dir) throws IOException
    {
        final Path good = dir.resolve("minatar_cases.json");
        MAPPER.writeValue(good.toFile(), original);
        final ObjectNode bad = copy();
        step(bad, "breakout", 0, 0).put("r", 5);
        final Path failing = dir.resolve("failing.json");
        MAPPER.writeValue(failing.toFile(), bad);
        final ObjectNode broken = copy();
        step(broken, "breakout", 0, 0).remove("s");
        final Path malformed = dir.resolve("malformed.json");
        MAPPER.writeValue(malformed.toFile(), broken);

        final Conformance conformance = Conformance.withAllSuites();
        assertEquals(Conformance.EXIT_PASS, conformance.run(List.of(good), sink()));
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        assertEquals(Conformance.EXIT_FAIL, conformance.run(List.of(failing), new PrintStream(text, true, StandardCharsets.UTF_8)));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("[minatar]: " + (result(bad).passed()) + "/"), text.toString(StandardCharsets.UTF_8));
        assertEquals(Conformance.EXIT_BAD_INPUT, conformance.run(List.of(malformed), sink()));
        assertTrue(Files.size(good) > 0);
    }

    private SuiteResult result(final JsonNode root)
    {
        return suite.run(root);
    }

    private static PrintStream sink()
    {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
