package io.surge.algo.random;

import io.surge.agent.Restartable;
import io.surge.env.Env;
import io.surge.env.Space;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EpisodeReports;
import io.surge.metrics.RunCounters;
import io.surge.util.Rng;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.Supplier;

/**
 * An actor that takes uniformly random actions in its environments and reports finished
 * episodes: the workload of {@code algo=random}, and a baseline for every environment.
 *
 * <p>Threading: an Agrona agent; every method runs on the thread that runs the role. A duty
 * cycle takes {@link #STEPS_PER_DUTY_CYCLE} steps in each environment and allocates nothing.
 */
final class RandomActor implements Agent, Restartable
{
    static final int STEPS_PER_DUTY_CYCLE = 32;

    private final int index;
    private final Supplier<Env> envFactory;
    private final long seed;
    private final EpisodeReports episodes;
    private final AtomicCounter envSteps;
    private final AtomicCounter episodesCounter;
    private final AtomicCounter droppedReports;
    private final Env[] envs;
    private final float[] obs;
    private final float[] action;
    private final double[] episodeReturn;
    private final int[] episodeLength;
    private final Rng rng;
    private final int obsSize;
    private int discreteActions;
    private float[] low;
    private float[] high;
    private boolean started;
    private int generation;

    RandomActor(
        final int index,
        final int envCount,
        final Supplier<Env> envFactory,
        final long seed,
        final EpisodeReports episodes,
        final RunCounters counters,
        final AtomicCounter droppedReports)
    {
        this.index = index;
        this.envFactory = envFactory;
        this.seed = seed;
        this.episodes = episodes;
        this.envSteps = counters.get(EngineCounter.ENV_STEPS);
        this.episodesCounter = counters.get(EngineCounter.EPISODES);
        this.droppedReports = droppedReports;
        this.envs = new Env[envCount];
        for (int i = 0; i < envCount; i++)
        {
            envs[i] = envFactory.get();
        }
        final Space obsSpace = envs[0].observationSpace();
        obsSize = obsSpace.flatSize();
        obs = new float[obsSize * envCount];
        final Space actionSpace = envs[0].actionSpace();
        if (actionSpace instanceof Space.Discrete d)
        {
            discreteActions = d.n();
            action = new float[0];
        }
        else
        {
            final Space.Box box = (Space.Box)actionSpace;
            low = box.low();
            high = box.high();
            action = new float[box.flatSize()];
        }
        episodeReturn = new double[envCount];
        episodeLength = new int[envCount];
        rng = new Rng(Rng.deriveSeed(seed, 0x5EED_AC70L));
    }

    @Override
    public void onStart()
    {
        startEpisodes();
    }

    private void startEpisodes()
    {
        for (int i = 0; i < envs.length; i++)
        {
            envs[i].reset(Rng.deriveSeed(seed, ((long)generation << 32) | i), obs, i * obsSize);
            episodeReturn[i] = 0;
            episodeLength[i] = 0;
        }
        started = true;
    }

    @Override
    public int doWork()
    {
        if (!started)
        {
            startEpisodes();
        }
        for (int k = 0; k < STEPS_PER_DUTY_CYCLE; k++)
        {
            for (int i = 0; i < envs.length; i++)
            {
                final Env env = envs[i];
                final double reward;
                if (discreteActions > 0)
                {
                    reward = env.step(rng.nextInt(discreteActions), obs, i * obsSize);
                }
                else
                {
                    for (int a = 0; a < action.length; a++)
                    {
                        action[a] = low[a] + (high[a] - low[a]) * rng.nextFloat();
                    }
                    reward = env.step(action, 0, obs, i * obsSize);
                }
                episodeReturn[i] += reward;
                episodeLength[i]++;
                if (env.terminated() || env.truncated())
                {
                    if (!episodes.offer(index, episodeLength[i], episodeReturn[i]))
                    {
                        droppedReports.increment();
                    }
                    episodesCounter.increment();
                    episodeReturn[i] = 0;
                    episodeLength[i] = 0;
                    env.reset(obs, i * obsSize);
                }
            }
        }
        final int steps = STEPS_PER_DUTY_CYCLE * envs.length;
        envSteps.getAndAdd(steps);
        return steps;
    }

    @Override
    public void restart()
    {
        // Fresh environments with new seeds, so a deterministic failure is not replayed forever.
        generation++;
        for (int i = 0; i < envs.length; i++)
        {
            envs[i].close();
            envs[i] = envFactory.get();
        }
        started = false;
    }

    @Override
    public void onClose()
    {
        for (final Env env : envs)
        {
            env.close();
        }
    }

    @Override
    public String roleName()
    {
        return "actor-" + index;
    }
}
