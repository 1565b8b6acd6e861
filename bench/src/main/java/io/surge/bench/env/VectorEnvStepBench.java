package io.surge.bench.env;

import io.surge.env.VectorEnv;
import io.surge.env.classic.Libm;
import io.surge.util.Rng;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * A {@link VectorEnv} of N CartPole-v1 (with time limits and same-step auto-reset) stepped on one
 * thread. The primary score is vector steps per second; the {@code envSteps} counter is
 * environment steps per second, N times that. Actions come from a pre-generated table of random
 * actions.
 *
 * <p>{@code math} chooses {@link Libm}'s implementation: {@code libm} (the C library, bit-exact to
 * Gymnasium) or {@code java} ({@code java.lang.Math}); the property is set before any environment
 * class loads, which works because JMH runs each parameter combination in its own fork (do not
 * run this benchmark with {@code -f 0}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VectorEnvStepBench
{
    /** Made by JMH. */
    public VectorEnvStepBench()
    {
    }

    private static final int ROWS = 1024;

    /** Number of sub-environments. */
    @Param({"1", "8", "64"})
    public int numEnvs;

    /** {@code libm} or {@code java}: the value of {@link Libm#PROPERTY} in this fork. */
    @Param({"libm", "java"})
    public String math;

    private VectorEnv vec;
    private int[][] actions;
    private int next;

    /** Environment steps, reported by JMH as a rate next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class EnvSteps
    {
        /** Made by JMH. */
        public EnvSteps()
        {
        }

        /** Environment steps taken in the iteration. */
        public long envSteps;

        /** Zeroes the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear()
        {
            envSteps = 0;
        }
    }

    /** Makes the vector and the action table. */
    @Setup
    public void setUp()
    {
        System.setProperty(Libm.PROPERTY, math); // a constant: reading it does not load Libm
        vec = VectorEnv.make("CartPole-v1", numEnvs);
        if (Libm.usesLibm() != "libm".equals(math))
        {
            throw new IllegalStateException("wanted " + math + " but Libm uses " + Libm.implementation() + " (run with forks >= 1)");
        }
        vec.reset(7L);
        final Rng rng = new Rng(99L);
        actions = new int[ROWS][numEnvs];
        for (final int[] row : actions)
        {
            for (int i = 0; i < numEnvs; i++)
            {
                row[i] = rng.nextInt(2);
            }
        }
    }

    /**
     * One vector step.
     *
     * @param counter counts environment steps.
     * @return the first reward, so the step is not eliminated.
     */
    @Benchmark
    public double step(final EnvSteps counter)
    {
        vec.step(actions[next++ & (ROWS - 1)]);
        counter.envSteps += numEnvs;
        return vec.rewards()[0];
    }
}
