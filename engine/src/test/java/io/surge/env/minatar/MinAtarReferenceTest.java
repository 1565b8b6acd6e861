package io.surge.env.minatar;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every episode of {@code minatar_cases.json} (kenjyoung/MinAtar @ 4241f24) from its seed
 * and options and requires the same effective actions, rewards, terminal flags, states and random
 * draws at every step.
 */
final class MinAtarReferenceTest
{
    @TestFactory
    List<DynamicTest> everyReferenceEpisodeReplaysExactly()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> games = ReferenceData.root().get("games").properties().iterator();
        while (games.hasNext())
        {
            final Map.Entry<String, JsonNode> entry = games.next();
            final MinAtarGame game = MinAtarGame.fromReferenceName(entry.getKey());
            for (final JsonNode episode : entry.getValue().get("episodes"))
            {
                final String name = game + " seed " + episode.get("seed").asLong() + " (" + episode.get("action_source").asText() +
                    ", sticky " + episode.get("sticky_action_prob").asDouble() + ", ramping " + episode.get("difficulty_ramping").asBoolean() + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> replay(game, episode)));
            }
        }
        return tests;
    }

    private static void replay(final MinAtarGame game, final JsonNode episode)
    {
        final MinAtarOptions options = new MinAtarOptions(
            episode.get("sticky_action_prob").asDouble(), episode.get("difficulty_ramping").asBoolean(), false);
        final MinAtarEnv env = new MinAtarEnv(game, options);
        final ReferenceData.Recorder recorder = new ReferenceData.Recorder();
        env.drawListener(recorder);
        final float[] obs = new float[game.channels() * 100 + 3];

        env.reset(episode.get("seed").asLong(), obs, 3);
        assertEquals(ReferenceData.flatten(episode.get("reset_rng_calls")), recorder.draws, "draws of reset()");
        assertEquals(ReferenceData.stateLists(episode.get("initial_state")), ReferenceData.stateLists(env), "initial state");
        assertObservationMatches(env, obs, 3, "initial observation");

        int total = 0;
        int t = 0;
        for (final JsonNode step : episode.get("steps"))
        {
            recorder.draws.clear();
            final String at = "step " + t + ": ";
            final double reward = env.step(step.get("a").asInt(), obs, 3);
            assertEquals(step.get("a_eff").asInt(), env.lastEffectiveAction(), at + "effective action");
            assertEquals(ReferenceData.flatten(step.get("rng")), recorder.draws, at + "draws");
            assertEquals(step.get("r").asDouble(), reward, at + "reward");
            assertEquals(step.get("term").asBoolean(), env.terminated(), at + "terminal");
            assertEquals(ReferenceData.stateLists(step.get("s")), ReferenceData.stateLists(env), at + "state");
            assertObservationMatches(env, obs, 3, at + "observation");
            total += (int)reward;
            t++;
        }
        assertEquals(episode.get("num_steps").asInt(), t, "number of steps");
        assertEquals(episode.get("return").asInt(), total, "return");
        final boolean ended = episode.get("ended_by").asText().equals("terminal");
        assertEquals(ended, env.terminated(), "terminated at the end (" + episode.get("ended_by").asText() + ")");
    }

    private static void assertObservationMatches(final MinAtarEnv env, final float[] obs, final int offset, final String what)
    {
        final int channels = env.game().channels();
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < 10; y++)
            {
                for (int x = 0; x < 10; x++)
                {
                    final float expected = env.channel(c, y, x) ? 1.0f : 0.0f;
                    final float actual = obs[offset + c * 100 + y * 10 + x];
                    if (expected != actual)
                    {
                        throw new AssertionError(what + ": obs[" + c + "][" + y + "][" + x + "] = " + actual + ", state says " + expected);
                    }
                }
            }
        }
    }

    @Test
    void everyGameOfTheReferenceFileIsCovered()
    {
        final JsonNode games = ReferenceData.root().get("games");
        for (final MinAtarGame game : MinAtarGame.values())
        {
            assertTrue(games.has(game.referenceName()), game.referenceName());
            final JsonNode g = games.get(game.referenceName());
            assertTrue(g.get("episodes").size() >= 5, game + " has at least 5 episodes");
            assertEquals(game.channels(), g.get("n_channels").asInt(), game + " channels");
            final List<String> names = new ArrayList<>();
            g.get("channels").properties().forEach(e -> names.add(e.getValue().asInt(), e.getKey()));
            assertEquals(game.channelNames(), names, game + " channel names");
            final int[] minimal = game.minimalActions();
            final JsonNode expected = g.get("minimal_action_set");
            assertEquals(expected.size(), minimal.length, game + " minimal action set");
            for (int i = 0; i < minimal.length; i++)
            {
                assertEquals(expected.get(i).asInt(), minimal[i], game + " minimal action " + i);
            }
        }
    }
}
