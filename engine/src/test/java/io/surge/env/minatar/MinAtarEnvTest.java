package io.surge.env.minatar;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.env.Space;
import io.surge.testing.AllocationMeter;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Options, seeding, observation layout and memory behaviour of {@link MinAtarEnv}.
 */
final class MinAtarEnvTest
{
    private static final MinAtarOptions NO_STICKY = MinAtarOptions.DEFAULTS.withStickyActionProb(0.0);

    private static float[] obsFor(final MinAtarGame game)
    {
        return new float[game.channels() * 100];
    }

    @ParameterizedTest
    @EnumSource(MinAtarGame.class)
    void minimalActionSetMapsEachActionToItsFullAction(final MinAtarGame game)
    {
        final MinAtarEnv env = new MinAtarEnv(game, NO_STICKY.withMinimalActionSet(true));
        final int[] minimal = game.minimalActions();
        assertEquals(new Space.Discrete(minimal.length), env.actionSpace());
        final float[] obs = obsFor(game);
        env.reset(3, obs, 0);
        for (int i = 0; i < minimal.length && !env.terminated(); i++)
        {
            env.step(i, obs, 0);
            assertEquals(minimal[i], env.lastEffectiveAction(), "minimal action " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> env.step(minimal.length, obs, 0));
        assertThrows(IllegalArgumentException.class, () -> env.step(-1, obs, 0));
    }

    @ParameterizedTest
    @EnumSource(MinAtarGame.class)
    void fullActionSetHasSixActionsAppliedAsGiven(final MinAtarGame game)
    {
        final MinAtarEnv env = new MinAtarEnv(game, NO_STICKY);
        assertEquals(new Space.Discrete(6), env.actionSpace());
        assertEquals(new Space.Box(new int[] {game.channels(), 10, 10}, new float[game.channels() * 100],
            filled(game.channels() * 100, 1.0f)).flatSize(), env.observationSpace().flatSize());
        final float[] obs = obsFor(game);
        env.reset(5, obs, 0);
        for (int a = 0; a < 6 && !env.terminated(); a++)
        {
            env.step(a, obs, 0);
            assertEquals(a, env.lastEffectiveAction());
        }
        assertThrows(IllegalArgumentException.class, () -> env.step(6, obs, 0));
    }

    private static float[] filled(final int n, final float v)
    {
        final float[] out = new float[n];
        Arrays.fill(out, v);
        return out;
    }

    @Test
    void theMinimalActionSetGivesTheSameEpisodeAsTheFullActionsItMapsTo()
    {
        for (final MinAtarGame game : MinAtarGame.values())
        {
            final int[] minimal = game.minimalActions();
            final MinAtarEnv small = new MinAtarEnv(game, MinAtarOptions.DEFAULTS.withMinimalActionSet(true));
            final MinAtarEnv full = new MinAtarEnv(game, MinAtarOptions.DEFAULTS);
            final float[] a = obsFor(game);
            final float[] b = obsFor(game);
            small.reset(11, a, 0);
            full.reset(11, b, 0);
            final Rng policy = new Rng(99);
            for (int t = 0; t < 300 && !full.terminated(); t++)
            {
                final int i = policy.nextInt(minimal.length);
                assertEquals(full.step(minimal[i], b, 0), small.step(i, a, 0));
                assertArrayEquals(b, a, game + " step " + t);
                assertEquals(full.terminated(), small.terminated());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MinAtarGame.class)
    void stickyProbabilityZeroAppliesEveryActionYetDrawsOnceForTheStickyTest(final MinAtarGame game)
    {
        final MinAtarEnv env = new MinAtarEnv(game, NO_STICKY);
        final ReferenceData.Recorder recorder = new ReferenceData.Recorder();
        env.drawListener(recorder);
        final float[] obs = obsFor(game);
        env.reset(21, obs, 0);
        final Rng policy = new Rng(7);
        for (int t = 0; t < 200 && !env.terminated(); t++)
        {
            recorder.draws.clear();
            final int a = policy.nextInt(6);
            env.step(a, obs, 0);
            assertEquals(a, env.lastEffectiveAction());
            assertFalse(recorder.draws.isEmpty());
            assertEquals("rand", recorder.draws.getFirst().kind(), "the sticky test comes first");
        }
    }

    @ParameterizedTest
    @EnumSource(MinAtarGame.class)
    void stickyProbabilityOneRepeatsTheNoOpOfTheSeededResetForever(final MinAtarGame game)
    {
        final MinAtarEnv sticky = new MinAtarEnv(game, MinAtarOptions.DEFAULTS.withStickyActionProb(1.0));
        final MinAtarEnv noops = new MinAtarEnv(game, NO_STICKY);
        final float[] a = obsFor(game);
        final float[] b = obsFor(game);
        sticky.reset(8, a, 0);
        noops.reset(8, b, 0);
        final Rng policy = new Rng(1);
        for (int t = 0; t < 500 && !noops.terminated(); t++)
        {
            sticky.step(policy.nextInt(6), a, 0);
            noops.step(0, b, 0);
            assertEquals(0, sticky.lastEffectiveAction());
            assertArrayEquals(b, a, game + " step " + t);
        }
    }

    @Test
    void stickyActionsRepeatThePreviousEffectiveActionAtTheConfiguredRate()
    {
        final MinAtarEnv env = new MinAtarEnv(MinAtarGame.FREEWAY, MinAtarOptions.DEFAULTS.withStickyActionProb(0.25));
        final float[] obs = obsFor(MinAtarGame.FREEWAY);
        env.reset(1, obs, 0);
        int visible = 0;
        int repeated = 0;
        int previous = 0;
        for (int t = 0; t < 2500; t++)
        {
            // Alternate between two actions; a repeat shows when the previous effective action differs.
            final int a = (t & 1) == 0 ? 2 : 4;
            env.step(a, obs, 0);
            final int effective = env.lastEffectiveAction();
            assertTrue(effective == a || effective == previous);
            if (previous != a)
            {
                visible++;
                if (effective == previous)
                {
                    repeated++;
                }
            }
            previous = effective;
        }
        // About 2000 visible cases: the standard deviation of the rate is about 0.01.
        assertEquals(0.25, repeated / (double)visible, 0.05, "repeat rate over " + visible + " steps");
    }

    @Test
    void aSeededResetStartsFromNoOpAndAnUnseededOneKeepsThePreviousAction()
    {
        final MinAtarEnv env = new MinAtarEnv(MinAtarGame.BREAKOUT, NO_STICKY);
        final float[] obs = obsFor(MinAtarGame.BREAKOUT);
        env.reset(4, obs, 0);
        env.step(3, obs, 0);
        assertEquals(3, env.lastEffectiveAction());
        env.reset(obs, 0);
        assertEquals(3, env.lastEffectiveAction(), "env.reset() keeps last_action, as the reference");
        env.reset(4, obs, 0);
        assertEquals(0, env.lastEffectiveAction(), "a seeded reset is a fresh Environment");
    }

    @Test
    void anUnseededResetContinuesTheRandomStreamOfTheLastSeeding()
    {
        // Breakout draws randint(2) per reset and one rand() per step: a fresh generator with the
        // same seed making those calls in that order must give the same values.
        final MinAtarEnv env = new MinAtarEnv(MinAtarGame.BREAKOUT);
        final ReferenceData.Recorder recorder = new ReferenceData.Recorder();
        env.drawListener(recorder);
        final float[] obs = obsFor(MinAtarGame.BREAKOUT);
        final Rng policy = new Rng(5);
        final List<String> calls = new ArrayList<>();
        env.reset(77, obs, 0);
        calls.add("randint");
        for (int episode = 0; episode < 3; episode++)
        {
            while (!env.terminated())
            {
                env.step(policy.nextInt(6), obs, 0);
                calls.add("rand");
            }
            env.reset(obs, 0);
            calls.add("randint");
        }
        final NumpyRandomState fresh = new NumpyRandomState(77);
        assertEquals(calls.size(), recorder.draws.size());
        for (int i = 0; i < calls.size(); i++)
        {
            final ReferenceData.Draw expected = calls.get(i).equals("rand")
                ? ReferenceData.Draw.rand(fresh.rand())
                : ReferenceData.Draw.randint(0, 2, fresh.randint(2));
            assertEquals(expected, recorder.draws.get(i), "draw " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(MinAtarGame.class)
    void theSameSeedAndActionsGiveTheSameEpisode(final MinAtarGame game)
    {
        final List<float[]> first = play(game, 123, 400);
        final List<float[]> second = play(game, 123, 400);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++)
        {
            assertArrayEquals(first.get(i), second.get(i));
        }
    }

    private static List<float[]> play(final MinAtarGame game, final long seed, final int steps)
    {
        final MinAtarEnv env = new MinAtarEnv(game);
        final float[] obs = obsFor(game);
        final List<float[]> out = new ArrayList<>();
        env.reset(seed, obs, 0);
        out.add(obs.clone());
        final Rng policy = new Rng(seed);
        for (int t = 0; t < steps && !env.terminated(); t++)
        {
            env.step(policy.nextInt(6), obs, 0);
            out.add(obs.clone());
        }
        return out;
    }

    @Test
    void observationsAreChannelMajorZeroOneFloats()
    {
        final MinAtarEnv env = new MinAtarEnv(MinAtarGame.BREAKOUT);
        final float[] obs = new float[400 + 5];
        Arrays.fill(obs, 7.0f);
        env.reset(0, obs, 5);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(7.0f, obs[i], "nothing written before the offset");
        }
        // Paddle (channel 0) at row 9, column 4; bricks (channel 3) fill rows 1-3.
        assertEquals(1.0f, obs[5 + 0 * 100 + 9 * 10 + 4]);
        for (int cell = 10; cell < 40; cell++)
        {
            assertEquals(1.0f, obs[5 + 3 * 100 + cell]);
        }
        float sum = 0;
        for (int i = 5; i < obs.length; i++)
        {
            assertTrue(obs[i] == 0.0f || obs[i] == 1.0f);
            sum += obs[i];
        }
        assertEquals(1 + 1 + 1 + 30, sum, "paddle, ball, trail and 30 bricks");
        assertThrows(IndexOutOfBoundsException.class, () -> env.reset(0, new float[399], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> env.step(0, obs, 6));
    }

    @ParameterizedTest
    @EnumSource(MinAtarGame.class)
    void compactStateBitsHoldTheSameCellsAsTheObservation(final MinAtarGame game)
    {
        final MinAtarEnv env = new MinAtarEnv(game);
        final float[] obs = obsFor(game);
        final long[] bits = new long[env.stateWords() + 1];
        env.reset(9, obs, 0);
        final Rng policy = new Rng(2);
        for (int t = 0; t < 100 && !env.terminated(); t++)
        {
            env.step(policy.nextInt(6), obs, 0);
            env.copyStateBits(bits, 1);
            for (int c = 0; c < game.channels(); c++)
            {
                assertEquals(0L, bits[1 + 2 * c + 1] >>> 36, "unused high bits are zero");
                for (int cell = 0; cell < 100; cell++)
                {
                    final boolean bit = (bits[1 + 2 * c + (cell >>> 6)] & (1L << cell)) != 0;
                    assertEquals(obs[c * 100 + cell] == 1.0f, bit, "channel " + c + " cell " + cell);
                    assertEquals(bit, env.channel(c, cell / 10, cell % 10));
                }
            }
        }
    }

    @Test
    void freewayEndsOnTheTwoThousandFiveHundredAndFirstStepAsTerminatedNotTruncated()
    {
        final MinAtarEnv env = new MinAtarEnv(MinAtarGame.FREEWAY);
        final float[] obs = obsFor(MinAtarGame.FREEWAY);
        env.reset(0, obs, 0);
        for (int t = 1; t <= 2500; t++)
        {
            env.step(0, obs, 0);
            assertFalse(env.terminated(), "step " + t);
            assertFalse(env.truncated());
        }
        env.step(0, obs, 0);
        assertTrue(env.terminated());
        assertFalse(env.truncated());
    }

    @Test
    void aStepAfterTheEndStillDrawsButChangesNothing()
    {
        final MinAtarEnv env = new MinAtarEnv(MinAtarGame.BREAKOUT, NO_STICKY);
        final ReferenceData.Recorder recorder = new ReferenceData.Recorder();
        env.drawListener(recorder);
        final float[] obs = obsFor(MinAtarGame.BREAKOUT);
        env.reset(0, obs, 0);
        while (!env.terminated())
        {
            env.step(0, obs, 0);
        }
        final float[] last = obs.clone();
        recorder.draws.clear();
        assertEquals(0.0, env.step(1, obs, 0));
        assertTrue(env.terminated());
        assertArrayEquals(last, obs);
        assertEquals(1, recorder.draws.size());
    }

    @Test
    void optionsRejectAProbabilityOutsideZeroToOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new MinAtarOptions(-0.01, true, false));
        assertThrows(IllegalArgumentException.class, () -> new MinAtarOptions(1.01, true, false));
        assertThrows(IllegalArgumentException.class, () -> new MinAtarOptions(Double.NaN, true, false));
        assertEquals(new MinAtarOptions(0.1, true, false), MinAtarOptions.DEFAULTS);
    }

    @Test
    void seaquestRampsOnEachSurfacingOnlyWhenRampingIsOn()
    {
        // The reference's scripted Seaquest episodes surface with divers, which ramps the difficulty.
        final JsonNode episodes = ReferenceData.root().get("games").get("seaquest").get("episodes");
        int ramped = 0;
        int diverged = 0;
        for (final JsonNode episode : episodes)
        {
            final RampRun on = runRecorded(MinAtarGame.SEAQUEST, episode, true);
            final RampRun off = runRecorded(MinAtarGame.SEAQUEST, episode, false);
            assertEquals(0, off.maxRamp, "ramping off never ramps");
            final int difference = off.firstDifferenceStep(on);
            if (on.maxRamp > 0)
            {
                ramped++;
                assertTrue(difference == -1 || difference >= on.firstRampStep,
                    "the same episode until the first ramp at " + on.firstRampStep + ", differs at " + difference);
                if (difference >= 0)
                {
                    diverged++;
                }
            }
            else
            {
                assertEquals(-1, difference, "without a ramp, ramping makes no difference");
            }
        }
        assertTrue(ramped >= 2, "episodes with a ramp: " + ramped);
        assertTrue(diverged >= 1, "episodes where the ramp changed what happened: " + diverged);
    }

    @Test
    void asterixSpawnsFasterAfterEachHundredFramesOnlyWhenRampingIsOn()
    {
        // Spawns are the steps with draws beyond the sticky-action rand(): every 10 frames at
        // first; after the first ramp (about frame 101) every 9.
        final RampRun on = searchForRamp(MinAtarGame.ASTERIX);
        assertTrue(on.firstRampStep > 100 && on.firstRampStep < 110, "first ramp at step " + on.firstRampStep);
        final List<Integer> onIntervals = spawnIntervals(on.spawnSteps);
        final int firstNine = onIntervals.indexOf(9);
        assertTrue(firstNine > 0, "intervals " + onIntervals);
        for (int i = 0; i < onIntervals.size(); i++)
        {
            assertEquals(i < firstNine ? 10 : 9, onIntervals.get(i), "ramping on, intervals " + onIntervals);
        }
        assertTrue(on.spawnSteps.get(firstNine) >= on.firstRampStep - 1);

        final RampRun off = replay(MinAtarGame.ASTERIX, on, false);
        assertEquals(0, off.maxRamp);
        final int difference = off.firstDifferenceStep(on);
        assertTrue(difference == -1 || difference >= on.firstRampStep, "differs at " + difference);
        final List<Integer> offIntervals = spawnIntervals(off.spawnSteps);
        assertTrue(offIntervals.size() > firstNine, "ramping off, intervals " + offIntervals);
        for (final int interval : offIntervals)
        {
            assertEquals(10, interval, "ramping off, intervals " + offIntervals);
        }
    }

    private static List<Integer> spawnIntervals(final List<Integer> steps)
    {
        final List<Integer> out = new ArrayList<>();
        for (int i = 1; i < steps.size(); i++)
        {
            out.add(steps.get(i) - steps.get(i - 1));
        }
        return out;
    }

    @Test
    void spaceInvadersRampsOnEachClearedWaveOnlyWhenRampingIsOn()
    {
        final RampRun on = searchForRamp(MinAtarGame.SPACE_INVADERS);
        assertTrue(on.totalReward >= 24, "a ramp needs a cleared wave of 24 aliens");
        final RampRun off = replay(MinAtarGame.SPACE_INVADERS, on, false);
        assertEquals(0, off.maxRamp);
        // The new wave keeps the old move timer; the next move sets it from the ramped interval
        // (11 instead of 12), so the runs part within two alien moves of the ramp.
        final int difference = off.firstDifferenceStep(on);
        assertTrue(difference >= on.firstRampStep && difference <= on.firstRampStep + 2 * 13,
            "ramp at " + on.firstRampStep + ", first difference at " + difference);
    }

    /** One episode: actions, per-step state words, ramp levels. */
    private static final class RampRun
    {
        long seed;
        final List<Integer> actions = new ArrayList<>();
        final List<long[]> states = new ArrayList<>();
        int maxRamp;
        int firstRampStep = -1;
        int totalReward;
        final List<Integer> spawnSteps = new ArrayList<>();

        /** The first step at which this run's state differs from {@code other}'s, or -1. */
        int firstDifferenceStep(final RampRun other)
        {
            for (int i = 0; i < Math.min(states.size(), other.states.size()); i++)
            {
                if (!Arrays.equals(states.get(i), other.states.get(i)))
                {
                    return i;
                }
            }
            return -1;
        }
    }

    private static RampRun runRecorded(final MinAtarGame game, final JsonNode episode, final boolean ramping)
    {
        final RampRun run = new RampRun();
        run.seed = episode.get("seed").asLong();
        for (final JsonNode step : episode.get("steps"))
        {
            run.actions.add(step.get("a").asInt());
        }
        return execute(game, run, new MinAtarOptions(episode.get("sticky_action_prob").asDouble(), ramping, false));
    }

    private static RampRun replay(final MinAtarGame game, final RampRun recorded, final boolean ramping)
    {
        final RampRun run = new RampRun();
        run.seed = recorded.seed;
        run.actions.addAll(recorded.actions);
        return execute(game, run, MinAtarOptions.DEFAULTS.withDifficultyRamping(ramping));
    }

    private static RampRun execute(final MinAtarGame game, final RampRun run, final MinAtarOptions options)
    {
        final MinAtarEnv env = new MinAtarEnv(game, options);
        final ReferenceData.Recorder recorder = new ReferenceData.Recorder();
        env.drawListener(recorder);
        final float[] obs = obsFor(game);
        env.reset(run.seed, obs, 0);
        for (int t = 0; t < run.actions.size() && !env.terminated(); t++)
        {
            recorder.draws.clear();
            run.totalReward += (int)env.step(run.actions.get(t), obs, 0);
            if (recorder.draws.size() > 1)
            {
                run.spawnSteps.add(t);
            }
            final long[] words = new long[env.stateWords()];
            env.copyStateBits(words, 0);
            run.states.add(words);
            noteRamp(run, env, t);
        }
        return run;
    }

    private static void noteRamp(final RampRun run, final MinAtarEnv env, final int t)
    {
        if (env.difficultyRamp() > run.maxRamp)
        {
            if (run.maxRamp == 0)
            {
                // The ramp changes timers, not the state; its effects show from the next step on.
                run.firstRampStep = t + 1;
            }
            run.maxRamp = env.difficultyRamp();
        }
    }

    /**
     * Plays seeds in order with a simple policy until an episode ramps (ramping on) and lasts at
     * least 40 more steps: random moves for Asterix; for Space Invaders, fire often and step aside
     * from enemy bullets.
     */
    private static RampRun searchForRamp(final MinAtarGame game)
    {
        final float[] obs = obsFor(game);
        for (long seed = 0; seed < 2000; seed++)
        {
            final MinAtarEnv env = new MinAtarEnv(game);
            final ReferenceData.Recorder recorder = new ReferenceData.Recorder();
            env.drawListener(recorder);
            final RampRun run = new RampRun();
            run.seed = seed;
            final Rng policy = new Rng(seed);
            env.reset(seed, obs, 0);
            for (int t = 0; t < 3000 && !env.terminated() && run.maxRamp == 0; t++)
            {
                final int a = game == MinAtarGame.SPACE_INVADERS ? dodgeAndFire(env, policy) : policy.nextInt(6);
                run.actions.add(a);
                recorder.draws.clear();
                run.totalReward += (int)env.step(a, obs, 0);
                if (recorder.draws.size() > 1)
                {
                    run.spawnSteps.add(t);
                }
                final long[] words = new long[env.stateWords()];
                env.copyStateBits(words, 0);
                run.states.add(words);
                noteRamp(run, env, t);
            }
            if (run.maxRamp == 0)
            {
                continue;
            }
            // Let the ramped episode run on with the same policy so the effect of the ramp shows.
            final int end = run.actions.size() + 200;
            for (int t = run.actions.size(); t < end && !env.terminated(); t++)
            {
                final int a = game == MinAtarGame.SPACE_INVADERS ? dodgeAndFire(env, policy) : policy.nextInt(6);
                run.actions.add(a);
                recorder.draws.clear();
                env.step(a, obs, 0);
                if (recorder.draws.size() > 1)
                {
                    run.spawnSteps.add(t);
                }
                final long[] words = new long[env.stateWords()];
                env.copyStateBits(words, 0);
                run.states.add(words);
            }
            if (run.actions.size() >= run.firstRampStep + 40)
            {
                return run;
            }
        }
        throw new AssertionError("no " + game + " episode ramped and lasted 40 more steps in 2000 seeds");
    }

    private static int dodgeAndFire(final MinAtarEnv env, final Rng policy)
    {
        int pos = 0;
        for (int x = 0; x < 10; x++)
        {
            if (env.channel(SpaceInvaders.CANNON, 9, x))
            {
                pos = x;
            }
        }
        if (bulletAbove(env, pos, 5))
        {
            if (pos > 0 && !bulletAbove(env, pos - 1, 4))
            {
                return 1;
            }
            return pos < 9 && !bulletAbove(env, pos + 1, 4) ? 3 : 0;
        }
        return policy.nextInt(10) < 6 ? 5 : (policy.nextInt(2) == 0 ? 1 : 3);
    }

    private static boolean bulletAbove(final MinAtarEnv env, final int x, final int fromRow)
    {
        for (int y = fromRow; y < 10; y++)
        {
            if (env.channel(SpaceInvaders.ENEMY_BULLET, y, x))
            {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @EnumSource(MinAtarGame.class)
    void aStepAllocatesNothingAfterWarmUp(final MinAtarGame game)
    {
        final MinAtarEnv env = new MinAtarEnv(game);
        final float[] obs = obsFor(game);
        final int[] actions = new int[4096];
        final Rng policy = new Rng(17);
        for (int i = 0; i < actions.length; i++)
        {
            actions[i] = policy.nextInt(6);
        }
        env.reset(1, obs, 0);
        // A step that allocated even 8 bytes would show as 1.6 MB in every window of 200,000 steps.
        final int[] episodes = new int[1];
        final long quietest = AllocationMeter.bytesAllocated(() -> episodes[0] += run(env, actions, obs, 200_000), 2, 1);
        assertTrue(episodes[0] > 0, "the measured steps include resets");
        assertEquals(0, quietest, game + ": bytes allocated in 200000 steps");
    }

    private static int run(final MinAtarEnv env, final int[] actions, final float[] obs, final int steps)
    {
        int episodes = 0;
        for (int t = 0; t < steps; t++)
        {
            env.step(actions[t & (actions.length - 1)], obs, 0);
            if (env.terminated())
            {
                env.reset(obs, 0);
                episodes++;
            }
        }
        return episodes;
    }
}
