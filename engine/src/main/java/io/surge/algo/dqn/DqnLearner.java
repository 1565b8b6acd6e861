package io.surge.algo.dqn;

import com.lmax.disruptor.EventPoller;
import io.surge.channel.ParameterStore;
import io.surge.channel.PrioritySlot;
import io.surge.channel.Ring;
import io.surge.channel.SampleSlot;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.nn.Gradients;
import io.surge.nn.Losses;
import io.surge.nn.Network;
import io.surge.nn.Optimizer;
import io.surge.nn.Policies;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backend;
import io.surge.replay.SampleBatch;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The DQN / Ape-X learner: takes prefetched sample batches from the replay, minimises the
 * (importance-weighted) Huber loss of the n-step double-Q target, clips the gradient by global
 * norm, steps the optimizer, sends the new |δ| back to the replay, updates the target network
 * (hard copy every {@code targetPeriod} updates, or Polyak averaging with τ &lt; 1) and publishes
 * its parameters.
 *
 * <pre>
 *   y_i = G_i + γ_i^k · Q_target(s'_i, argmax_a Q_online(s'_i, a))     (double DQN; γ^k = 0 after a termination)
 *   L   = (1/B) Σ_i w_i · huber(Q_online(s_i, a_i) − y_i)
 * </pre>
 *
 * <p>A non-finite loss or gradient stops the learner before the optimizer step (so the weights
 * stay the last good ones) with the update number in the message.
 *
 * <p>Threading: an Agrona agent on the learner's thread; {@link #lossEma()} and the counters are
 * read from other threads. Allocation-free per update.
 */
final class DqnLearner implements Agent
{
    private final Network network;
    private final float[] params;
    private final float[] grads;
    private final float[] target;
    private final Optimizer optimizer;
    private final Backend backend;
    private final Workspace online;
    private final Workspace nextOnline;
    private final Workspace nextTarget;
    private final float[] dq;
    private final float[] targets;
    private final float[] absTd;
    private final int actions;
    private final boolean doubleQ;
    private final boolean prioritized;
    private final float huberDelta;
    private final double gradClip;
    private final int targetPeriod;
    private final float tau;
    private final int publishPeriod;
    private final Ring<SampleSlot> samples;
    private final Ring<PrioritySlot> priorities;
    private final ParameterStore store;
    private final AtomicCounter updatesCounter;
    private final AtomicCounter versionCounter;
    private final LatencyRecorder updateLatency;
    private final LatencyRecorder publishLatency;
    private final LatencyRecorder sampleTransit;
    private final Checkpointing checkpointing;
    private final EventPoller.Handler<SampleSlot> onBatch = this::onBatch;

    private long updates;
    private long version;
    private boolean prioritiesPending;
    private long[] pendingIds;
    private int pendingCount;
    private int work;
    private volatile double lossEma = Double.NaN;
    private volatile double qMeanEma = Double.NaN;

    /** Hook for periodic checkpoints, called on the learner's thread. */
    interface Checkpointing
    {
        void afterUpdate(long updates);
    }

    DqnLearner(
        final Network network,
        final float[] params,
        final float[] target,
        final Optimizer optimizer,
        final Workspace online,
        final int maxBatch,
        final boolean doubleQ,
        final boolean prioritized,
        final float huberDelta,
        final double gradClip,
        final int targetPeriod,
        final float tau,
        final int publishPeriod,
        final Ring<SampleSlot> samples,
        final Ring<PrioritySlot> priorities,
        final ParameterStore store,
        final long startUpdates,
        final RunCounters counters,
        final LatencyRecorder updateLatency,
        final LatencyRecorder publishLatency,
        final LatencyRecorder sampleTransit,
        final Checkpointing checkpointing)
    {
        this.network = network;
        this.params = params;
        this.grads = new float[params.length];
        this.target = target;
        this.optimizer = optimizer;
        this.online = online;
        this.backend = online.backend();
        this.nextOnline = network.newWorkspace(maxBatch, 1, false, backend);
        this.nextTarget = network.newWorkspace(maxBatch, 1, false, backend);
        this.actions = network.outputSize();
        this.dq = new float[maxBatch * actions];
        this.targets = new float[maxBatch];
        this.absTd = new float[maxBatch];
        this.pendingIds = new long[maxBatch];
        this.doubleQ = doubleQ;
        this.prioritized = prioritized;
        this.huberDelta = huberDelta;
        this.gradClip = gradClip;
        this.targetPeriod = targetPeriod;
        this.tau = tau;
        this.publishPeriod = publishPeriod;
        this.samples = samples;
        this.priorities = priorities;
        this.store = store;
        this.updates = startUpdates;
        this.version = store.version();
        this.updatesCounter = counters.get(EngineCounter.LEARNER_UPDATES);
        this.versionCounter = counters.get(EngineCounter.PARAMETER_VERSION);
        this.updateLatency = updateLatency;
        this.publishLatency = publishLatency;
        this.sampleTransit = sampleTransit;
        this.checkpointing = checkpointing;
    }

    @Override
    public int doWork()
    {
        work = 0;
        if (prioritiesPending && !sendPriorities())
        {
            return 0;
        }
        samples.poll(onBatch);
        return work;
    }

    private boolean onBatch(final SampleSlot slot, final long sequence, final boolean endOfBatch)
    {
        final SampleBatch batch = slot.batch;
        if (batch.size() > 0)
        {
            sampleTransit.record(System.nanoTime() - slot.publishedNs);
            update(batch);
            work++;
            if (prioritized)
            {
                System.arraycopy(batch.ids, 0, pendingIds, 0, batch.size());
                pendingCount = batch.size();
                prioritiesPending = true;
                return sendPriorities();
            }
        }
        return true;
    }

    private boolean sendPriorities()
    {
        final long seq = priorities.tryClaim();
        if (seq < 0)
        {
            return false;
        }
        try
        {
            final PrioritySlot slot = priorities.slot(seq);
            System.arraycopy(pendingIds, 0, slot.ids, 0, pendingCount);
            System.arraycopy(absTd, 0, slot.tdErrors, 0, pendingCount);
            slot.count = pendingCount;
        }
        finally
        {
            priorities.publish(seq);
        }
        prioritiesPending = false;
        return true;
    }

    void update(final SampleBatch batch)
    {
        final long start = System.nanoTime();
        final int b = batch.size();
        final float[] q = network.forward(params, online, batch.observations, 0, b);
        final float[] qNextTarget = network.forward(target, nextTarget, batch.nextObservations, 0, b);
        if (doubleQ)
        {
            final float[] qNextOnline = network.forward(params, nextOnline, batch.nextObservations, 0, b);
            Losses.doubleQTargets(qNextOnline, 0, qNextTarget, 0, b, actions, batch.returns, 0,
                batch.bootstrapDiscounts, 0, targets, 0);
        }
        else
        {
            for (int i = 0; i < b; i++)
            {
                final int best = Policies.argmax(qNextTarget, i * actions, actions);
                targets[i] = batch.returns[i] + batch.bootstrapDiscounts[i] * qNextTarget[i * actions + best];
            }
        }
        java.util.Arrays.fill(dq, 0, b * actions, 0f);
        final double loss = Losses.tdHuber(q, 0, b, actions, batch.actions, 0, targets, 0,
            prioritized ? batch.weights : null, 0, huberDelta, 1f / b, dq, 0, absTd, 0);
        if (!Double.isFinite(loss))
        {
            throw new NonFiniteException("non-finite loss " + loss + " at update " + (updates + 1) +
                "; the weights are those after update " + updates);
        }
        double qSum = 0;
        for (int i = 0; i < b; i++)
        {
            qSum += q[i * actions + batch.actions[i]];
        }
        java.util.Arrays.fill(grads, 0f);
        network.backward(params, grads, online, dq, 0);
        final double norm = gradClip > 0 ? Gradients.clipByGlobalNorm(backend, grads, gradClip) :
            Gradients.globalNorm(backend, grads);
        if (!Double.isFinite(norm))
        {
            throw new NonFiniteException("non-finite gradient (norm " + norm + ") at update " + (updates + 1) +
                "; the weights are those after update " + updates);
        }
        optimizer.step(params, grads);
        updates++;
        updatesCounter.setRelease(updates);

        if (tau < 1f)
        {
            if (updates % targetPeriod == 0)
            {
                for (int i = 0; i < target.length; i++)
                {
                    target[i] += tau * (params[i] - target[i]);
                }
            }
        }
        else if (updates % targetPeriod == 0)
        {
            System.arraycopy(params, 0, target, 0, params.length);
        }
        if (updates % publishPeriod == 0)
        {
            final long publishStart = System.nanoTime();
            version++;
            store.publish(params, version);
            versionCounter.setRelease(version);
            publishLatency.record(System.nanoTime() - publishStart);
        }
        final double previous = lossEma;
        lossEma = Double.isNaN(previous) ? loss : 0.99 * previous + 0.01 * loss;
        final double qMean = qSum / b;
        final double previousQ = qMeanEma;
        qMeanEma = Double.isNaN(previousQ) ? qMean : 0.99 * previousQ + 0.01 * qMean;
        updateLatency.record(System.nanoTime() - start);
        if (checkpointing != null)
        {
            checkpointing.afterUpdate(updates);
        }
    }

    /**
     * Exponential moving average (0.99) of the loss.
     *
     * @return the average, NaN before the first update.
     */
    double lossEma()
    {
        return lossEma;
    }

    /**
     * Exponential moving average (0.99) of Q(s, a) of the sampled pairs.
     *
     * @return the average, NaN before the first update.
     */
    double qMeanEma()
    {
        return qMeanEma;
    }

    long updates()
    {
        return updates;
    }

    long version()
    {
        return version;
    }

    float[] params()
    {
        return params;
    }

    float[] target()
    {
        return target;
    }

    Optimizer optimizer()
    {
        return optimizer;
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
