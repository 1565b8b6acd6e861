package io.surge.env.classic;

import io.surge.testing.AllocationMeter;
import io.surge.env.Env;
import io.surge.env.EnvRegistry;
import io.surge.env.Space;
import io.surge.env.TimeLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Termination paths, action checks, resets, time limits and allocation of the five tasks. */
class ClassicControlEnvTest
{
    private final float[] obs = new float[8];
    private final float[] action = new float[1];

    @Test
    void cartPoleShouldTerminateWhenThePoleFallsPastTwelveDegrees()
    {
        final CartPoleEnv env = new CartPoleEnv();
        env.setState(0.0, 0.0, CartPoleEnv.THETA_THRESHOLD_RADIANS - 1e-4, 0.1);
        assertEquals(1.0, env.step(0, obs, 0));
        assertTrue(env.terminated());
        assertFalse(env.truncated());
        assertEquals(0.0, env.step(0, obs, 0), "a step after termination without reset gives 0, as Gymnasium");
        assertTrue(env.terminated());
    }

    @Test
    void cartPoleShouldTerminateWhenTheCartLeavesTheTrack()
    {
        final CartPoleEnv env = new CartPoleEnv();
        env.setState(-2.39, -1.0, 0.0, 0.0);
        assertEquals(1.0, env.step(0, obs, 0));
        assertTrue(env.terminated());
        final double[] state = env.state(new double[4]);
        assertTrue(state[0] < -CartPoleEnv.X_THRESHOLD, "x = " + state[0]);
        assertTrue(Math.abs(state[2]) < CartPoleEnv.THETA_THRESHOLD_RADIANS, "the pole is still up: theta = " + state[2]);
    }

    @Test
    void cartPoleShouldNotTerminateInsideTheBounds()
    {
        final CartPoleEnv env = new CartPoleEnv();
        env.setState(2.3, 0.0, 0.1, 0.0);
        assertEquals(1.0, env.step(1, obs, 0));
        assertFalse(env.terminated());
    }

    @Test
    void discreteActionsOutsideTheSpaceShouldBeRejectedWithTheAllowedRange()
    {
        final CartPoleEnv cartPole = new CartPoleEnv();
        cartPole.reset(1L, obs, 0);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cartPole.step(2, obs, 0));
        assertTrue(e.getMessage().contains("action 2") && e.getMessage().contains("0..1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cartPole.step(-1, obs, 0));

        final AcrobotEnv acrobot = new AcrobotEnv();
        acrobot.reset(1L, obs, 0);
        final IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> acrobot.step(3, obs, 0));
        assertTrue(a.getMessage().contains("action 3") && a.getMessage().contains("0..2"), a.getMessage());

        final MountainCarEnv car = new MountainCarEnv();
        car.reset(1L, obs, 0);
        final IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> car.step(-1, obs, 0));
        assertTrue(m.getMessage().contains("action -1") && m.getMessage().contains("0..2"), m.getMessage());
    }

    @Test
    void actionsOfTheWrongKindShouldBeRejected()
    {
        final PendulumEnv pendulum = new PendulumEnv();
        pendulum.reset(1L, obs, 0);
        assertThrows(UnsupportedOperationException.class, () -> pendulum.step(0, obs, 0));
        final CartPoleEnv cartPole = new CartPoleEnv();
        cartPole.reset(1L, obs, 0);
        assertThrows(UnsupportedOperationException.class, () -> cartPole.step(action, 0, obs, 0));
    }

    @Test
    void stepBeforeResetShouldFail()
    {
        assertThrows(IllegalStateException.class, () -> new CartPoleEnv().step(0, obs, 0));
        assertThrows(IllegalStateException.class, () -> new AcrobotEnv().step(0, obs, 0));
        assertThrows(IllegalStateException.class, () -> new MountainCarEnv().step(0, obs, 0));
        assertThrows(IllegalStateException.class, () -> new MountainCarContinuousEnv().step(action, 0, obs, 0));
        assertThrows(IllegalStateException.class, () -> new PendulumEnv().step(action, 0, obs, 0));
    }

    @Test
    void acrobotShouldTerminateWithZeroRewardWhenTheTipIsAboveTheBar()
    {
        final AcrobotEnv env = new AcrobotEnv();
        env.setState(Math.PI - 0.01, 0.0, 0.0, 0.0);
        assertEquals(0.0, env.step(1, obs, 0));
        assertTrue(env.terminated());
        env.setState(0.0, 0.0, 0.0, 0.0);
        assertEquals(-1.0, env.step(1, obs, 0));
        assertFalse(env.terminated());
    }

    @Test
    void acrobotShouldWrapAnglesAndBoundVelocities()
    {
        final AcrobotEnv env = new AcrobotEnv();
        env.setState(Math.PI - 0.05, -Math.PI + 0.05, 100.0, -100.0);
        env.step(2, obs, 0);
        final double[] s = env.state(new double[4]);
        assertTrue(s[0] >= -Math.PI && s[0] <= Math.PI, "theta1 wrapped: " + s[0]);
        assertTrue(s[1] >= -Math.PI && s[1] <= Math.PI, "theta2 wrapped: " + s[1]);
        assertEquals(AcrobotEnv.MAX_VEL_1, Math.abs(s[2]), 0.0, "dtheta1 bounded");
        assertEquals(AcrobotEnv.MAX_VEL_2, Math.abs(s[3]), 0.0, "dtheta2 bounded");
        assertEquals((float)s[2], obs[4]);
    }

    @Test
    void mountainCarShouldTerminateAtTheGoalAndStopAtTheLeftWall()
    {
        final MountainCarEnv env = new MountainCarEnv();
        env.setState(0.49, 0.03);
        assertEquals(-1.0, env.step(2, obs, 0));
        assertTrue(env.terminated());

        env.setState(-1.19, -0.07);
        env.step(0, obs, 0);
        assertArrayEquals(new double[] {-1.2, 0.0}, env.state(new double[2]), "inelastic wall");
        assertFalse(env.terminated());
    }

    @Test
    void mountainCarContinuousShouldPayTheGoalBonusAndChargeTheUnclippedAction()
    {
        final MountainCarContinuousEnv env = new MountainCarContinuousEnv();
        env.setState(0.44, 0.03);
        action[0] = 3.0f;
        final double reward = env.step(action, 0, obs, 0);
        assertTrue(env.terminated());
        assertEquals(100.0 - 9.0 * 0.1, reward, 0.0);
        assertTrue(env.stateIsFloat32());
        final double[] s = env.state(new double[2]);
        assertEquals((float)s[0], s[0], 0.0, "the state is float32 after a step");
    }

    @Test
    void mountainCarContinuousShouldClipTheForceButNotTheCost()
    {
        final MountainCarContinuousEnv a = new MountainCarContinuousEnv();
        final MountainCarContinuousEnv b = new MountainCarContinuousEnv();
        a.setState(-0.5, 0.0);
        b.setState(-0.5, 0.0);
        action[0] = 1.0f;
        final double ra = a.step(action, 0, obs, 0);
        action[0] = 4.0f;
        final double rb = b.step(action, 0, obs, 0);
        assertArrayEquals(a.state(new double[2]), b.state(new double[2]), "from a float64 state, clipping to 1 gives the same dynamics");
        assertEquals(-0.1, ra, 0.0);
        assertEquals(-1.6, rb, 1e-15);
    }

    @Test
    void pendulumShouldClipTorqueAndSpeed()
    {
        final PendulumEnv a = new PendulumEnv();
        final PendulumEnv b = new PendulumEnv();
        a.setState(1.0, 7.9);
        b.setState(1.0, 7.9);
        action[0] = 2.0f;
        final double ra = a.step(action, 0, obs, 0);
        action[0] = 10.0f;
        final double rb = b.step(action, 0, obs, 0);
        assertEquals(ra, rb, 0.0, "the cost uses the clipped torque");
        assertEquals(2.0, b.lastTorque(), 0.0);
        assertArrayEquals(a.state(new double[2]), b.state(new double[2]));
        assertEquals(8.0, a.state(new double[2])[1], 0.0, "theta_dot clipped at 8");
        assertFalse(a.terminated());
    }

    @Test
    void pendulumAngleNormalizeShouldBeAFloorModulo()
    {
        assertEquals(-4.0 + 2 * Math.PI, PendulumEnv.angleNormalize(-4.0), 1e-15);
        assertEquals(4.0 - 2 * Math.PI, PendulumEnv.angleNormalize(4.0), 1e-15);
        assertEquals(0.5, PendulumEnv.angleNormalize(0.5), 1e-15);
        assertEquals(-Math.PI, PendulumEnv.angleNormalize(Math.PI), 0.0);
        assertEquals(1.0, PendulumEnv.floorMod(-5.0, 3.0), 0.0);
        assertEquals(-2.0, PendulumEnv.floorMod(-5.0, -3.0), 0.0);
        assertEquals(0.0, PendulumEnv.floorMod(-6.0, 3.0), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void resetsShouldDrawFromGymnasiumsRangesAndRepeatForASeed(final String id)
    {
        final ClassicControlEnv env = (ClassicControlEnv)((TimeLimit)EnvRegistry.make(id)).unwrapped();
        final double[][] ranges = switch (id)
        {
            case "CartPole-v1" -> new double[][] {{-0.05, 0.05}, {-0.05, 0.05}, {-0.05, 0.05}, {-0.05, 0.05}};
            case "Acrobot-v1" -> new double[][] {{-0.1, 0.1}, {-0.1, 0.1}, {-0.1, 0.1}, {-0.1, 0.1}};
            case "Pendulum-v1" -> new double[][] {{-Math.PI, Math.PI}, {-1.0, 1.0}};
            default -> new double[][] {{-0.6, -0.4}, {0.0, 0.0}};
        };
        final double[] state = new double[env.stateSize()];
        final double[] low = new double[state.length];
        final double[] high = new double[state.length];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < 2000; i++)
        {
            env.reset(i, obs, 0);
            env.state(state);
            for (int j = 0; j < state.length; j++)
            {
                assertTrue(state[j] >= ranges[j][0] && (state[j] < ranges[j][1] || ranges[j][0] == ranges[j][1] || id.equals("Acrobot-v1") && state[j] <= ranges[j][1]),
                    id + " state[" + j + "] = " + state[j]);
                if (id.equals("Acrobot-v1"))
                {
                    assertEquals((float)state[j], state[j], 0.0, "Acrobot's reset state is float32");
                }
                low[j] = Math.min(low[j], state[j]);
                high[j] = Math.max(high[j], state[j]);
            }
        }
        for (int j = 0; j < state.length; j++)
        {
            final double width = ranges[j][1] - ranges[j][0];
            assertTrue(low[j] - ranges[j][0] <= 0.01 * width && ranges[j][1] - high[j] <= 0.01 * width,
                id + " state[" + j + "] covers its range: [" + low[j] + ", " + high[j] + "]");
        }
        env.reset(42L, obs, 0);
        final double[] first = env.state(new double[state.length]);
        env.reset(43L, obs, 0);
        final double[] other = env.state(new double[state.length]);
        env.reset(42L, obs, 0);
        assertArrayEquals(first, env.state(new double[state.length]), "same seed, same start");
        assertNotEquals(Arrays.toString(first), Arrays.toString(other), "another seed, another start");
        env.reset(obs, 0);
        assertNotEquals(Arrays.toString(first), Arrays.toString(env.state(new double[state.length])), "an unseeded reset continues the stream");
    }

    @Test
    void registeredTimeLimitsShouldBeGymnasiums()
    {
        assertEquals(500, EnvRegistry.entries().get("CartPole-v1").maxEpisodeSteps());
        assertEquals(500, EnvRegistry.entries().get("Acrobot-v1").maxEpisodeSteps());
        assertEquals(200, EnvRegistry.entries().get("MountainCar-v0").maxEpisodeSteps());
        assertEquals(999, EnvRegistry.entries().get("MountainCarContinuous-v0").maxEpisodeSteps());
        assertEquals(200, EnvRegistry.entries().get("Pendulum-v1").maxEpisodeSteps());
        assertInstanceOf(TimeLimit.class, EnvRegistry.make("CartPole-v1"));
    }

    @Test
    void pendulumShouldBeTruncatedExactlyAtTwoHundredSteps()
    {
        final Env env = EnvRegistry.make("Pendulum-v1");
        env.reset(7L, obs, 0);
        action[0] = 0.5f;
        for (int k = 1; k <= 200; k++)
        {
            env.step(action, 0, obs, 0);
            assertFalse(env.terminated());
            assertEquals(k == 200, env.truncated(), "step " + k);
        }
        env.reset(obs, 0);
        assertFalse(env.truncated(), "reset clears the truncation");
    }

    @Test
    void acrobotHangingStillShouldBeTruncatedAtFiveHundredSteps()
    {
        final Env env = EnvRegistry.make("Acrobot-v1");
        env.reset(7L, obs, 0);
        ((AcrobotEnv)((TimeLimit)env).unwrapped()).setState(0.0, 0.0, 0.0, 0.0);
        for (int k = 1; k <= 500; k++)
        {
            assertEquals(-1.0, env.step(1, obs, 0));
            assertFalse(env.terminated());
            assertEquals(k == 500, env.truncated(), "step " + k);
        }
    }

    @Test
    void spacesShouldBeGymnasiums()
    {
        final Space.Box cartPole = (Space.Box)new CartPoleEnv().observationSpace();
        assertArrayEquals(new float[] {4.8f, Float.POSITIVE_INFINITY, 0.41887903f, Float.POSITIVE_INFINITY}, cartPole.high());
        assertEquals(new Space.Discrete(2), new CartPoleEnv().actionSpace());
        assertArrayEquals(new float[] {1, 1, 1, 1, 12.566371f, 28.274334f}, ((Space.Box)new AcrobotEnv().observationSpace()).high());
        assertArrayEquals(new float[] {-1.2f, -0.07f}, ((Space.Box)new MountainCarEnv().observationSpace()).low());
        assertArrayEquals(new float[] {0.6f, 0.07f}, ((Space.Box)new MountainCarContinuousEnv().observationSpace()).high());
        assertArrayEquals(new float[] {1f}, ((Space.Box)new MountainCarContinuousEnv().actionSpace()).high());
        assertArrayEquals(new float[] {1, 1, 8}, ((Space.Box)new PendulumEnv().observationSpace()).high());
        assertArrayEquals(new float[] {-2f}, ((Space.Box)new PendulumEnv().actionSpace()).low());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void stepShouldNotAllocateAfterWarmUp(final String id)
    {
        final Env env = EnvRegistry.make(id);
        final float[] o = new float[env.observationSpace().flatSize()];
        final float[] a = new float[1];
        final int n = env.actionSpace() instanceof Space.Discrete d ? d.n() : 0;
        env.reset(3L, o, 0);
        final int[] counter = new int[1];
        final Runnable step = () ->
        {
            final int k = counter[0]++;
            if (n > 0)
            {
                env.step(k % n, o, 0);
            }
            else
            {
                a[0] = (k % 7) * 0.5f - 1.5f;
                env.step(a, 0, o, 0);
            }
            if (env.terminated() || env.truncated())
            {
                env.reset(o, 0);
            }
        };
        final long bytes = AllocationMeter.bytesAllocated(step, 200_000, 20_000);
        assertEquals(0, bytes, id + ": bytes allocated over 20,000 steps");
    }
}
