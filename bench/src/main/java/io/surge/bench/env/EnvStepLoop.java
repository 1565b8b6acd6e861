package io.surge.bench.env;

import io.surge.env.Env;
import io.surge.env.EnvRegistry;
import io.surge.env.Space;
import io.surge.env.VectorEnv;
import io.surge.env.classic.Libm;
import io.surge.util.Rng;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A plain stepping loop that reports environment steps per wall-clock second <em>and per second
 * of this thread's CPU time</em>. On a shared machine, where other processes take the cores
 * away, the CPU-time rate is the steadier measure of what a step costs; JMH reports only
 * wall-clock rates. Also the loop to attach {@code perf record} to (it runs long enough and does
 * nothing else).
 *
 * <p>Usage: {@code EnvStepLoop <env id> <numEnvs> <seconds>}; {@code numEnvs} 0 steps one
 * environment from {@code EnvRegistry.make} directly, N &gt; 0 a {@link VectorEnv} of N. Actions
 * come from a pre-generated table of random actions. The first 5 seconds are warm-up.
 */
public final class EnvStepLoop
{
    private static final int ROWS = 1024;

    private EnvStepLoop()
    {
    }

    /**
     * Runs the loop.
     *
     * @param args env id, numEnvs, seconds.
     */
    public static void main(final String[] args)
    {
        if (args.length != 3)
        {
            System.err.println("usage: EnvStepLoop <env id> <numEnvs (0 = one bare environment)> <seconds>");
            System.exit(2);
        }
        final String id = args[0];
        final int numEnvs = Integer.parseInt(args[1]);
        final long seconds = Long.parseLong(args[2]);
        final Rng rng = new Rng(99L);
        final Stepper stepper = numEnvs == 0 ? new Single(id, rng) : new Vector(id, numEnvs, rng);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        final long warmUpEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmUpEnd)
        {
            stepper.run(1000);
        }
        final long cpu0 = threads.getCurrentThreadCpuTime();
        final long wall0 = System.nanoTime();
        final long end = wall0 + seconds * 1_000_000_000L;
        long steps = 0;
        while (System.nanoTime() < end)
        {
            steps += stepper.run(1000);
        }
        final double wallSeconds = (System.nanoTime() - wall0) / 1e9;
        final double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%s numEnvs=%d: %.2f M env-steps/s wall, %.2f M env-steps per CPU-second (%.0f ns CPU per step), CPU share %.0f%%; %s%n",
            id, numEnvs, steps / wallSeconds / 1e6, steps / cpuSeconds / 1e6, cpuSeconds * 1e9 / steps, 100 * cpuSeconds / wallSeconds,
            Libm.implementation());
    }

    /** Takes a number of steps. */
    private interface Stepper
    {
        long run(int calls);
    }

    /** One environment, reset when its episode ends. */
    private static final class Single implements Stepper
    {
        private final Env env;
        private final float[] obs;
        private final int[] discrete = new int[ROWS];
        private final float[] continuous = new float[ROWS];
        private final boolean isDiscrete;
        private int next;

        Single(final String id, final Rng rng)
        {
            env = EnvRegistry.make(id);
            obs = new float[env.observationSpace().flatSize()];
            isDiscrete = env.actionSpace() instanceof Space.Discrete;
            for (int i = 0; i < ROWS; i++)
            {
                if (env.actionSpace() instanceof Space.Discrete d)
                {
                    discrete[i] = rng.nextInt(d.n());
                }
                else
                {
                    final Space.Box box = (Space.Box)env.actionSpace();
                    continuous[i] = box.low()[0] + (box.high()[0] - box.low()[0]) * rng.nextFloat();
                }
            }
            env.reset(1L, obs, 0);
        }

        @Override
        public long run(final int calls)
        {
            for (int c = 0; c < calls; c++)
            {
                final int i = next++ & (ROWS - 1);
                if (isDiscrete)
                {
                    env.step(discrete[i], obs, 0);
                }
                else
                {
                    env.step(continuous, i, obs, 0);
                }
                if (env.terminated() || env.truncated())
                {
                    env.reset(obs, 0);
                }
            }
            return calls;
        }
    }

    /** A vector of discrete-action environments. */
    private static final class Vector implements Stepper
    {
        private final VectorEnv vec;
        private final int[][] actions;
        private int next;

        Vector(final String id, final int numEnvs, final Rng rng)
        {
            vec = VectorEnv.make(id, numEnvs);
            if (!vec.isDiscrete())
            {
                throw new IllegalArgumentException("the vector loop takes discrete-action environments");
            }
            final int n = ((Space.Discrete)vec.singleActionSpace()).n();
            actions = new int[ROWS][numEnvs];
            for (final int[] row : actions)
            {
                for (int i = 0; i < numEnvs; i++)
                {
                    row[i] = rng.nextInt(n);
                }
            }
            vec.reset(7L);
        }

        @Override
        public long run(final int calls)
        {
            for (int c = 0; c < calls; c++)
            {
                vec.step(actions[next++ & (ROWS - 1)]);
            }
            return (long)calls * vec.numEnvs();
        }
    }
}
