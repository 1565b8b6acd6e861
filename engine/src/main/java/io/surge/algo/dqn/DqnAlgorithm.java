package io.surge.algo.dqn;

import io.surge.agent.Algorithm;
import io.surge.agent.BestWeights;
import io.surge.agent.EvalTarget;
import io.surge.agent.Evaluator;
import io.surge.agent.IdleStrategies;
import io.surge.agent.ReplayAgent;
import io.surge.agent.Role;
import io.surge.agent.RunContext;
import io.surge.algo.random.RandomAlgorithm;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.PrioritySlot;
import io.surge.channel.Ring;
import io.surge.channel.SampleSlot;
import io.surge.channel.aeron.AeronBridges;
import io.surge.channel.aeron.ExperienceFormat;
import io.surge.channel.aeron.ProcessRoles;
import io.surge.checkpoint.CheckpointStore;
import io.surge.checkpoint.ResumePoint;
import io.surge.config.ConfigException;
import io.surge.config.CoreKeys;
import io.surge.config.LearningKeys;
import io.surge.config.RunConfig;
import io.surge.config.RuntimeKeys;
import io.surge.config.TransportKeys;
import io.surge.env.Env;
import io.surge.env.Space;
import io.surge.env.VectorEnv;
import io.surge.experience.NStepAdder;
import io.surge.metrics.EngineCounter;
import io.surge.nn.Adam;
import io.surge.nn.Network;
import io.surge.nn.Optimizer;
import io.surge.nn.RmsProp;
import io.surge.nn.Sgd;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backends;
import io.surge.nn.io.Checkpoints;
import io.surge.replay.LinearSchedule;
import io.surge.replay.PrioritizedReplay;
import io.surge.replay.RateLimiter;
import io.surge.replay.Replay;
import io.surge.replay.ReplayConfig;
import io.surge.replay.ReplayKind;
import io.surge.replay.SampleBatch;
import io.surge.replay.UniformReplay;
import io.surge.util.Rng;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The builder of {@code algo=dqn} and {@code algo=apex}: from the configuration it makes the
 * Q-network, the parameter store, the replay with its rate limiter, the three rings (experience,
 * samples, priorities), the actors, the replay role, the learner and the evaluator, in the fixed
 * order actors, replay, learner, evaluator.
 * <ul>
 *   <li>DQN (Mnih et al. 2015; double Q of van Hasselt et al. 2016; dueling of Wang et al. 2016):
 *   a linear ε schedule, uniform or prioritized replay, and the replay ratio of
 *   {@code dqn.train_frequency} / {@code dqn.gradient_steps} enforced by the rate limiter.</li>
 *   <li>Ape-X (Horgan et al. 2018): N actors with ε_i = ε^(1 + i·α/(N−1)), initial priorities from
 *   the actors' own Q-values, prioritized replay, the learner as fast as it goes.</li>
 * </ul>
 */
public final class DqnAlgorithm implements Algorithm
{
    private static final List<String> COLUMNS = List.of(
        "updates", "updates_per_s", "loss", "q_mean", "replay_size", "param_version", "experience_ring",
        "eval_return_mean", "eval_episodes", "eval_best");

    private final RunContext context;
    private final boolean apex;
    private final Network network;
    private final DqnLearner learner;
    private final Evaluator evaluator;
    private final ReplayAgent replayAgent;
    private final List<Role> roles = new ArrayList<>();
    private final AtomicCounter updatesCounter;
    private final AtomicCounter replaySize;
    private final AtomicCounter checkpointsCounter;
    private final CheckpointStore checkpoints;
    private final int checkpointInterval;
    private final EvalTarget target;
    private final long startNs = System.nanoTime();
    private final RateLimiter limiter;
    private final List<QActor> actors = new ArrayList<>();
    private final AeronBridges bridges;
    private final Ring<ExperienceSlot> experienceRing;
    private final int resumes;
    private long lastUpdates;
    private long lastReportNs = System.nanoTime();
    private long lastEvalCompleted;

    /**
     * Builds a run.
     *
     * @param context the run.
     * @param apex    true for Ape-X, false for DQN.
     */
    public DqnAlgorithm(final RunContext context, final boolean apex)
    {
        this.context = context;
        this.apex = apex;
        final RunConfig config = context.config();
        final long seed = config.get(CoreKeys.SEED);
        final Supplier<Env> envFactory = RandomAlgorithm.envFactory(config);
        final Env probe = envFactory.get();
        final Space observationSpace = probe.observationSpace();
        if (!(probe.actionSpace() instanceof Space.Discrete discrete))
        {
            probe.close();
            throw new ConfigException("algo=" + (apex ? "apex" : "dqn") + " needs a discrete action space; " +
                config.get(CoreKeys.ENV_ID) + " has " + probe.actionSpace());
        }
        probe.close();
        final int actions = discrete.n();
        final int obsSize = observationSpace.flatSize();

        // Which roles this process runs (roles=): all of them, or a part of a multi-process run
        // whose other parts are reached through Aeron bridges.
        final ProcessRoles here = ProcessRoles.from(config);
        final boolean single = here.single();
        if (!single)
        {
            try
            {
                here.requireReplayWithLearner();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ConfigException(config.where(TransportKeys.ROLES) + ": key 'roles': " + ex.getMessage());
            }
        }
        final boolean hasActors = single || here.actors();
        final boolean hasLearner = single || here.learner();
        final boolean hasEvaluator = single || here.evaluator();

        network = QNetworks.build(config, observationSpace, actions);
        final float[] params = network.newParameters();
        network.initialize(params, Rng.deriveSeed(seed, 0x1E7L));
        final float[] targetParams = params.clone();
        final ResumePoint start = ResumePoint.of(context.resumeCheckpoint());
        final Path resume = start.checkpoint();
        final int generation = start.resumes();
        resumes = generation;
        start.load("learner.ckpt", network, params, null);
        start.load("target.ckpt", network, targetParams, null);
        final ParameterStore store = new ParameterStore(params, start.parameterVersion());

        final int batchSize = config.get(LearningKeys.BATCH_SIZE);
        final int nStep = config.get(LearningKeys.N_STEP);
        final double gamma = config.get(LearningKeys.GAMMA);
        final boolean prioritized = "prioritized".equals(config.get(LearningKeys.REPLAY_KIND));
        final ReplayKind kind = prioritized ? ReplayKind.PRIORITIZED : ReplayKind.UNIFORM;
        final int actorsCount = hasActors ? config.get(CoreKeys.ACTORS) : 0;
        final int envsPerActor = config.get(CoreKeys.ENVS_PER_ACTOR);
        final int firstActor = config.get(TransportKeys.FIRST_ACTOR);
        final int totalActors = config.isSet(TransportKeys.TOTAL_ACTORS) ?
            config.get(TransportKeys.TOTAL_ACTORS) : firstActor + config.get(CoreKeys.ACTORS);
        final ReplayConfig replayConfig = ReplayConfig.of(obsSize, 0, config.get(LearningKeys.REPLAY_CAPACITY))
            .withNStep(nStep)
            .withGamma(gamma)
            .withAlpha(config.get(LearningKeys.REPLAY_ALPHA))
            .withBeta(new LinearSchedule(config.get(LearningKeys.REPLAY_BETA_START), 1.0,
                config.get(LearningKeys.REPLAY_BETA_BATCHES)))
            .withEpsilon(config.get(LearningKeys.REPLAY_PRIORITY_EPS))
            .withMaxStreams(Math.max(ReplayConfig.DEFAULT_MAX_STREAMS, totalActors * envsPerActor))
            .withMemoryBudgetBytes((long)config.get(LearningKeys.REPLAY_BUDGET_MB) << 20)
            .withSeed(Rng.deriveSeed(seed, 0x4E91A7L));
        final Replay replay;
        if (hasLearner)
        {
            try
            {
                replayConfig.checkMemory(kind);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ConfigException(config.where(LearningKeys.REPLAY_CAPACITY) + ": " + ex.getMessage());
            }
            context.events().event("replay", replayConfig.describeMemory(kind).replace('\n', ';'));
            if (context.out() != null)
            {
                context.out().println(replayConfig.describeMemory(kind));
            }
            final Path replaySnapshot = resume == null ? null : resume.resolve("replay.snapshot");
            if (replaySnapshot != null && java.nio.file.Files.exists(replaySnapshot))
            {
                try
                {
                    replay = prioritized ? PrioritizedReplay.restore(replayConfig, replaySnapshot) :
                        UniformReplay.restore(replayConfig, replaySnapshot);
                }
                catch (final io.surge.replay.ReplaySnapshotException ex)
                {
                    throw new IllegalStateException("cannot restore the replay from " + replaySnapshot + ": " + ex.getMessage(), ex);
                }
                context.events().event("resume", "replay restored with " + replay.size() + " records");
            }
            else
            {
                replay = prioritized ? new PrioritizedReplay(replayConfig) : new UniformReplay(replayConfig);
            }

            final double spi = samplesPerInsert(config, apex, batchSize);
            final int minSize = config.get(LearningKeys.REPLAY_MIN_SIZE);
            final RateLimiter limiter;
            if (spi <= 0)
            {
                limiter = RateLimiter.minSize(minSize);
            }
            else
            {
                final Double errorBuffer = config.get(LearningKeys.REPLAY_ERROR_BUFFER);
                final double buffer = errorBuffer != null ? errorBuffer : Math.max(spi * 100, 2.0 * batchSize);
                limiter = RateLimiter.sampleToInsertRatio(spi, minSize, buffer);
            }
            if (start.state().containsKey("limiter") && replay.size() > 0)
            {
                limiter.restoreState(parseWords(start.state().get("limiter")));
            }
            this.limiter = limiter;
        }
        else
        {
            replay = null;
            this.limiter = null;
        }

        final int slotRecords = config.get(RuntimeKeys.EXPERIENCE_BATCH);
        final int recordLength = replayConfig.descriptor().recordLength();
        final Ring<ExperienceSlot> experience = new Ring<>("experience",
            () -> new ExperienceSlot(recordLength, slotRecords), powerOfTwo(config, RuntimeKeys.EXPERIENCE_SLOTS), true);
        experienceRing = experience;
        final int prefetch = powerOfTwo(config, RuntimeKeys.SAMPLE_PREFETCH);
        final Ring<SampleSlot> samples = new Ring<>("samples",
            () -> new SampleSlot(SampleBatch.forConfig(batchSize, replayConfig)), prefetch, false);
        final Ring<PrioritySlot> priorities = new Ring<>("priorities",
            () -> new PrioritySlot(batchSize), Integer.highestOneBit(prefetch) * 4, false);

        // Actors. Their indices are global over the processes of a run (actors.first_index): they
        // name the replay's streams and set Ape-X's per-actor epsilons.
        final boolean dropWhenFull = "drop".equals(config.get(RuntimeKeys.RING_FULL));
        final AtomicCounter droppedReports = context.counters().register("episode reports dropped");
        for (int local = 0; local < actorsCount; local++)
        {
            final int i = firstActor + local;
            final EpsilonSchedule epsilon = apex ?
                EpsilonSchedule.constant(EpsilonSchedule.apex(config.get(LearningKeys.APEX_EPS),
                    config.get(LearningKeys.APEX_ALPHA), i, totalActors)) :
                new EpsilonSchedule(config.get(LearningKeys.EPS_START), config.get(LearningKeys.EPS_END),
                    Math.max(1, config.get(LearningKeys.EPS_DECAY_STEPS) / totalActors));
            final NStepAdder adder = new NStepAdder(replayConfig.descriptor(), envsPerActor, nStep, gamma, i * envsPerActor);
            final QActor actor = new QActor(i, () -> new VectorEnv(envsPerActor, envFactory),
                new QPolicy(network, store, envsPerActor), store, adder, apex && prioritized, experience,
                dropWhenFull, slotRecords, epsilon, Rng.deriveSeed(Rng.deriveSeed(seed, 1000 + i), generation),
                config.get(RuntimeKeys.ACTOR_STEPS_PER_CYCLE), config.get(RuntimeKeys.PARAM_SYNC_STEPS),
                context.episodes(), context.counters(), droppedReports,
                context.latency("actor" + i + "_env_step"), context.latency("actor" + i + "_inference"));
            final String savedRng = start.state().get("rng.actor-" + i);
            if (savedRng != null)
            {
                actor.restoreRng(parseWords(savedRng));
            }
            actors.add(actor);
            roles.add(new Role(actor, IdleStrategies.of(config.get(CoreKeys.IDLE_ACTOR)), true));
        }

        checkpoints = new CheckpointStore(context.directory().checkpointsDir(), config.get(RuntimeKeys.CHECKPOINT_KEEP));
        checkpointInterval = config.get(RuntimeKeys.CHECKPOINT_INTERVAL);
        checkpointsCounter = context.counters().get(EngineCounter.CHECKPOINTS);
        if (hasLearner)
        {
            replayAgent = new ReplayAgent(replay, limiter, experience, samples, priorities, batchSize, slotRecords,
                context.counters(), context);
            roles.add(new Role(replayAgent, IdleStrategies.of(config.get(CoreKeys.IDLE_REPLAY)), false));

            final Workspace online = network.newWorkspace(batchSize, 1, true, Backends.cpu());
            final Optimizer optimizer = optimizer(config, online, params.length);
            start.load("learner.ckpt", network, params, optimizer);
            learner = new DqnLearner(network, params, targetParams, optimizer, online, batchSize,
            config.get(LearningKeys.DOUBLE), prioritized, config.get(LearningKeys.HUBER_DELTA).floatValue(),
            config.get(LearningKeys.GRAD_CLIP), config.get(LearningKeys.TARGET_PERIOD),
            config.get(LearningKeys.TAU).floatValue(), config.get(RuntimeKeys.PUBLISH_PERIOD), samples, priorities, store,
            start.updates(), context.counters(), context.latency("learner_update"), context.latency("parameter_publish"),
            context.latency("sample_transit"),
                checkpointInterval > 0 ? this::periodicCheckpoint : null);
            roles.add(new Role(learner, IdleStrategies.of(config.get(CoreKeys.IDLE_LEARNER)), false));
        }
        else
        {
            replayAgent = null;
            learner = null;
        }

        updatesCounter = context.counters().get(EngineCounter.LEARNER_UPDATES);
        replaySize = context.counters().get(EngineCounter.REPLAY_SIZE);
        if (hasEvaluator)
        {
            // Without a local learner, the parameter version (one per learner update by default)
            // paces the evaluations.
            final java.util.function.LongSupplier progress = hasLearner ? updatesCounter::get : store::version;
            final int evalEnvs = config.get(RuntimeKeys.EVAL_ENVS);
            evaluator = new Evaluator(new VectorEnv(evalEnvs, envFactory), new QPolicy(network, store, evalEnvs),
                config.get(RuntimeKeys.EVAL_EPISODES), config.get(RuntimeKeys.EVAL_INTERVAL), progress,
                Rng.deriveSeed(seed, 0xE7A1L), 16, context.counters());
            if (config.get(RuntimeKeys.CHECKPOINT_BEST))
            {
                final AtomicCounter envSteps = context.counters().get(EngineCounter.ENV_STEPS);
                evaluator.onNewBest(new BestWeights(checkpoints, network, config.get(CoreKeys.ALGO), updatesCounter::get,
                    envSteps::get, context.events()));
            }
            roles.add(new Role(evaluator, IdleStrategies.of(config.get(CoreKeys.IDLE_EVALUATOR)), false));
        }
        else
        {
            evaluator = null;
        }

        if (!single)
        {
            bridges = AeronBridges.launch(config, context.counters(), context.errorHandler(), context.events());
            for (final Agent agent : bridges.offPolicy(experience, ExperienceFormat.transitions(recordLength, slotRecords),
                store, actorsCount, context.latency("parameter_broadcast")))
            {
                roles.add(new Role(agent, bridges.newIdleStrategy(), false));
            }
        }
        else
        {
            bridges = null;
        }
        target = new EvalTarget(config.get(RuntimeKeys.EVAL_TARGET), startNs, config.get(RuntimeKeys.CHECKPOINT_BEST));
        context.events().event("network", network.describe().replace('\n', ';'));
    }

    /**
     * The greedy policy of a checkpoint, for {@code surge eval}.
     *
     * @param config     the run's configuration.
     * @param checkpoint the checkpoint folder.
     * @param maxBatch   observations per forward pass.
     * @return the policy.
     * @throws IOException if the checkpoint cannot be read.
     */
    public static QPolicy loadPolicy(final RunConfig config, final Path checkpoint, final int maxBatch) throws IOException
    {
        final Env probe = RandomAlgorithm.envFactory(config).get();
        try
        {
            final int actions = ((Space.Discrete)probe.actionSpace()).n();
            final Network network = QNetworks.build(config, probe.observationSpace(), actions);
            final float[] params = network.newParameters();
            Checkpoints.load(checkpoint.resolve("learner.ckpt"), network, params, null);
            return new QPolicy(network, new ParameterStore(params), maxBatch);
        }
        finally
        {
            probe.close();
        }
    }

    private static double samplesPerInsert(final RunConfig config, final boolean apex, final int batchSize)
    {
        final Double explicit = config.get(LearningKeys.REPLAY_SPI);
        if (explicit != null)
        {
            return explicit;
        }
        if (apex)
        {
            return 0;
        }
        return (double)batchSize * config.get(LearningKeys.GRADIENT_STEPS) / config.get(LearningKeys.TRAIN_FREQUENCY);
    }

    private static int powerOfTwo(final RunConfig config, final io.surge.config.Key<Integer> key)
    {
        final int value = config.get(key);
        if (Integer.bitCount(value) != 1)
        {
            throw new ConfigException(config.where(key) + ": key '" + key.name() + "': value '" + value +
                "' is not a power of two; allowed: " + key.allowed() + ", a power of two");
        }
        return value;
    }

    private static Optimizer optimizer(final RunConfig config, final Workspace workspace, final int size)
    {
        final float lr = config.get(LearningKeys.LR).floatValue();
        final float eps = config.get(LearningKeys.ADAM_EPS).floatValue();
        return switch (config.get(LearningKeys.OPTIMIZER))
        {
            case "adam" -> new Adam(workspace.backend(), size, lr, 0.9f, 0.999f, eps);
            case "rmsprop" -> new RmsProp(workspace.backend(), size, lr, 0.99f, 0f, eps, true);
            default -> new Sgd(workspace.backend(), size, lr, 0.9f);
        };
    }

    private void periodicCheckpoint(final long updates)
    {
        if (updates % checkpointInterval == 0)
        {
            writeCheckpoint(updates, false);
        }
    }

    private static String join(final long[] words)
    {
        final StringBuilder sb = new StringBuilder();
        for (final long v : words)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private static long[] parseWords(final String text)
    {
        final String[] parts = text.split(",");
        final long[] words = new long[parts.length];
        for (int k = 0; k < parts.length; k++)
        {
            words[k] = Long.parseLong(parts[k]);
        }
        return words;
    }

    private void writeCheckpoint(final long updates, final boolean withReplay)
    {
        writeCheckpoint(updates, withReplay, false);
    }

    private void writeCheckpoint(final long updates, final boolean withReplay, final boolean finalCheckpoint)
    {
        try
        {
            final Path tmp = checkpoints.begin(updates);
            final Map<String, String> metadata = new HashMap<>();
            metadata.put("updates", Long.toString(updates));
            metadata.put("algo", apex ? "apex" : "dqn");
            Checkpoints.save(tmp.resolve("learner.ckpt"), network, learner.params(), learner.optimizer(), metadata);
            Checkpoints.save(tmp.resolve("target.ckpt"), network, learner.target(), null, metadata);
            if (withReplay)
            {
                writeReplaySnapshot(tmp.resolve("replay.snapshot"));
            }
            final Map<String, String> state = new HashMap<>();
            state.put("updates", Long.toString(updates));
            state.put("parameter_version", Long.toString(learner.version()));
            state.put("resumes", Integer.toString(resumes));
            state.put("algo", apex ? "apex" : "dqn");
            if (finalCheckpoint)
            {
                // Every role has stopped: the actors' exploration streams can be read safely.
                final long[] words = new long[4];
                for (int i = 0; i < actors.size(); i++)
                {
                    actors.get(i).saveRng(words);
                    state.put("rng.actor-" + i, join(words));
                }
            }
            if (withReplay)
            {
                final long[] limiterState = new long[8];
                limiter.saveState(limiterState);
                state.put("limiter", join(limiterState));
            }
            for (final EngineCounter c : EngineCounter.values())
            {
                state.put("counter." + c.name().toLowerCase(Locale.ROOT), Long.toString(context.counters().get(c).get()));
            }
            checkpoints.commit(tmp, updates, state);
            checkpointsCounter.increment();
            context.events().event("checkpoint", "update " + updates + (withReplay ? " with replay" : ""));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("checkpoint at update " + updates + " failed", ex);
        }
    }

    private void writeReplaySnapshot(final Path file) throws IOException
    {
        final Replay replay = replayAgent.replay();
        final io.surge.replay.SnapshotWriter writer;
        if (replay instanceof PrioritizedReplay p)
        {
            writer = p.beginSnapshot(file);
        }
        else
        {
            writer = ((UniformReplay)replay).beginSnapshot(file);
        }
        while (!writer.isDone())
        {
            writer.doWork();
        }
    }

    @Override
    public List<Role> roles()
    {
        return roles;
    }

    @Override
    public List<String> metricColumns()
    {
        return COLUMNS;
    }

    @Override
    public void metricValues(final double[] row, final int offset)
    {
        final long updates = updatesCounter.get();
        final long now = System.nanoTime();
        row[offset] = updates;
        row[offset + 1] = (updates - lastUpdates) / Math.max(1e-9, (now - lastReportNs) / 1e9);
        lastUpdates = updates;
        lastReportNs = now;
        row[offset + 2] = learner == null ? Double.NaN : learner.lossEma();
        row[offset + 3] = learner == null ? Double.NaN : learner.qMeanEma();
        row[offset + 4] = replaySize.get();
        row[offset + 5] = context.counters().get(EngineCounter.PARAMETER_VERSION).get();
        row[offset + 6] = experienceRing.occupancy();
        final boolean fresh = evaluator != null && evaluator.completed() > lastEvalCompleted;
        lastEvalCompleted = evaluator == null ? 0 : evaluator.completed();
        row[offset + 7] = fresh ? evaluator.lastMean() : Double.NaN;
        row[offset + 8] = fresh ? evaluator.episodes() : Double.NaN;
        row[offset + 9] = evaluator == null ? Double.NaN : evaluator.bestMean();
    }

    @Override
    public boolean done()
    {
        return target.check(evaluator, context.counters().get(EngineCounter.ENV_STEPS).get(), context.events());
    }

    @Override
    public void finish(final boolean failed)
    {
        final RunConfig config = context.config();
        if (!failed && evaluator != null && learner != null && config.get(RuntimeKeys.EVAL_AT_END) &&
            evaluator.lastVersion() != learner.version())
        {
            evaluator.evaluateNow();
        }
        if (learner != null)
        {
            writeCheckpoint(learner.updates(), config.get(RuntimeKeys.CHECKPOINT_REPLAY), true);
        }
    }

    @Override
    public List<String> summary()
    {
        final List<String> lines = new ArrayList<>();
        if (learner == null || evaluator == null)
        {
            return lines;
        }
        final double elapsed = (System.nanoTime() - startNs) / 1e9;
        lines.add(String.format(Locale.ROOT, "  learner updates %,d (%,.0f/s)  parameter version %d",
            learner.updates(), learner.updates() / Math.max(1e-9, elapsed), learner.version()));
        target.summarize(evaluator, lines);
        return lines;
    }


    /**
     * The best evaluation mean so far.
     *
     * @return the mean, NaN before the first evaluation.
     */
    public double bestEvaluation()
    {
        return evaluator == null ? Double.NaN : evaluator.bestMean();
    }

    @Override
    public void close()
    {
        if (bridges != null)
        {
            bridges.close();
        }
    }
}
