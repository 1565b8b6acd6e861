package io.surge.algo.impala;

import com.lmax.disruptor.EventPoller;
import io.surge.algo.returns.VTrace;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.experience.TrajectoryDescriptor;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.nn.Gradients;
import io.surge.nn.Losses;
import io.surge.nn.Network;
import io.surge.nn.Optimizer;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backend;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Arrays;

/**
 * The IMPALA learner: takes unrolls from the actors' queue, lays B of them out time-major
 * ({@code [T, B]}, row {@code t·B + b}), and makes one update per batch:
 * <pre>
 *   one forward pass over x_0..x_T of every unroll: logits π(·|x_s) and values V(x_s); V(x_T) bootstraps
 *   ρ_s = π(a_s|x_s) / μ(a_s|x_s)                    (log π − log μ, μ recorded by the actor)
 *   v_s, A_s = V-trace(ρ̄, c̄, ρ̄_pg, λ)              (VTrace.fromLogProbs; targets are constants)
 *   L = Σ_{t,b} [ −A_s log π(a_s|x_s) + c_v (v_s − V(x_s))² − c_H H(π(·|x_s)) ]      (summed over [T, B], as scalable_agent)
 * </pre>
 * then clips the gradient by global norm, steps the optimizer (RMSProp as in the paper, or Adam),
 * and publishes the parameters (every {@code publishPeriod} updates; the version counts
 * publications). Each unroll's policy lag, the learner's version when the unroll is used minus the
 * version that acted, goes into a histogram and the run's counters.
 *
 * <p>A non-finite loss or gradient stops the learner before the optimizer step (the weights stay
 * the last good ones) with the update number in the message.
 *
 * <p>Threading: an Agrona agent on the learner's thread; the statistics getters are read from the
 * control thread (volatile), {@link #lagHistogram()} only after the learner stopped.
 * Allocation-free per update.
 */
final class ImpalaLearner implements Agent
{
    /** Weight of the newest update in the statistics' moving averages. */
    static final double STATS_WEIGHT = 0.05;
    private static final long MAX_LAG = 1L << 40;

    private final Network network;
    private final float[] params;
    private final float[] grads;
    private final Optimizer optimizer;
    private final Backend backend;
    private final Workspace workspace;
    private final VTrace vtrace;
    private final int unroll;
    private final int batch;
    private final int actions;
    private final int rowLength;
    private final int obsSize;
    private final TrajectoryDescriptor descriptor;
    private final float baselineCost;
    private final float entropyCost;
    private final double gradClip;
    private final int publishPeriod;
    private final float learningRate;
    private final long annealFrames;

    // The batch, time-major: observations rows t·B + b for t in [0, T] (row T·B + b is x_T of unroll b).
    private final float[] observations;
    private final int[] actionsTaken;
    private final float[] rewards;
    private final float[] discounts;
    private final float[] behaviourLogProbs;
    private final long[] behaviourVersions;
    private final float[] targetLogProbs;
    private final float[] values;
    private final float[] bootstrapValues;
    private final float[] vs;
    private final float[] pgAdvantages;
    private final float[] dOutput;
    private int filled;

    private final Ring<ExperienceSlot> queue;
    private final ParameterStore store;
    private final AtomicCounter updatesCounter;
    private final AtomicCounter versionCounter;
    private final AtomicCounter unrollsCounter;
    private final AtomicCounter lagSumCounter;
    private final AtomicCounter lagMaxCounter;
    private final LatencyRecorder updateLatency;
    private final LatencyRecorder publishLatency;
    private final Histogram lagHistogram = new Histogram(MAX_LAG, 3);
    private final Checkpointing checkpointing;
    private final EventPoller.Handler<ExperienceSlot> onSlot = this::onSlot;

    private long updates;
    private long version;
    private long unrolls;
    private long lagSum;
    private long lagMax;
    private int work;

    private volatile double lossEma = Double.NaN;
    private volatile double pgLossEma = Double.NaN;
    private volatile double baselineLossEma = Double.NaN;
    private volatile double entropyEma = Double.NaN;
    private volatile double gradNormEma = Double.NaN;
    private volatile double rhoEma = Double.NaN;
    private volatile double lastLearningRate;

    /** Hook for periodic checkpoints, called on the learner's thread after an update. */
    interface Checkpointing
    {
        /**
         * Called after each update.
         *
         * @param updates the update count.
         */
        void afterUpdate(long updates);
    }

    /**
     * Makes the learner.
     *
     * @param network       the policy/value network.
     * @param params        its parameters (the learner's own; published copies go to the store).
     * @param optimizer     the optimizer over {@code params}.
     * @param workspace     a training workspace of at least (T + 1)·B rows.
     * @param vtrace        V-trace with the run's thresholds and λ.
     * @param descriptor    the unroll layout.
     * @param batch         B, unrolls per update.
     * @param baselineCost  c_v.
     * @param entropyCost   c_H.
     * @param gradClip      global-norm clip (0: none).
     * @param publishPeriod updates between publications.
     * @param annealFrames  frames over which the learning rate falls linearly to 0 (0: constant).
     * @param queue         the unroll queue.
     * @param store         where parameters are published.
     * @param counters      the run's counters.
     * @param unrollsCounter unrolls consumed.
     * @param lagSumCounter  sum of policy lags.
     * @param lagMaxCounter  largest policy lag.
     * @param updateLatency  latency of an update.
     * @param publishLatency latency of a publication.
     * @param checkpointing  periodic checkpoints, or null.
     * @param startUpdates   updates made before (a resumed run), else 0.
     * @param startVersion   parameter version published before (a resumed run), else 0.
     */
    ImpalaLearner(
        final Network network,
        final float[] params,
        final Optimizer optimizer,
        final Workspace workspace,
        final VTrace vtrace,
        final TrajectoryDescriptor descriptor,
        final int batch,
        final double baselineCost,
        final double entropyCost,
        final double gradClip,
        final int publishPeriod,
        final long annealFrames,
        final Ring<ExperienceSlot> queue,
        final ParameterStore store,
        final RunCounters counters,
        final AtomicCounter unrollsCounter,
        final AtomicCounter lagSumCounter,
        final AtomicCounter lagMaxCounter,
        final LatencyRecorder updateLatency,
        final LatencyRecorder publishLatency,
        final Checkpointing checkpointing,
        final long startUpdates,
        final long startVersion)
    {
        this.updates = startUpdates;
        this.version = startVersion;
        this.unroll = descriptor.unrollLength();
        this.batch = batch;
        if (workspace.maxBatch() * workspace.maxSteps() < (unroll + 1) * batch || !workspace.training())
        {
            throw new IllegalArgumentException("the learner needs a training workspace of (T + 1) * B = " +
                (unroll + 1) * batch + " rows");
        }
        if (!descriptor.discrete() || descriptor.stateSize() != 0 || descriptor.observationSize() != network.inputSize())
        {
            throw new IllegalArgumentException("unroll layout does not fit the network: discrete actions, no recurrent " +
                "state and " + network.inputSize() + " floats per observation needed");
        }
        this.network = network;
        this.params = params;
        this.grads = new float[params.length];
        this.optimizer = optimizer;
        this.workspace = workspace;
        this.backend = workspace.backend();
        this.vtrace = vtrace;
        this.descriptor = descriptor;
        this.rowLength = network.outputSize();
        this.actions = rowLength - 1;
        this.obsSize = descriptor.observationSize();
        this.baselineCost = (float)baselineCost;
        this.entropyCost = (float)entropyCost;
        this.gradClip = gradClip;
        this.publishPeriod = publishPeriod;
        this.learningRate = optimizer.learningRate();
        this.lastLearningRate = learningRate;
        this.annealFrames = annealFrames;
        final int n = unroll * batch;
        this.observations = new float[(unroll + 1) * batch * obsSize];
        this.actionsTaken = new int[n];
        this.rewards = new float[n];
        this.discounts = new float[n];
        this.behaviourLogProbs = new float[n];
        this.behaviourVersions = new long[batch];
        this.targetLogProbs = new float[n];
        this.values = new float[n];
        this.bootstrapValues = new float[batch];
        this.vs = new float[n];
        this.pgAdvantages = new float[n];
        this.dOutput = new float[(unroll + 1) * batch * rowLength];
        this.queue = queue;
        this.store = store;
        this.version = store.version();
        this.updatesCounter = counters.get(EngineCounter.LEARNER_UPDATES);
        this.versionCounter = counters.get(EngineCounter.PARAMETER_VERSION);
        this.unrollsCounter = unrollsCounter;
        this.lagSumCounter = lagSumCounter;
        this.lagMaxCounter = lagMaxCounter;
        this.updateLatency = updateLatency;
        this.publishLatency = publishLatency;
        this.checkpointing = checkpointing;
    }

    @Override
    public int doWork()
    {
        work = 0;
        queue.poll(onSlot);
        return work;
    }

    private boolean onSlot(final ExperienceSlot slot, final long sequence, final boolean endOfBatch)
    {
        boolean updated = false;
        for (int r = 0; r < slot.count; r++)
        {
            add(slot.buffer, r * slot.recordLength);
            if (filled == batch)
            {
                update();
                updated = true;
                work++;
            }
        }
        // After an update, let the duty cycle end (other roles run in invoker mode); the rest of
        // this slot is already in the next batch.
        return !updated;
    }

    /**
     * Copies one unroll into column {@code filled} of the batch.
     *
     * @param buffer the record's buffer.
     * @param at     the record's offset.
     */
    void add(final DirectBuffer buffer, final int at)
    {
        final int length = buffer.getShort(at + TrajectoryDescriptor.LENGTH_OFFSET);
        if (length != unroll)
        {
            throw new IllegalStateException("unroll of " + length + " steps where T = " + unroll);
        }
        final int b = filled;
        behaviourVersions[b] = buffer.getLong(at + TrajectoryDescriptor.POLICY_VERSION_OFFSET);
        final int obsAt = at + descriptor.observationsOffset();
        for (int t = 0; t <= unroll; t++)
        {
            final int src = obsAt + 4 * t * obsSize;
            final int dst = (t * batch + b) * obsSize;
            for (int k = 0; k < obsSize; k++)
            {
                observations[dst + k] = buffer.getFloat(src + 4 * k);
            }
        }
        final int actionsAt = at + descriptor.actionsOffset();
        final int rewardsAt = at + descriptor.rewardsOffset();
        final int discountsAt = at + descriptor.discountsOffset();
        final int logProbsAt = at + descriptor.logProbsOffset();
        for (int t = 0; t < unroll; t++)
        {
            final int i = t * batch + b;
            final int action = buffer.getInt(actionsAt + 4 * t);
            if (action < 0 || action >= actions)
            {
                throw new IllegalStateException("action " + action + " outside [0, " + actions + ") in an unroll");
            }
            actionsTaken[i] = action;
            rewards[i] = buffer.getFloat(rewardsAt + 4 * t);
            discounts[i] = buffer.getFloat(discountsAt + 4 * t);
            behaviourLogProbs[i] = buffer.getFloat(logProbsAt + 4 * t);
        }
        filled++;
    }

    /** One update on the full batch. */
    void update()
    {
        final long start = System.nanoTime();
        final int n = unroll * batch;
        for (int b = 0; b < batch; b++)
        {
            final long lag = Math.max(0, version - behaviourVersions[b]);
            lagHistogram.recordValue(Math.min(lag, MAX_LAG));
            lagSum += lag;
            lagMax = Math.max(lagMax, lag);
        }
        unrolls += batch;
        filled = 0;

        // π(·|x_s) and V(x_s) for s in [0, T]; the bootstrap rows are the last B.
        final float[] out = network.forward(params, workspace, observations, 0, (unroll + 1) * batch);
        for (int i = 0; i < n; i++)
        {
            values[i] = out[i * rowLength + actions];
        }
        for (int b = 0; b < batch; b++)
        {
            bootstrapValues[b] = out[(n + b) * rowLength + actions];
        }
        Losses.actionLogProbs(out, 0, n, actions, rowLength, actionsTaken, 0, targetLogProbs, 0);
        vtrace.fromLogProbs(unroll, batch, targetLogProbs, behaviourLogProbs, discounts, rewards, values,
            bootstrapValues, vs, pgAdvantages);

        Arrays.fill(dOutput, 0f);
        // The loss is summed over the T·B steps, as in the paper's implementation: RMSProp's ε and
        // the clipping norm keep their meaning. The statistics report it per step.
        final float scale = 1f;
        final double pgLoss = Losses.policyGradient(out, 0, n, actions, rowLength, actionsTaken, 0, pgAdvantages, 0,
            scale, dOutput, 0);
        // valueBaseline's term is ½(V − v_s)²: scale 2·c_v gives c_v (v_s − V)².
        final double baselineLoss = Losses.valueBaseline(out, actions, rowLength, n, vs, 0, 2f * baselineCost * scale,
            dOutput, actions);
        final double entropy;
        final double entropyLoss;
        if (entropyCost > 0f)
        {
            entropyLoss = Losses.entropy(out, 0, n, actions, rowLength, -entropyCost * scale, dOutput, 0);
            entropy = entropyLoss / -entropyCost / n;
        }
        else
        {
            entropyLoss = 0;
            entropy = meanEntropy(out, n);
        }
        final double loss = pgLoss + baselineLoss + entropyLoss;
        if (!Double.isFinite(loss))
        {
            throw new NonFiniteException("non-finite loss " + loss + " (policy " + pgLoss + ", baseline " + baselineLoss +
                ", entropy " + entropyLoss + ") at update " + (updates + 1) + "; the weights are those after update " + updates);
        }
        Arrays.fill(grads, 0f);
        network.backward(params, grads, workspace, dOutput, 0);
        final double norm = gradClip > 0 ? Gradients.clipByGlobalNorm(backend, grads, gradClip) :
            Gradients.globalNorm(backend, grads);
        if (!Double.isFinite(norm))
        {
            throw new NonFiniteException("non-finite gradient (norm " + norm + ") at update " + (updates + 1) +
                "; the weights are those after update " + updates);
        }
        if (annealFrames > 0)
        {
            final double consumed = (double)updates * n;
            final float lr = (float)(learningRate * Math.max(0.0, 1.0 - consumed / annealFrames));
            optimizer.setLearningRate(lr);
            lastLearningRate = lr;
        }
        optimizer.step(params, grads);
        updates++;
        updatesCounter.setRelease(updates);
        unrollsCounter.setRelease(unrolls);
        lagSumCounter.setRelease(lagSum);
        lagMaxCounter.setRelease(lagMax);

        if (updates % publishPeriod == 0)
        {
            final long publishStart = System.nanoTime();
            version++;
            store.publish(params, version);
            versionCounter.setRelease(version);
            publishLatency.record(System.nanoTime() - publishStart);
        }

        double rhoSum = 0;
        for (int i = 0; i < n; i++)
        {
            rhoSum += Math.exp((double)targetLogProbs[i] - behaviourLogProbs[i]);
        }
        lossEma = ema(lossEma, loss / n);
        pgLossEma = ema(pgLossEma, pgLoss / n);
        baselineLossEma = ema(baselineLossEma, baselineLoss / n);
        entropyEma = ema(entropyEma, entropy);
        gradNormEma = ema(gradNormEma, norm);
        rhoEma = ema(rhoEma, rhoSum / n);
        updateLatency.record(System.nanoTime() - start);
        if (checkpointing != null)
        {
            checkpointing.afterUpdate(updates);
        }
    }

    private static double ema(final double previous, final double value)
    {
        return Double.isNaN(previous) ? value : (1 - STATS_WEIGHT) * previous + STATS_WEIGHT * value;
    }

    private double meanEntropy(final float[] out, final int rows)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            final int row = r * rowLength;
            final double lse = Losses.logSumExp(out, row, actions);
            for (int j = 0; j < actions; j++)
            {
                final double logp = out[row + j] - lse;
                total -= Math.exp(logp) * logp;
            }
        }
        return total / rows;
    }

    /**
     * Unrolls in the batch being filled.
     *
     * @return the count.
     */
    int filled()
    {
        return filled;
    }

    long updates()
    {
        return updates;
    }

    long version()
    {
        return version;
    }

    long unrolls()
    {
        return unrolls;
    }

    float[] params()
    {
        return params;
    }

    Optimizer optimizer()
    {
        return optimizer;
    }

    /**
     * The gradient of the last update, after clipping.
     *
     * @return the vector.
     */
    float[] grads()
    {
        return grads;
    }

    float[] vs()
    {
        return vs;
    }

    float[] pgAdvantages()
    {
        return pgAdvantages;
    }

    double lossEma()
    {
        return lossEma;
    }

    double pgLossEma()
    {
        return pgLossEma;
    }

    double baselineLossEma()
    {
        return baselineLossEma;
    }

    double entropyEma()
    {
        return entropyEma;
    }

    double gradNormEma()
    {
        return gradNormEma;
    }

    double rhoEma()
    {
        return rhoEma;
    }

    double learningRate()
    {
        return lastLearningRate;
    }

    /**
     * The policy-lag histogram (versions); read only after the learner stopped.
     *
     * @return the histogram.
     */
    Histogram lagHistogram()
    {
        return lagHistogram;
    }

    @Override
    public String roleName()
    {
        return "learner";
    }

    /** NaN or infinity in a loss or gradient. */
    static final class NonFiniteException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        NonFiniteException(final String message)
        {
            super(message);
        }
    }
}
