package io.surge.algo.impala;

import io.surge.agent.Algorithm;
import io.surge.agent.BestWeights;
import io.surge.agent.EvalTarget;
import io.surge.agent.Evaluator;
import io.surge.agent.IdleStrategies;
import io.surge.agent.Role;
import io.surge.agent.RunContext;
import io.surge.algo.random.RandomAlgorithm;
import io.surge.algo.returns.VTrace;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.checkpoint.CheckpointStore;
import io.surge.checkpoint.ResumePoint;
import io.surge.config.ConfigException;
import io.surge.config.CoreKeys;
import io.surge.config.LearningKeys;
import io.surge.config.RunConfig;
import io.surge.config.RuntimeKeys;
import io.surge.env.Env;
import io.surge.env.Space;
import io.surge.env.VectorEnv;
import io.surge.experience.TrajectoryDescriptor;
import io.surge.metrics.EngineCounter;
import io.surge.nn.Adam;
import io.surge.nn.Network;
import io.surge.nn.Optimizer;
import io.surge.nn.RmsProp;
import io.surge.nn.Sgd;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;
import io.surge.nn.io.Checkpoints;
import io.surge.util.Rng;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The builder of {@code algo=impala} (Espeholt et al. 2018, "IMPALA: Scalable Distributed Deep-RL
 * with Importance Weighted Actor-Learner Architectures"): from the configuration it makes the
 * policy/value network, the parameter store, the bounded unroll queue (a Disruptor ring, many
 * actors to one learner), the actors, the learner and the evaluator, in the fixed order actors,
 * learner, evaluator. There is no replay: each unroll is used by exactly one update.
 */
public final class ImpalaAlgorithm implements Algorithm
{
    private static final List<String> COLUMNS = List.of(
        "updates", "updates_per_s", "unrolls_per_s", "loss", "pg_loss", "baseline_loss", "entropy", "grad_norm",
        "rho_mean", "policy_lag_mean", "policy_lag_max", "queue_occupancy", "back_pressure", "param_version", "lr",
        "eval_return_mean", "eval_episodes", "eval_best");

    private final RunContext context;
    private final Network network;
    private final ImpalaLearner learner;
    private final Evaluator evaluator;
    private final Ring<ExperienceSlot> queue;
    private final List<Role> roles = new ArrayList<>();
    private final AtomicCounter updatesCounter;
    private final AtomicCounter unrollsCounter;
    private final AtomicCounter lagSumCounter;
    private final AtomicCounter lagMaxCounter;
    private final AtomicCounter backPressure;
    private final AtomicCounter checkpointsCounter;
    private final CheckpointStore checkpoints;
    private final int checkpointInterval;
    private final EvalTarget target;
    private final int resumes;
    private final long startNs = System.nanoTime();
    private long lastUpdates;
    private long lastUnrolls;
    private long lastLagSum;
    private long lastReportNs = System.nanoTime();
    private long lastEvalCompleted;

    /**
     * Builds a run.
     *
     * @param context the run.
     */
    public ImpalaAlgorithm(final RunContext context)
    {
        this.context = context;
        final RunConfig config = context.config();
        final long seed = config.get(CoreKeys.SEED);
        final Supplier<Env> envFactory = RandomAlgorithm.envFactory(config);
        final Env probe = envFactory.get();
        final Space observationSpace = probe.observationSpace();
        if (!(probe.actionSpace() instanceof Space.Discrete discrete))
        {
            probe.close();
            throw new ConfigException("algo=impala needs a discrete action space; " + config.get(CoreKeys.ENV_ID) +
                " has " + probe.actionSpace());
        }
        probe.close();
        final int obsSize = observationSpace.flatSize();
        // Deterministic runs compute with the scalar kernels: the Vector API kernels' float results
        // (reduceLanes(ADD) order, lanewise EXP/TANH) differ between interpreted and C2-compiled
        // code, so with them two runs with one seed part ways once the JIT compiles at another time.
        final boolean scalar = config.get(CoreKeys.DETERMINISTIC);
        final Supplier<Backend> backends = scalar ? Backends::cpuScalar : Backends::cpu;

        network = ImpalaNetworks.build(config, observationSpace, discrete.n());
        final float[] params = network.newParameters();
        network.initialize(params, Rng.deriveSeed(seed, 0x1E7L));
        // A resumed run continues from the checkpoint's weights, optimizer state, update count
        // (the learning-rate schedule goes on from it) and parameter version.
        final ResumePoint start = ResumePoint.of(context.resumeCheckpoint());
        resumes = start.resumes();
        final int unroll = config.get(ImpalaKeys.UNROLL_LENGTH);
        final int batch = config.get(LearningKeys.BATCH_SIZE);
        // The learner's workspace and optimizer come first so a resumed run loads weights and
        // optimizer state in one read, before the store publishes the weights.
        final Workspace workspace = network.newWorkspace((unroll + 1) * batch, 1, true, backends.get());
        final Optimizer optimizer = optimizer(config, workspace, params.length);
        start.load("learner.ckpt", network, params, optimizer);
        final ParameterStore store = new ParameterStore(params, start.parameterVersion());
        final double gamma = config.get(ImpalaKeys.GAMMA);
        final int actorsCount = config.get(CoreKeys.ACTORS);
        final int envsPerActor = config.get(CoreKeys.ENVS_PER_ACTOR);
        final TrajectoryDescriptor descriptor = new TrajectoryDescriptor(obsSize, 0, 0, unroll);
        final int slotRecords = Math.min(envsPerActor, config.get(RuntimeKeys.EXPERIENCE_BATCH));
        final int queueSlots = config.get(ImpalaKeys.QUEUE_SLOTS);
        if (Integer.bitCount(queueSlots) != 1)
        {
            throw new ConfigException(config.where(ImpalaKeys.QUEUE_SLOTS) + ": key '" + ImpalaKeys.QUEUE_SLOTS.name() +
                "': value '" + queueSlots + "' is not a power of two; allowed: " + ImpalaKeys.QUEUE_SLOTS.allowed() +
                ", a power of two");
        }
        queue = new Ring<>("unrolls", () -> new ExperienceSlot(descriptor.recordLength(), slotRecords), queueSlots,
            actorsCount > 1);
        final String memory = String.format(Locale.ROOT,
            "unroll queue: %d slots x %d unrolls x %,d bytes (T=%d, %d floats per observation) = %,.1f MiB",
            queueSlots, slotRecords, descriptor.recordLength(), unroll, obsSize,
            (double)queueSlots * slotRecords * descriptor.recordLength() / (1 << 20));
        context.events().event("queue", memory);
        if (context.out() != null)
        {
            context.out().println(memory);
        }

        // Actors.
        final boolean dropWhenFull = "drop".equals(config.get(RuntimeKeys.RING_FULL));
        final boolean truncationBootstrap = config.get(ImpalaKeys.TRUNCATION_BOOTSTRAP);
        final AtomicCounter droppedReports = context.counters().register("episode reports dropped");
        final AtomicCounter bootstraps = context.counters().register("impala truncation bootstraps");
        for (int i = 0; i < actorsCount; i++)
        {
            final ImpalaActor actor = new ImpalaActor(i, () -> new VectorEnv(envsPerActor, envFactory),
                new ImpalaPolicy(network, store, envsPerActor, backends.get()), store, descriptor, gamma, truncationBootstrap, queue,
                dropWhenFull, slotRecords, Rng.deriveSeed(seed, 1000 + i), config.get(RuntimeKeys.ACTOR_STEPS_PER_CYCLE),
                context.episodes(), context.counters(), droppedReports, bootstraps,
                context.latency("actor" + i + "_env_step"), context.latency("actor" + i + "_inference"));
            roles.add(new Role(actor, IdleStrategies.of(config.get(CoreKeys.IDLE_ACTOR)), true));
        }

        // Learner.
        final VTrace vtrace = new VTrace(config.get(ImpalaKeys.CLIP_RHO_THRESHOLD), config.get(ImpalaKeys.CLIP_C_THRESHOLD),
            config.get(ImpalaKeys.CLIP_PG_RHO_THRESHOLD), config.get(ImpalaKeys.LAMBDA));
        checkpoints = new CheckpointStore(context.directory().checkpointsDir(), config.get(RuntimeKeys.CHECKPOINT_KEEP));
        checkpointInterval = config.get(RuntimeKeys.CHECKPOINT_INTERVAL);
        checkpointsCounter = context.counters().get(EngineCounter.CHECKPOINTS);
        unrollsCounter = context.counters().register("impala unrolls consumed");
        lagSumCounter = context.counters().register("impala policy lag sum");
        lagMaxCounter = context.counters().register("impala policy lag max");
        learner = new ImpalaLearner(network, params, optimizer, workspace, vtrace, descriptor, batch,
            config.get(ImpalaKeys.BASELINE_COST), config.get(ImpalaKeys.ENTROPY_COST), config.get(LearningKeys.GRAD_CLIP),
            config.get(RuntimeKeys.PUBLISH_PERIOD), config.get(ImpalaKeys.LR_ANNEAL_FRAMES), queue, store,
            context.counters(), unrollsCounter, lagSumCounter, lagMaxCounter, context.latency("learner_update"),
            context.latency("parameter_publish"), checkpointInterval > 0 ? this::periodicCheckpoint : null, start.updates(),
            start.parameterVersion());
        roles.add(new Role(learner, IdleStrategies.of(config.get(CoreKeys.IDLE_LEARNER)), false));

        // Evaluator: greedy (argmax of the logits).
        updatesCounter = context.counters().get(EngineCounter.LEARNER_UPDATES);
        backPressure = context.counters().get(EngineCounter.BACK_PRESSURE);
        final int evalEnvs = config.get(RuntimeKeys.EVAL_ENVS);
        evaluator = new Evaluator(new VectorEnv(evalEnvs, envFactory), new ImpalaPolicy(network, store, evalEnvs, backends.get()),
            config.get(RuntimeKeys.EVAL_EPISODES), config.get(RuntimeKeys.EVAL_INTERVAL), updatesCounter::get,
            Rng.deriveSeed(seed, 0xE7A1L), 16, context.counters());
        if (config.get(RuntimeKeys.CHECKPOINT_BEST))
        {
            final AtomicCounter envSteps = context.counters().get(EngineCounter.ENV_STEPS);
            evaluator.onNewBest(new BestWeights(checkpoints, network, "impala", updatesCounter::get, envSteps::get,
                context.events()));
        }
        roles.add(new Role(evaluator, IdleStrategies.of(config.get(CoreKeys.IDLE_EVALUATOR)), false));
        target = new EvalTarget(config.get(RuntimeKeys.EVAL_TARGET), startNs, config.get(RuntimeKeys.CHECKPOINT_BEST));
        context.events().event("network", network.describe().replace('\n', ';'));
    }

    static Optimizer optimizer(final RunConfig config, final Workspace workspace, final int size)
    {
        final float lr = config.get(LearningKeys.LR).floatValue();
        return switch (config.get(LearningKeys.OPTIMIZER))
        {
            case "adam" -> new Adam(workspace.backend(), size, lr, 0.9f, 0.999f, config.get(LearningKeys.ADAM_EPS).floatValue());
            case "rmsprop" -> new RmsProp(workspace.backend(), size, lr, config.get(ImpalaKeys.RMSPROP_DECAY).floatValue(),
                config.get(ImpalaKeys.RMSPROP_MOMENTUM).floatValue(), config.get(ImpalaKeys.RMSPROP_EPS).floatValue(), false);
            default -> new Sgd(workspace.backend(), size, lr, 0.9f);
        };
    }

    /**
     * The greedy policy of a checkpoint written by an IMPALA run, for {@code surge eval}.
     *
     * @param config     the run's configuration (it names the environment and the network).
     * @param checkpoint the checkpoint folder.
     * @param maxBatch   observations per forward pass.
     * @return the policy (argmax of the logits).
     * @throws IOException if the checkpoint cannot be read.
     */
    public static ImpalaPolicy loadPolicy(final RunConfig config, final Path checkpoint, final int maxBatch)
        throws IOException
    {
        final Env probe = RandomAlgorithm.envFactory(config).get();
        try
        {
            if (!(probe.actionSpace() instanceof Space.Discrete discrete))
            {
                throw new ConfigException("algo=impala needs a discrete action space; " + config.get(CoreKeys.ENV_ID) +
                    " has " + probe.actionSpace());
            }
            final Network network = ImpalaNetworks.build(config, probe.observationSpace(), discrete.n());
            final float[] params = network.newParameters();
            Checkpoints.load(checkpoint.resolve("learner.ckpt"), network, params, null);
            return new ImpalaPolicy(network, new ParameterStore(params), maxBatch);
        }
        finally
        {
            probe.close();
        }
    }

    private void periodicCheckpoint(final long updates)
    {
        if (updates % checkpointInterval == 0)
        {
            writeCheckpoint(updates);
        }
    }

    private void writeCheckpoint(final long updates)
    {
        try
        {
            final Path tmp = checkpoints.begin(updates);
            final Map<String, String> metadata = new HashMap<>();
            metadata.put("updates", Long.toString(updates));
            metadata.put("algo", "impala");
            Checkpoints.save(tmp.resolve("learner.ckpt"), network, learner.params(), learner.optimizer(), metadata);
            final Map<String, String> state = new HashMap<>();
            state.put("updates", Long.toString(updates));
            state.put("parameter_version", Long.toString(learner.version()));
            state.put("resumes", Integer.toString(resumes));
            for (final EngineCounter c : EngineCounter.values())
            {
                state.put("counter." + c.name().toLowerCase(Locale.ROOT), Long.toString(context.counters().get(c).get()));
            }
            checkpoints.commit(tmp, updates, state);
            checkpointsCounter.increment();
            context.events().event("checkpoint", "update " + updates);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("checkpoint at update " + updates + " failed", ex);
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
        final long unrolls = unrollsCounter.get();
        final long lagSum = lagSumCounter.get();
        final long now = System.nanoTime();
        final double seconds = Math.max(1e-9, (now - lastReportNs) / 1e9);
        int c = offset;
        row[c++] = updates;
        row[c++] = (updates - lastUpdates) / seconds;
        row[c++] = (unrolls - lastUnrolls) / seconds;
        row[c++] = learner.lossEma();
        row[c++] = learner.pgLossEma();
        row[c++] = learner.baselineLossEma();
        row[c++] = learner.entropyEma();
        row[c++] = learner.gradNormEma();
        row[c++] = learner.rhoEma();
        row[c++] = unrolls > lastUnrolls ? (double)(lagSum - lastLagSum) / (unrolls - lastUnrolls) : Double.NaN;
        row[c++] = lagMaxCounter.get();
        row[c++] = queue.occupancy();
        row[c++] = backPressure.get();
        row[c++] = context.counters().get(EngineCounter.PARAMETER_VERSION).get();
        row[c++] = learner.learningRate();
        final boolean fresh = evaluator.completed() > lastEvalCompleted;
        lastEvalCompleted = evaluator.completed();
        row[c++] = fresh ? evaluator.lastMean() : Double.NaN;
        row[c++] = fresh ? evaluator.episodes() : Double.NaN;
        row[c] = evaluator.bestMean();
        lastUpdates = updates;
        lastUnrolls = unrolls;
        lastLagSum = lagSum;
        lastReportNs = now;
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
        if (!failed && config.get(RuntimeKeys.EVAL_AT_END) && evaluator.lastVersion() != learner.version())
        {
            evaluator.evaluateNow();
        }
        writeCheckpoint(learner.updates());
        writeLagHistogram();
    }

    private void writeLagHistogram()
    {
        final Path file = context.directory().latencyDir().resolve("policy_lag.hgrm");
        try
        {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file);
                PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8))
            {
                final Histogram h = learner.lagHistogram();
                ps.println("# policy lag per unroll: learner parameter version when used minus the version that acted; " +
                    "values in versions, count " + h.getTotalCount());
                h.outputPercentileDistribution(ps, 1.0);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    @Override
    public List<String> summary()
    {
        final List<String> lines = new ArrayList<>();
        final double elapsed = (System.nanoTime() - startNs) / 1e9;
        lines.add(String.format(Locale.ROOT, "  learner updates %,d (%,.1f/s)  unrolls %,d (%,.0f/s)  parameter version %d",
            learner.updates(), learner.updates() / Math.max(1e-9, elapsed), learner.unrolls(),
            learner.unrolls() / Math.max(1e-9, elapsed), learner.version()));
        final Histogram lag = learner.lagHistogram();
        if (lag.getTotalCount() > 0)
        {
            lines.add(String.format(Locale.ROOT, "  policy lag (versions): mean %.2f  p50 %d  p99 %d  max %d",
                lag.getMean(), lag.getValueAtPercentile(50), lag.getValueAtPercentile(99), lag.getMaxValue()));
        }
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
        return evaluator.bestMean();
    }

    /**
     * The last evaluation mean.
     *
     * @return the mean, NaN before the first evaluation.
     */
    public double lastEvaluation()
    {
        return evaluator.lastMean();
    }
}
