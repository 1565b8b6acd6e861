package io.surge.env;

import io.surge.testing.AllocationMeter;
import io.surge.env.classic.CartPoleEnv;
import io.surge.env.classic.PendulumEnv;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorEnvTest
{
    @Test
    void resetShouldSeedSubEnvironmentIWithTheDerivedSeedIntoItsSlice()
    {
        final VectorEnv vec = VectorEnv.make("CartPole-v1", 3);
        vec.reset(77L);
        assertEquals(12, vec.observations().length);
        final float[] single = new float[4];
        for (int i = 0; i < 3; i++)
        {
            EnvRegistry.make("CartPole-v1").reset(Rng.deriveSeed(77L, i), single, 0);
            assertArrayEquals(single, Arrays.copyOfRange(vec.observations(), 4 * i, 4 * i + 4), "slice " + i);
        }
    }

    @Test
    void seedsShouldBeReproducibleAndDistinctAcrossSubEnvironments()
    {
        final VectorEnv a = VectorEnv.make("Acrobot-v1", 8);
        final VectorEnv b = VectorEnv.make("Acrobot-v1", 8);
        a.reset(5L);
        b.reset(5L);
        assertArrayEquals(a.observations(), b.observations());
        for (int i = 0; i < 8; i++)
        {
            for (int j = i + 1; j < 8; j++)
            {
                assertNotEquals(Arrays.toString(Arrays.copyOfRange(a.observations(), 6 * i, 6 * i + 6)),
                    Arrays.toString(Arrays.copyOfRange(a.observations(), 6 * j, 6 * j + 6)), i + " vs " + j);
            }
        }
        final int[] actions = new int[8];
        for (int k = 0; k < 600; k++)
        {
            Arrays.fill(actions, k % 3);
            a.step(actions);
            b.step(actions);
        }
        assertArrayEquals(a.observations(), b.observations(), "auto-resets continue the same streams");
        b.reset(6L);
        assertNotEquals(Arrays.toString(a.observations()), Arrays.toString(b.observations()));
    }

    @Test
    void terminationShouldAutoResetInTheSameStepAndKeepTheFinalObservation()
    {
        final int n = 4;
        final VectorEnv vec = VectorEnv.make("CartPole-v1", n);
        final Env[] singles = new Env[n];
        final float[] single = new float[4 * n];
        final double[] returns = new double[n];
        final int[] lengths = new int[n];
        vec.reset(3L);
        for (int i = 0; i < n; i++)
        {
            singles[i] = EnvRegistry.make("CartPole-v1");
            singles[i].reset(Rng.deriveSeed(3L, i), single, 4 * i);
        }
        final int[] actions = new int[n];
        int finals = 0;
        final float[] finalObs = new float[4];
        for (int k = 0; k < 300; k++)
        {
            for (int i = 0; i < n; i++)
            {
                actions[i] = (k / (i + 1)) % 2 == 0 ? 1 : (i & 1); // different, mostly failing policies
            }
            vec.step(actions);
            for (int i = 0; i < n; i++)
            {
                final double reward = singles[i].step(actions[i], single, 4 * i);
                returns[i] += reward;
                lengths[i]++;
                assertEquals(reward, vec.rewards()[i]);
                assertEquals(singles[i].terminated(), vec.terminated()[i]);
                assertEquals(singles[i].truncated(), vec.truncated()[i]);
                final boolean done = singles[i].terminated() || singles[i].truncated();
                assertEquals(done, vec.hasFinal(i), "step " + k + " env " + i);
                if (done)
                {
                    finals++;
                    vec.finalObservation(i, finalObs, 0);
                    assertArrayEquals(Arrays.copyOfRange(single, 4 * i, 4 * i + 4), finalObs, "final observation");
                    assertArrayEquals(Arrays.copyOfRange(single, 4 * i, 4 * i + 4), Arrays.copyOfRange(vec.finalObservations(), 4 * i, 4 * i + 4));
                    assertEquals(returns[i], vec.finalReturn(i));
                    assertEquals(lengths[i], vec.finalLength(i));
                    assertEquals(0, vec.episodeLength(i));
                    singles[i].reset(single, 4 * i);
                    returns[i] = 0;
                    lengths[i] = 0;
                }
                else
                {
                    final int env = i;
                    assertThrows(IllegalStateException.class, () -> vec.finalObservation(env, finalObs, 0), "no final for " + i);
                    assertEquals(lengths[i], vec.episodeLength(i));
                }
                assertArrayEquals(Arrays.copyOfRange(single, 4 * i, 4 * i + 4), Arrays.copyOfRange(vec.observations(), 4 * i, 4 * i + 4),
                    "the buffer holds the new episode's first observation after a reset");
            }
        }
        assertTrue(finals >= 20, "episodes ended: " + finals);
    }

    @Test
    void truncationShouldBeReportedAsTruncatedNotTerminated()
    {
        final VectorEnv vec = VectorEnv.make("Pendulum-v1", 2);
        vec.reset(1L);
        final float[] actions = {0.5f, -0.5f};
        for (int k = 1; k <= 200; k++)
        {
            vec.step(actions);
            for (int i = 0; i < 2; i++)
            {
                assertFalse(vec.terminated()[i]);
                assertEquals(k == 200, vec.truncated()[i]);
                assertEquals(k == 200, vec.hasFinal(i));
            }
        }
        assertEquals(200, vec.finalLength(0));
        assertEquals(0, vec.episodeLength(0));
        vec.step(actions);
        assertFalse(vec.hasFinal(0), "final values last until the next step");
        assertEquals(1, vec.episodeLength(0));
    }

    @Test
    void continuousActionsShouldGoToTheirOwnSubEnvironment()
    {
        final VectorEnv vec = new VectorEnv(2, PendulumEnv::new);
        vec.reset(9L);
        final PendulumEnv a = new PendulumEnv();
        final PendulumEnv b = new PendulumEnv();
        final float[] single = new float[3];
        a.reset(Rng.deriveSeed(9L, 0), single, 0);
        b.reset(Rng.deriveSeed(9L, 1), single, 0);
        vec.step(new float[] {1.5f, -2f});
        assertEquals(a.step(new float[] {1.5f}, 0, single, 0), vec.rewards()[0]);
        assertArrayEquals(single, Arrays.copyOfRange(vec.observations(), 0, 3));
        assertEquals(b.step(new float[] {-2f}, 0, single, 0), vec.rewards()[1]);
        assertArrayEquals(single, Arrays.copyOfRange(vec.observations(), 3, 6));
    }

    @Test
    void misuseShouldFailWithAClearMessage()
    {
        assertThrows(IllegalArgumentException.class, () -> new VectorEnv(0, CartPoleEnv::new));
        assertThrows(IllegalArgumentException.class, () -> VectorEnv.make("NoSuchEnv-v0", 2));
        final VectorEnv vec = new VectorEnv(2, CartPoleEnv::new);
        assertThrows(IllegalStateException.class, () -> vec.step(new int[2]));
        vec.reset(1L);
        assertThrows(IllegalArgumentException.class, () -> vec.step(new int[1]));
        assertThrows(IllegalArgumentException.class, () -> vec.step(new float[2]));
        assertThrows(IllegalArgumentException.class, () -> vec.step(new int[] {0, 2}));
        assertThrows(IllegalArgumentException.class, () -> new VectorEnv(2, new java.util.function.Supplier<Env>()
        {
            private int made;

            @Override
            public Env get()
            {
                return made++ == 0 ? new CartPoleEnv() : new ObservationMask(new CartPoleEnv(), 0);
            }
        }));
    }

    @Test
    void stepShouldNotAllocateIncludingAutoResets()
    {
        final VectorEnv vec = VectorEnv.make("CartPole-v1", 8);
        vec.reset(2L);
        final int[] actions = new int[8];
        final Rng rng = new Rng(4L);
        final int[][] script = new int[1024][8];
        for (final int[] row : script)
        {
            for (int i = 0; i < row.length; i++)
            {
                row[i] = rng.nextInt(2);
            }
        }
        final int[] k = new int[1];
        final long bytes = AllocationMeter.bytesAllocated(() ->
        {
            System.arraycopy(script[k[0]++ & 1023], 0, actions, 0, 8);
            vec.step(actions);
        }, 50_000, 10_000);
        assertEquals(0, bytes, "bytes over 10,000 vector steps (80,000 env steps, with auto-resets)");
    }
}
