package io.surge.algo.impala;

import io.surge.agent.Restartable;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.channel.StagedPublisher;
import io.surge.env.VectorEnv;
import io.surge.experience.RecordBatch;
import io.surge.experience.TrajectoryAdder;
import io.surge.experience.TrajectoryDescriptor;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EpisodeReports;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.nn.Losses;
import io.surge.nn.Policies;
import io.surge.util.Rng;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.Supplier;

/**
 * An IMPALA actor: steps a vector of N environments with its behaviour policy μ (actions sampled
 * from the softmax of its own copy of the network's logits), records each step with
 * log μ(a_t|x_t) and the parameter version that acted, and every T vector steps sends the N
 * finished unrolls ({@link TrajectoryDescriptor}) to the learner's bounded queue. At the start of
 * every unroll it copies the learner's newest parameters (as the paper's actors do), so every step
 * of an unroll comes from one parameter version.
 *
 * <p><b>Episode ends.</b> Unrolls run across episodes. A terminated step has discount 0. A
 * truncated step (a time limit) also has discount 0 in the record, but with
 * {@code truncationBootstrap} the actor adds γ·V_μ(x_final) to its reward, computed by its own
 * network on the episode's final observation: V-trace's target at that step is then
 * {@code V + ρ̃(r + γ V_μ(x_final) − V)}, a bootstrap from the state the episode was cut in.
 *
 * <p><b>Back-pressure.</b> With {@code ring.full=wait} a full queue keeps the unrolls in the
 * actor's local batch and the actor stops stepping until they are published (each failed attempt
 * is counted); with {@code drop} they are discarded and counted.
 *
 * <p>Threading: an Agrona agent on its own thread (or the invoker). Allocation-free per step.
 */
final class ImpalaActor implements Agent, Restartable
{
    private static final float[] NO_STATE = new float[0];

    private final int index;
    private final Supplier<VectorEnv> envFactory;
    private final ImpalaPolicy policy;
    private final ParameterStore store;
    private final TrajectoryDescriptor descriptor;
    private final double gamma;
    private final boolean truncationBootstrap;
    private final long seed;
    private final int stepsPerCycle;
    private final EpisodeReports episodes;
    private final AtomicCounter envSteps;
    private final AtomicCounter episodesCounter;
    private final AtomicCounter parameterLag;
    private final AtomicCounter droppedReports;
    private final AtomicCounter bootstraps;
    private final LatencyRecorder stepLatency;
    private final LatencyRecorder inferenceLatency;
    private final Rng rng;
    private final int unrollLength;
    private final StagedPublisher publisher;
    private final RecordBatch local;

    private VectorEnv env;
    private final int numEnvs;
    private final int obsSize;
    private final int actions;
    private final int rowLength;
    private final int[] chosen;
    private final float[] logProbs;
    private final float[] bootstrapValues;
    private final float[] bootstrapObs;
    private final int[] bootstrapEnvs;
    private TrajectoryAdder adder;
    private boolean started;
    private int unrollStep;
    private int generation;

    ImpalaActor(
        final int index,
        final Supplier<VectorEnv> envFactory,
        final ImpalaPolicy policy,
        final ParameterStore store,
        final TrajectoryDescriptor descriptor,
        final double gamma,
        final boolean truncationBootstrap,
        final Ring<ExperienceSlot> ring,
        final boolean dropWhenFull,
        final int slotRecords,
        final long seed,
        final int stepsPerCycle,
        final EpisodeReports episodes,
        final RunCounters counters,
        final AtomicCounter droppedReports,
        final AtomicCounter bootstraps,
        final LatencyRecorder stepLatency,
        final LatencyRecorder inferenceLatency)
    {
        this.index = index;
        this.envFactory = envFactory;
        this.policy = policy;
        this.store = store;
        this.descriptor = descriptor;
        this.gamma = gamma;
        this.truncationBootstrap = truncationBootstrap;
        this.seed = seed;
        this.stepsPerCycle = stepsPerCycle;
        this.episodes = episodes;
        this.envSteps = counters.get(EngineCounter.ENV_STEPS);
        this.episodesCounter = counters.get(EngineCounter.EPISODES);
        this.parameterLag = counters.get(EngineCounter.PARAMETER_LAG);
        this.droppedReports = droppedReports;
        this.bootstraps = bootstraps;
        this.stepLatency = stepLatency;
        this.inferenceLatency = inferenceLatency;
        this.rng = new Rng(Rng.deriveSeed(seed, 0x1AA1AL));
        this.env = envFactory.get();
        this.numEnvs = env.numEnvs();
        this.obsSize = env.observationSize();
        if (obsSize != descriptor.observationSize() || !descriptor.discrete() || descriptor.stateSize() != 0)
        {
            throw new IllegalArgumentException("unroll layout does not fit the environment: observation " + obsSize +
                " floats, discrete actions, no recurrent state needed");
        }
        this.actions = policy.actions();
        this.rowLength = policy.rowLength();
        this.unrollLength = descriptor.unrollLength();
        this.chosen = new int[numEnvs];
        this.logProbs = new float[numEnvs];
        this.bootstrapValues = new float[numEnvs];
        this.bootstrapObs = new float[numEnvs * obsSize];
        this.bootstrapEnvs = new int[numEnvs];
        // Every environment finishes an unroll on the same step: room for N records.
        this.publisher = new StagedPublisher(ring, descriptor.recordLength(), slotRecords, numEnvs, index, dropWhenFull,
            counters.get(EngineCounter.BACK_PRESSURE), counters.get(EngineCounter.DROPPED_MESSAGES));
        this.local = publisher.batch();
    }

    @Override
    public void onStart()
    {
        startEpisodes();
    }

    private void startEpisodes()
    {
        // A fresh adder: a restart must not continue an unroll cut by the error.
        adder = new TrajectoryAdder(descriptor, numEnvs, gamma, index * numEnvs);
        env.reset(Rng.deriveSeed(seed, generation));
        final float[] obs = env.observations();
        for (int i = 0; i < numEnvs; i++)
        {
            adder.begin(i, obs, i * obsSize);
        }
        publisher.discard();
        unrollStep = 0;
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
            if (local.count() > 0 && !publisher.flush())
            {
                break;
            }
        }
        envSteps.getAndAddRelease((long)steps * numEnvs);
        return steps;
    }

    /** One vector step: act, step the environments, record. */
    void step()
    {
        if (unrollStep == 0)
        {
            policy.sync();
            parameterLag.setRelease(store.version() - policy.version());
        }
        final long version = policy.version();
        final float[] obs = env.observations();
        long start = System.nanoTime();
        final float[] out = policy.forward(obs, 0, numEnvs);
        inferenceLatency.record(System.nanoTime() - start);
        for (int i = 0; i < numEnvs; i++)
        {
            chosen[i] = Policies.sampleCategorical(out, i * rowLength, actions, rng);
        }
        Losses.actionLogProbs(out, 0, numEnvs, actions, rowLength, chosen, 0, logProbs, 0);

        start = System.nanoTime();
        env.step(chosen);
        stepLatency.record(System.nanoTime() - start);

        final double[] rewards = env.rewards();
        final boolean[] terminated = env.terminated();
        final boolean[] truncated = env.truncated();
        if (truncationBootstrap)
        {
            bootstrapTruncated(terminated, truncated);
        }
        final float[] finalObs = env.finalObservations();
        for (int i = 0; i < numEnvs; i++)
        {
            if (env.hasFinal(i))
            {
                final boolean cut = truncated[i] && !terminated[i];
                final float reward = (float)rewards[i] + (truncationBootstrap && cut ? bootstrapValues[i] : 0f);
                adder.step(i, NO_STATE, 0, chosen[i], logProbs[i], version, reward, terminated[i], cut,
                    finalObs, i * obsSize, local);
                adder.begin(i, obs, i * obsSize);
                if (!episodes.offer(index, env.finalLength(i), env.finalReturn(i)))
                {
                    droppedReports.increment();
                }
                episodesCounter.increment();
            }
            else
            {
                adder.step(i, NO_STATE, 0, chosen[i], logProbs[i], version, (float)rewards[i], false, false,
                    obs, i * obsSize, local);
            }
        }
        unrollStep = unrollStep + 1 == unrollLength ? 0 : unrollStep + 1;
    }

    /** γ·V_μ(x_final) for every environment truncated (not terminated) in this step, one forward pass. */
    private void bootstrapTruncated(final boolean[] terminated, final boolean[] truncated)
    {
        int count = 0;
        final float[] finalObs = env.finalObservations();
        for (int i = 0; i < numEnvs; i++)
        {
            if (env.hasFinal(i) && truncated[i] && !terminated[i])
            {
                System.arraycopy(finalObs, i * obsSize, bootstrapObs, count * obsSize, obsSize);
                bootstrapEnvs[count++] = i;
            }
        }
        if (count == 0)
        {
            return;
        }
        final long start = System.nanoTime();
        final float[] out = policy.forward(bootstrapObs, 0, count);
        inferenceLatency.record(System.nanoTime() - start);
        for (int k = 0; k < count; k++)
        {
            bootstrapValues[bootstrapEnvs[k]] = (float)(gamma * out[k * rowLength + actions]);
        }
        bootstraps.getAndAddRelease(count);
    }

    /**
     * Unrolls waiting in the local batch (for tests).
     *
     * @return the count.
     */
    int pending()
    {
        return local.count();
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
