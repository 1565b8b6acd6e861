package io.surge.bench.env;

import io.surge.env.Env;
import io.surge.env.EnvRegistry;
import io.surge.env.Space;
import io.surge.util.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Steps per second of one classic-control environment on one thread, as made by
 * {@code EnvRegistry.make(id)} (with its time limit). One operation is one {@code step}, plus the
 * {@code reset} when the episode ended (amortized over the episode). Actions come from a
 * pre-generated array of uniform random actions, so the policy's random generator is not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClassicEnvStepBench
{
    /** Made by JMH. */
    public ClassicEnvStepBench()
    {
    }

    private static final int ACTIONS = 4096;

    /** The environment id. */
    @Param({"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    public String id;

    private Env env;
    private float[] obs;
    private int[] discreteActions;
    private float[] continuousActions;
    private int next;

    /** Makes the environment and the action script. */
    @Setup
    public void setUp()
    {
        env = EnvRegistry.make(id);
        obs = new float[env.observationSpace().flatSize()];
        final Rng rng = new Rng(12345L);
        if (env.actionSpace() instanceof Space.Discrete discrete)
        {
            discreteActions = new int[ACTIONS];
            for (int i = 0; i < ACTIONS; i++)
            {
                discreteActions[i] = rng.nextInt(discrete.n());
            }
        }
        else
        {
            final Space.Box box = (Space.Box)env.actionSpace();
            continuousActions = new float[ACTIONS];
            for (int i = 0; i < ACTIONS; i++)
            {
                continuousActions[i] = box.low()[0] + (box.high()[0] - box.low()[0]) * rng.nextFloat();
            }
        }
        env.reset(1L, obs, 0);
    }

    /**
     * One step (and the reset at an episode's end).
     *
     * @return the reward, so the step is not eliminated.
     */
    @Benchmark
    public double step()
    {
        final int i = next++ & (ACTIONS - 1);
        final double reward = discreteActions != null
            ? env.step(discreteActions[i], obs, 0)
            : env.step(continuousActions, i, obs, 0);
        if (env.terminated() || env.truncated())
        {
            env.reset(obs, 0);
        }
        return reward;
    }
}
