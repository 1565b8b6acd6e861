package io.surge.algo.dqn;

import io.surge.agent.Restartable;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.channel.StagedPublisher;
import io.surge.env.VectorEnv;
import io.surge.experience.NStepAdder;
import io.surge.experience.RecordBatch;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EpisodeReports;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.nn.Policies;
import io.surge.util.Rng;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.Supplier;

/**
 * A value-based actor (DQN, Ape-X): steps a vector of environments with an ε-greedy policy over
 * its own copy of the Q-network, turns the steps into n-step transitions (with Ape-X's initial
 * priorities from its own Q-values when asked), and publishes them to the experience ring in
 * slots of up to K records. Every {@code paramSyncSteps} vector steps it copies the learner's
 * newest parameters.
 *
 * <p>Back-pressure: with {@code ring.full=wait} a full ring keeps the records in the actor's
 * local batch and the actor stops stepping until they are published (counted); with
 * {@code drop} they are discarded (counted).
 *
 * <p>Threading: an Agrona agent on its own thread (or the invoker). Allocation-free per step.
 */
final class QActor implements Agent, Restartable
{
    private final int index;
    private final Supplier<VectorEnv> envFactory;
    private final QPolicy policy;
    private final ParameterStore store;
    private final NStepAdder adder;
    private final boolean computePriorities;
    private final StagedPublisher publisher;
    private final RecordBatch local;
    private final EpsilonSchedule epsilon;
    private final long seed;
    private final int stepsPerCycle;
    private final int paramSyncSteps;
    private final EpisodeReports episodes;
    private final AtomicCounter envSteps;
    private final AtomicCounter episodesCounter;
    private final AtomicCounter parameterLag;
    private final AtomicCounter droppedReports;
    private final LatencyRecorder stepLatency;
    private final LatencyRecorder inferenceLatency;
    private final Rng rng;

    private VectorEnv env;
    private int numEnvs;
    private int obsSize;
    private int actions;
    private int[] chosen;
    private float[] qTaken;
    private float[] finalObs;
    private boolean started;
    /** Q-values of the current observations when the last step computed them (valid until the next forward). */
    private float[] cachedQ;
    private long vectorSteps;
    private long ownEnvSteps;
    private int generation;

    QActor(
        final int index,
        final Supplier<VectorEnv> envFactory,
        final QPolicy policy,
        final ParameterStore store,
        final NStepAdder adder,
        final boolean computePriorities,
        final Ring<ExperienceSlot> ring,
        final boolean dropWhenFull,
        final int slotRecords,
        final EpsilonSchedule epsilon,
        final long seed,
        final int stepsPerCycle,
        final int paramSyncSteps,
        final EpisodeReports episodes,
        final RunCounters counters,
        final AtomicCounter droppedReports,
        final LatencyRecorder stepLatency,
        final LatencyRecorder inferenceLatency)
    {
        this.index = index;
        this.envFactory = envFactory;
        this.policy = policy;
        this.store = store;
        this.adder = adder;
        this.computePriorities = computePriorities;
        this.epsilon = epsilon;
        this.seed = seed;
        this.stepsPerCycle = stepsPerCycle;
        this.paramSyncSteps = paramSyncSteps;
        this.episodes = episodes;
        this.envSteps = counters.get(EngineCounter.ENV_STEPS);
        this.episodesCounter = counters.get(EngineCounter.EPISODES);
        this.parameterLag = counters.get(EngineCounter.PARAMETER_LAG);
        this.droppedReports = droppedReports;
        this.stepLatency = stepLatency;
        this.inferenceLatency = inferenceLatency;
        this.rng = new Rng(Rng.deriveSeed(seed, 0xAC7_0000L));
        this.env = envFactory.get();
        this.numEnvs = env.numEnvs();
        this.obsSize = env.observationSize();
        this.actions = policy.actions();
        this.chosen = new int[numEnvs];
        this.qTaken = new float[numEnvs];
        this.finalObs = new float[obsSize];
        // Room for a full slot plus everything one more cycle's last step can write.
        final int localRecords = slotRecords + numEnvs * adder.maxRecordsPerStep() * 2;
        this.publisher = new StagedPublisher(ring, adder.descriptor().recordLength(), slotRecords, localRecords, index,
            dropWhenFull, counters.get(EngineCounter.BACK_PRESSURE), counters.get(EngineCounter.DROPPED_MESSAGES));
        this.local = publisher.batch();
    }

    @Override
    public void onStart()
    {
        startEpisodes();
    }

    private void startEpisodes()
    {
        env.reset(Rng.deriveSeed(seed, generation));
        final float[] obs = env.observations();
        for (int i = 0; i < numEnvs; i++)
        {
            adder.begin(i, obs, i * obsSize);
        }
        local.reset();
        policy.sync();
        cachedQ = null;
        started = true;
    }

    @Override
    public int doWork()
    {
        if (!started)
        {
            startEpisodes();
        }
        if (local.count() > 0 && !publisher.flush())
        {
            return 0;
        }
        int steps = 0;
        while (steps < stepsPerCycle)
        {
            step();
            steps++;
            if (publisher.slotFull() && !publisher.flush())
            {
                break;
            }
        }
        envSteps.getAndAddRelease((long)steps * numEnvs);
        return steps;
    }

    private void step()
    {
        if (vectorSteps % paramSyncSteps == 0)
        {
            final long before = policy.version();
            policy.sync();
            final long lag = store.version() - policy.version();
            if (policy.version() != before)
            {
                cachedQ = null;
            }
            parameterLag.setRelease(lag);
        }
        final float[] obs = env.observations();
        long start;
        final float[] q;
        if (cachedQ != null)
        {
            // The Q-values of these observations were computed for the last step's priorities.
            q = cachedQ;
        }
        else
        {
            start = System.nanoTime();
            q = policy.q(obs, numEnvs);
            inferenceLatency.record(System.nanoTime() - start);
        }
        final double eps = epsilon.value(ownEnvSteps);
        for (int i = 0; i < numEnvs; i++)
        {
            final int a = Policies.epsilonGreedy(q, i * actions, actions, eps, rng);
            chosen[i] = a;
            qTaken[i] = q[i * actions + a];
        }
        start = System.nanoTime();
        env.step(chosen);
        stepLatency.record(System.nanoTime() - start);
        float[] next = null;
        cachedQ = null;
        if (computePriorities)
        {
            start = System.nanoTime();
            next = policy.q(env.observations(), numEnvs);
            inferenceLatency.record(System.nanoTime() - start);
            cachedQ = next;
        }
        final double[] rewards = env.rewards();
        final boolean[] terminated = env.terminated();
        final boolean[] truncated = env.truncated();
        for (int i = 0; i < numEnvs; i++)
        {
            if (computePriorities)
            {
                final double nextValue = env.hasFinal(i) ? Double.NaN : max(next, i * actions, actions);
                adder.values(i, qTaken[i], nextValue);
            }
            if (env.hasFinal(i))
            {
                env.finalObservation(i, finalObs, 0);
                adder.step(i, chosen[i], (float)rewards[i], terminated[i], truncated[i], finalObs, 0, local);
                adder.begin(i, obs, i * obsSize);
                if (!episodes.offer(index, env.finalLength(i), env.finalReturn(i)))
                {
                    droppedReports.increment();
                }
                episodesCounter.increment();
            }
            else
            {
                adder.step(i, chosen[i], (float)rewards[i], false, false, obs, i * obsSize, local);
            }
        }
        vectorSteps++;
        ownEnvSteps += numEnvs;
    }

    private static double max(final float[] q, final int off, final int n)
    {
        float best = q[off];
        for (int j = 1; j < n; j++)
        {
            best = Math.max(best, q[off + j]);
        }
        return best;
    }

    /**
     * The exploration generator's state, for the final checkpoint (call only when the actor's
     * thread has stopped).
     *
     * @param out receives four words.
     */
    void saveRng(final long[] out)
    {
        rng.saveState(out, 0);
    }

    /**
     * Restores the exploration generator (resume, before the actor starts).
     *
     * @param in four words from {@link #saveRng(long[])}.
     */
    void restoreRng(final long[] in)
    {
        rng.restoreState(in, 0);
    }

    @Override
    public void restart()
    {
        generation++;
        env.close();
        env = envFactory.get();
        started = false;
    }

    @Override
    public void onClose()
    {
        env.close();
    }

    @Override
    public String roleName()
    {
        return "actor-" + index;
    }
}
