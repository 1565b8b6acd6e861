package io.surge.env;

import io.surge.testing.AllocationMeter;
import io.surge.env.classic.CartPoleEnv;
import io.surge.env.classic.PendulumEnv;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WrappersTest
{
    private final float[] obs = new float[64];

    @Test
    void timeLimitShouldTruncateOnTheLastAllowedStepAndClearOnReset()
    {
        final TimeLimit env = new TimeLimit(new ScriptedEnv(0, 2), 3);
        env.reset(1L, obs, 0);
        env.step(0, obs, 0);
        env.step(0, obs, 0);
        assertFalse(env.truncated());
        assertEquals(2, env.elapsedSteps());
        env.step(0, obs, 0);
        assertTrue(env.truncated());
        assertFalse(env.terminated());
        env.reset(obs, 0);
        assertFalse(env.truncated());
        assertEquals(0, env.elapsedSteps());
    }

    @Test
    void timeLimitShouldReportBothFlagsWhenTheLimitStepAlsoTerminates()
    {
        final TimeLimit env = new TimeLimit(new ScriptedEnv(2, 2), 2);
        env.reset(1L, obs, 0);
        env.step(0, obs, 0);
        env.step(0, obs, 0);
        assertTrue(env.terminated());
        assertTrue(env.truncated(), "Gymnasium's TimeLimit sets truncated on the limit step whatever terminated is");
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit(new ScriptedEnv(0, 2), 0));
    }

    @Test
    void cartPolePomdpShouldHideBothVelocities()
    {
        final Env env = EnvRegistry.make("CartPole-POMDP-v1");
        assertEquals(500, EnvRegistry.entries().get("CartPole-POMDP-v1").maxEpisodeSteps());
        assertInstanceOf(TimeLimit.class, env);
        final Space.Box space = (Space.Box)env.observationSpace();
        assertArrayEquals(new int[] {2}, space.shape());
        assertArrayEquals(new float[] {4.8f, 0.41887903f}, space.high());
        final CartPoleEnv cartPole = (CartPoleEnv)((EnvWrapper)env).unwrapped();
        final double[] state = new double[4];
        env.reset(5L, obs, 0);
        obs[2] = Float.NaN;
        cartPole.state(state);
        assertEquals((float)state[0], obs[0]);
        assertEquals((float)state[2], obs[1]);
        assertTrue(Float.isNaN(obs[2]), "only two floats are written");
        for (int k = 0; k < 5; k++)
        {
            env.step(k % 2, obs, 0);
            cartPole.state(state);
            assertEquals((float)state[0], obs[0]);
            assertEquals((float)state[2], obs[1]);
        }
    }

    @Test
    void observationMaskShouldRejectBadIndices()
    {
        assertThrows(IllegalArgumentException.class, () -> new ObservationMask(new CartPoleEnv(), 4));
        assertThrows(IllegalArgumentException.class, () -> new ObservationMask(new CartPoleEnv(), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ObservationMask(new CartPoleEnv()));
    }

    @Test
    void clipRewardShouldClipToMinusOneOneOrTheGivenBounds()
    {
        final ClipReward env = new ClipReward(new ScriptedEnv(0, 2, -5.0, 0.3, 7.0));
        env.reset(1L, obs, 0);
        assertEquals(-1.0, env.step(0, obs, 0));
        assertEquals(0.3, env.step(0, obs, 0));
        assertEquals(1.0, env.step(0, obs, 0));
        final ClipReward custom = new ClipReward(new ScriptedEnv(0, 2, -5.0, 0.3, 7.0), 0.0, 0.25);
        custom.reset(1L, obs, 0);
        assertEquals(0.0, custom.step(0, obs, 0));
        assertEquals(0.25, custom.step(0, obs, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClipReward(new ScriptedEnv(0, 2), 1.0, 0.0));
    }

    @Test
    void clipRewardShouldWorkForContinuousActions()
    {
        final ClipReward env = new ClipReward(new PendulumEnv());
        env.reset(3L, obs, 0);
        final float[] action = {2f};
        final double reward = env.step(action, 0, obs, 0);
        assertTrue(reward >= -1.0 && reward <= 1.0);
    }

    @Test
    void frameStackShouldConcatenateOldestFirstWithZerosAtReset()
    {
        final FrameStack env = new FrameStack(new ScriptedEnv(0, 2), 3);
        final Space.Box space = (Space.Box)env.observationSpace();
        assertArrayEquals(new int[] {9}, space.shape());
        assertArrayEquals(new float[] {0f, -1000f, -1000f, 0f, -1000f, -1000f, 0f, -1000f, -1000f}, space.low(), "widened to include the zero padding");
        assertArrayEquals(new float[] {1000f, 0f, 1000f, 1000f, 0f, 1000f, 1000f, 0f, 1000f}, space.high());
        java.util.Arrays.fill(obs, 99f);
        env.reset(7L, obs, 1);
        assertArrayEquals(new float[] {99f, 0, 0, 0, 0, 0, 0, 0, 0, 7, 99f}, java.util.Arrays.copyOf(obs, 11));
        env.step(0, obs, 1);
        assertArrayEquals(new float[] {99f, 0, 0, 0, 0, 0, 7, 1, -1, 7, 99f}, java.util.Arrays.copyOf(obs, 11));
        env.step(0, obs, 1);
        env.step(0, obs, 1);
        assertArrayEquals(new float[] {99f, 1, -1, 7, 2, -2, 7, 3, -3, 7, 99f}, java.util.Arrays.copyOf(obs, 11));
        env.reset(obs, 1);
        assertArrayEquals(new float[] {99f, 0, 0, 0, 0, 0, 0, 0, 0, 7, 99f}, java.util.Arrays.copyOf(obs, 11), "history cleared");
        assertThrows(IllegalArgumentException.class, () -> new FrameStack(new ScriptedEnv(0, 2), 0));
    }

    @Test
    void stickyActionsShouldRepeatTheExecutedActionWithProbabilityP()
    {
        final ScriptedEnv inner = new ScriptedEnv(0, 4);
        final StickyActions env = new StickyActions(inner, 0.25);
        env.reset(11L, obs, 0);
        int repeats = 0;
        int previous = 0;
        final int steps = 20_000;
        for (int k = 0; k < steps; k++)
        {
            final int given = (previous + 1) % 4; // always differs from the previous executed action
            env.step(given, obs, 0);
            assertTrue(inner.lastAction == given || inner.lastAction == previous);
            assertEquals(inner.lastAction, env.lastAction());
            repeats += inner.lastAction == previous ? 1 : 0;
            previous = inner.lastAction;
        }
        final double rate = repeats / (double)steps;
        assertTrue(Math.abs(rate - 0.25) < 0.02, "repeat rate " + rate);
    }

    @Test
    void stickyActionsShouldBeReproducibleFromTheSeedAndStartFromActionZero()
    {
        final int[] first = executed(123L);
        assertArrayEquals(first, executed(123L));
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(executed(124L)));

        final ScriptedEnv inner = new ScriptedEnv(0, 3);
        final StickyActions always = new StickyActions(inner, 1.0);
        always.reset(1L, obs, 0);
        always.step(2, obs, 0);
        assertEquals(0, inner.lastAction, "p = 1 repeats the reset's action 0 forever");
        final StickyActions never = new StickyActions(inner, 0.0);
        never.reset(1L, obs, 0);
        never.step(2, obs, 0);
        assertEquals(2, inner.lastAction);
    }

    private int[] executed(final long seed)
    {
        final ScriptedEnv inner = new ScriptedEnv(0, 4);
        final StickyActions env = new StickyActions(inner, 0.5);
        env.reset(seed, obs, 0);
        final int[] out = new int[64];
        for (int k = 0; k < out.length; k++)
        {
            env.step(k % 4, obs, 0);
            out[k] = inner.lastAction;
        }
        return out;
    }

    @Test
    void stickyActionsShouldRejectContinuousEnvironmentsAndBadArguments()
    {
        assertThrows(IllegalArgumentException.class, () -> new StickyActions(new PendulumEnv(), 0.25));
        assertThrows(IllegalArgumentException.class, () -> new StickyActions(new CartPoleEnv(), 1.5));
        assertThrows(IllegalArgumentException.class, () -> new StickyActions(new CartPoleEnv(), Double.NaN));
        final StickyActions env = new StickyActions(new CartPoleEnv(), 0.25);
        env.reset(1L, obs, 0);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(2, obs, 0));
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
    }

    @Test
    void episodeStatisticsShouldTrackCurrentAndLastEpisodes()
    {
        final EpisodeStatistics env = new EpisodeStatistics(new ScriptedEnv(3, 2, 1.0, 2.0, 0.5));
        assertTrue(Double.isNaN(env.lastEpisodeReturn()));
        env.reset(1L, obs, 0);
        env.step(0, obs, 0);
        env.step(0, obs, 0);
        assertEquals(3.0, env.episodeReturn());
        assertEquals(2, env.episodeLength());
        assertFalse(env.episodeEnded());
        assertEquals(0, env.episodeCount());
        env.step(0, obs, 0);
        assertTrue(env.episodeEnded());
        assertEquals(3.5, env.lastEpisodeReturn());
        assertEquals(3, env.lastEpisodeLength());
        assertEquals(1, env.episodeCount());
        env.reset(obs, 0);
        assertEquals(0.0, env.episodeReturn());
        assertEquals(0, env.episodeLength());
        assertEquals(3.5, env.lastEpisodeReturn(), "the last episode stays readable");
        env.step(0, obs, 0);
        assertEquals(1.0, env.episodeReturn());
    }

    @Test
    void episodeStatisticsShouldCountTruncatedEpisodes()
    {
        final EpisodeStatistics env = new EpisodeStatistics(EnvRegistry.make("Pendulum-v1"));
        final float[] action = {0f};
        for (int episode = 1; episode <= 2; episode++)
        {
            env.reset(episode, obs, 0);
            double sum = 0;
            while (!env.episodeEnded())
            {
                sum += env.step(action, 0, obs, 0);
            }
            assertEquals(200, env.lastEpisodeLength());
            assertEquals(sum, env.lastEpisodeReturn());
            assertEquals(episode, env.episodeCount());
        }
    }

    @Test
    void wrappersShouldReachTheInnermostEnvironment()
    {
        final CartPoleEnv bare = new CartPoleEnv();
        final EnvWrapper env = new EpisodeStatistics(new StickyActions(new FrameStack(new ClipReward(new TimeLimit(bare, 10)), 2), 0.1));
        assertSame(bare, env.unwrapped());
    }

    @Test
    void wrappedStepsShouldNotAllocate()
    {
        final Env env = new EpisodeStatistics(new StickyActions(new FrameStack(new ClipReward(EnvRegistry.make("CartPole-POMDP-v1")), 4), 0.25));
        final float[] o = new float[env.observationSpace().flatSize()];
        env.reset(9L, o, 0);
        final int[] k = new int[1];
        final long bytes = AllocationMeter.bytesAllocated(() ->
        {
            env.step(k[0]++ & 1, o, 0);
            if (env.terminated() || env.truncated())
            {
                env.reset(o, 0);
            }
        }, 200_000, 20_000);
        assertEquals(0, bytes);
    }
}
