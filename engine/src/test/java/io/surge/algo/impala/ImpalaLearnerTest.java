package io.surge.algo.impala;

import io.surge.algo.returns.VTrace;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.experience.TrajectoryDescriptor;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.nn.Network;
import io.surge.nn.Optimizer;
import io.surge.nn.Sgd;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;
import io.surge.util.Rng;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImpalaLearnerTest
{
    private static final int T = 5;
    private static final int OBS = 3;
    private static final int A = 3;

    @TempDir
    Path dir;

    private RunCounters counters;
    private final Network network = Network.builder(OBS).dense(8).tanh().policyValueHead(A).build();
    private final TrajectoryDescriptor layout = new TrajectoryDescriptor(OBS, 0, 0, T);

    @BeforeEach
    void setUp() throws IOException
    {
        counters = RunCounters.create(dir, 1);
    }

    @AfterEach
    void tearDown()
    {
        counters.close();
    }

    private float[] initialParams()
    {
        final float[] params = network.newParameters();
        network.initialize(params, 7);
        // Larger policy weights than the head's 0.01 gain, so π is far from uniform and ρ varies.
        final Rng rng = new Rng(3);
        for (int i = 0; i < params.length; i++)
        {
            params[i] += (float)(0.5 * rng.nextGaussian());
        }
        return params;
    }

    private ImpalaLearner learner(
        final float[] params, final Optimizer optimizer, final VTrace vtrace, final int batch, final double baselineCost,
        final double entropyCost, final double clip, final Ring<ExperienceSlot> queue, final ParameterStore store)
    {
        return learner(params, optimizer, vtrace, batch, baselineCost, entropyCost, clip, queue, store, Backends.cpu());
    }

    private ImpalaLearner learner(
        final float[] params, final Optimizer optimizer, final VTrace vtrace, final int batch, final double baselineCost,
        final double entropyCost, final double clip, final Ring<ExperienceSlot> queue, final ParameterStore store,
        final Backend backend)
    {
        final Workspace ws = network.newWorkspace((T + 1) * batch, 1, true, backend);
        return new ImpalaLearner(network, params, optimizer, ws, vtrace, layout, batch, baselineCost, entropyCost, clip, 1, 0,
            queue, store, counters, counters.register("unrolls"), counters.register("lag sum"), counters.register("lag max"),
            new LatencyRecorder("update"), new LatencyRecorder("publish"), null, 0, 0);
    }

    private static Ring<ExperienceSlot> queue(final TrajectoryDescriptor layout, final int perSlot)
    {
        return new Ring<>("unrolls", () -> new ExperienceSlot(layout.recordLength(), perSlot), 8, false);
    }

    /** Writes one random unroll with an episode end in the middle and behaviour version {@code version}. */
    private void writeUnroll(final MutableDirectBuffer buffer, final int at, final Rng rng, final long version, final int end)
    {
        buffer.setMemory(at, layout.recordLength(), (byte)0);
        buffer.putShort(at + TrajectoryDescriptor.LENGTH_OFFSET, (short)T);
        buffer.putLong(at + TrajectoryDescriptor.POLICY_VERSION_OFFSET, version);
        for (int i = 0; i < (T + 1) * OBS; i++)
        {
            buffer.putFloat(at + layout.observationsOffset() + 4 * i, (float)rng.nextGaussian());
        }
        for (int t = 0; t < T; t++)
        {
            buffer.putInt(at + layout.actionsOffset() + 4 * t, rng.nextInt(A));
            buffer.putFloat(at + layout.rewardsOffset() + 4 * t, (float)rng.nextGaussian());
            buffer.putFloat(at + layout.discountsOffset() + 4 * t, t == end ? 0f : 0.9f);
            // log μ(a_t|x_t) of some behaviour policy: a probability in [0.05, 0.95).
            buffer.putFloat(at + layout.logProbsOffset() + 4 * t, (float)Math.log(0.05 + 0.9 * rng.nextDouble()));
        }
    }

    /** log π(a|x) and V(x) of one unroll's T + 1 observations, in float64 from the float32 outputs. */
    private double[][] outputs(final float[] params, final UnsafeBuffer buffer, final int at)
    {
        final Workspace ws = network.newWorkspace(T + 1, false);
        final float[] obs = new float[(T + 1) * OBS];
        for (int i = 0; i < obs.length; i++)
        {
            obs[i] = buffer.getFloat(at + layout.observationsOffset() + 4 * i);
        }
        final float[] out = network.forward(params, ws, obs, 0, T + 1);
        final double[] logPi = new double[T];
        final double[] v = new double[T + 1];
        final double[] entropy = new double[T];
        for (int t = 0; t <= T; t++)
        {
            v[t] = out[t * (A + 1) + A];
            if (t < T)
            {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < A; j++)
                {
                    max = Math.max(max, out[t * (A + 1) + j]);
                }
                double sum = 0;
                for (int j = 0; j < A; j++)
                {
                    sum += Math.exp(out[t * (A + 1) + j] - max);
                }
                final double lse = max + Math.log(sum);
                logPi[t] = out[t * (A + 1) + buffer.getInt(at + layout.actionsOffset() + 4 * t)] - lse;
                for (int j = 0; j < A; j++)
                {
                    final double lp = out[t * (A + 1) + j] - lse;
                    entropy[t] -= Math.exp(lp) * lp;
                }
            }
        }
        return new double[][] {logPi, v, entropy};
    }

    @Test
    void shouldComputeVTraceTargetsAndAdvantagesOfEachUnrollAsThePaperDefinesThem()
    {
        final int batch = 3;
        final float[] params = initialParams();
        final float[] before = params.clone();
        final ParameterStore store = new ParameterStore(params);
        final double rhoBar = 1.0;
        final double cBar = 0.9;
        final double pgRhoBar = 1.2;
        final ImpalaLearner learner = learner(params, new Sgd(Backends.cpu(), params.length, 0.01f, 0f),
            new VTrace(rhoBar, cBar, pgRhoBar, 1.0), batch, 0.5, 0.01, 0, queue(layout, 4), store);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[batch * layout.recordLength()]);
        final Rng rng = new Rng(11);
        for (int b = 0; b < batch; b++)
        {
            writeUnroll(buffer, b * layout.recordLength(), rng, 0, b == 1 ? 2 : -1);
            learner.add(buffer, b * layout.recordLength());
        }
        learner.update();

        for (int b = 0; b < batch; b++)
        {
            final int at = b * layout.recordLength();
            final double[][] o = outputs(before, buffer, at);
            final double[] logPi = o[0];
            final double[] v = o[1];
            final double[] rho = new double[T];
            final double[] r = new double[T];
            final double[] g = new double[T];
            for (int t = 0; t < T; t++)
            {
                rho[t] = Math.exp(logPi[t] - buffer.getFloat(at + layout.logProbsOffset() + 4 * t));
                r[t] = buffer.getFloat(at + layout.rewardsOffset() + 4 * t);
                g[t] = buffer.getFloat(at + layout.discountsOffset() + 4 * t);
            }
            // Espeholt et al. (2018), eq. (1): v_s = V(x_s) + Σ_{t≥s} (Π_{i=s}^{t−1} γ_i c_i) δ_t V.
            final double[] vs = new double[T + 1];
            vs[T] = v[T];
            for (int s = 0; s < T; s++)
            {
                double sum = 0;
                double trace = 1;
                for (int t = s; t < T; t++)
                {
                    sum += trace * Math.min(rhoBar, rho[t]) * (r[t] + g[t] * v[t + 1] - v[t]);
                    trace *= g[t] * Math.min(cBar, rho[t]);
                }
                vs[s] = v[s] + sum;
            }
            for (int s = 0; s < T; s++)
            {
                final double advantage = Math.min(pgRhoBar, rho[s]) * (r[s] + g[s] * vs[s + 1] - v[s]);
                assertEquals(vs[s], learner.vs()[s * batch + b], 1e-4, "v_s at s=" + s + " b=" + b);
                assertEquals(advantage, learner.pgAdvantages()[s * batch + b], 1e-4, "advantage at s=" + s + " b=" + b);
            }
        }
    }

    @Test
    void shouldFollowTheGradientOfThePolicyBaselineAndEntropyLoss()
    {
        final int batch = 2;
        final double baselineCost = 0.5;
        final double entropyCost = 0.05;
        final float[] params = initialParams();
        final float[] before = params.clone();
        final float lr = 0.001f;
        final ImpalaLearner learner = learner(params, new Sgd(Backends.cpu(), params.length, lr, 0f),
            new VTrace(), batch, baselineCost, entropyCost, 0, queue(layout, 4), new ParameterStore(params));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[batch * layout.recordLength()]);
        final Rng rng = new Rng(5);
        for (int b = 0; b < batch; b++)
        {
            writeUnroll(buffer, b * layout.recordLength(), rng, 0, 3);
            learner.add(buffer, b * layout.recordLength());
        }
        learner.update();
        final float[] vs = learner.vs().clone();
        final float[] adv = learner.pgAdvantages().clone();
        final float[] grads = learner.grads().clone();

        final java.util.function.Function<float[], Double> loss = p ->
        {
            double total = 0;
            for (int b = 0; b < batch; b++)
            {
                final double[][] o = outputs(p, buffer, b * layout.recordLength());
                for (int t = 0; t < T; t++)
                {
                    final int i = t * batch + b;
                    final double d = vs[i] - o[1][t];
                    total += -adv[i] * o[0][t] + baselineCost * d * d - entropyCost * o[2][t];
                }
            }
            return total / (T * batch);
        };
        assertEquals(loss.apply(before), learner.lossEma(), 1e-5, "the loss of the first update, per step");

        final Rng pick = new Rng(9);
        for (int k = 0; k < 24; k++)
        {
            final int i = pick.nextInt(params.length);
            final float[] plus = before.clone();
            final float[] minus = before.clone();
            final float eps = 1e-3f;
            plus[i] += eps;
            minus[i] -= eps;
            // The learner minimises the sum over the T·B steps; its metrics report the mean.
            final double numeric = T * batch * (loss.apply(plus) - loss.apply(minus)) / (plus[i] - minus[i]);
            assertEquals(numeric, grads[i], 2e-3 + 2e-2 * Math.abs(numeric), "dL/dθ[" + i + "]");
            assertEquals(before[i] - lr * grads[i], params[i], 1e-6, "SGD step on θ[" + i + "]");
        }
    }

    @Test
    void shouldRecordThePolicyLagOfEveryUnrollAndPublishAfterEachUpdate()
    {
        final int batch = 2;
        final float[] params = initialParams();
        final ParameterStore store = new ParameterStore(params);
        final ImpalaLearner learner = learner(params, new Sgd(Backends.cpu(), params.length, 0.001f, 0f), new VTrace(),
            batch, 0.5, 0.01, 40, queue(layout, 4), store);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[layout.recordLength()]);
        final Rng rng = new Rng(1);
        final long[][] versions = {{0, 0}, {0, 1}, {1, 0}, {3, 1}};
        for (final long[] pair : versions)
        {
            for (final long version : pair)
            {
                writeUnroll(buffer, 0, rng, version, -1);
                learner.add(buffer, 0);
            }
            learner.update();
        }
        // Learner versions when used: 0, 1, 2, 3; lags 0,0 | 1,0 | 1,2 | 0,2; a lag of -2 would be 0.
        assertEquals(4, learner.updates());
        assertEquals(4, learner.version());
        assertEquals(4, store.version(), "published after every update");
        assertEquals(8, learner.unrolls());
        assertEquals(8, learner.lagHistogram().getTotalCount());
        assertEquals(2, learner.lagHistogram().getMaxValue());
        assertEquals(4, learner.lagHistogram().getCountAtValue(0));
        assertEquals(2, learner.lagHistogram().getCountAtValue(1));
        assertEquals(2, learner.lagHistogram().getCountAtValue(2));
        assertEquals(0.75, learner.lagHistogram().getMean(), 1e-9);
        final float[] published = new float[params.length];
        assertEquals(4, store.copyIfNewer(published, -1));
        assertArrayEquals(params, published);
    }

    @Test
    void shouldBatchUnrollsAcrossSlotsAndUpdateOncePerDutyCycle()
    {
        final int batch = 2;
        final float[] params = initialParams();
        final Ring<ExperienceSlot> queue = queue(layout, 3);
        final ImpalaLearner learner = learner(params, new Sgd(Backends.cpu(), params.length, 0.001f, 0f), new VTrace(),
            batch, 0.5, 0.01, 40, queue, new ParameterStore(params));
        final Rng rng = new Rng(2);
        for (int s = 0; s < 2; s++)
        {
            final long seq = queue.tryClaim();
            final ExperienceSlot slot = queue.slot(seq);
            for (int r = 0; r < 3; r++)
            {
                writeUnroll(slot.buffer, r * layout.recordLength(), rng, 0, -1);
            }
            slot.count = 3;
            queue.publish(seq);
        }
        assertEquals(1, learner.doWork(), "one update, then the duty cycle ends");
        assertEquals(1, learner.filled(), "the slot's third unroll waits in the next batch");
        assertEquals(2, learner.doWork(), "second slot: two full batches");
        assertEquals(0, learner.filled());
        assertEquals(0, learner.doWork());
        assertEquals(3, learner.updates());
    }

    @Test
    void shouldStopBeforeTheOptimizerStepOnANonFiniteLoss()
    {
        final int batch = 1;
        final float[] params = initialParams();
        final float[] before = params.clone();
        final ImpalaLearner learner = learner(params, new Sgd(Backends.cpu(), params.length, 0.01f, 0f), new VTrace(),
            batch, 0.5, 0.01, 40, queue(layout, 1), new ParameterStore(params));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[layout.recordLength()]);
        writeUnroll(buffer, 0, new Rng(4), 0, -1);
        buffer.putFloat(layout.rewardsOffset() + 8, Float.NaN);
        learner.add(buffer, 0);
        final ImpalaLearner.NonFiniteException ex = assertThrows(ImpalaLearner.NonFiniteException.class, learner::update);
        assertTrue(ex.getMessage().contains("at update 1"), ex.getMessage());
        assertArrayEquals(before, params, "weights untouched");
        assertEquals(0, learner.updates());
    }

    @Test
    void shouldRejectUnrollsOfAnotherLengthOrWithActionsOutOfRange()
    {
        final float[] params = initialParams();
        final ImpalaLearner learner = learner(params, new Sgd(Backends.cpu(), params.length, 0.01f, 0f), new VTrace(),
            2, 0.5, 0.01, 40, queue(layout, 1), new ParameterStore(params));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[layout.recordLength()]);
        writeUnroll(buffer, 0, new Rng(4), 0, -1);
        buffer.putShort(TrajectoryDescriptor.LENGTH_OFFSET, (short)(T + 1));
        assertThrows(IllegalStateException.class, () -> learner.add(buffer, 0));
        writeUnroll(buffer, 0, new Rng(4), 0, -1);
        buffer.putInt(layout.actionsOffset() + 4, A);
        assertThrows(IllegalStateException.class, () -> learner.add(buffer, 0));
    }

    @Test
    void shouldAllocateNothingPerUpdate()
    {
        final int batch = 4;
        final float[] params = initialParams();
        final Ring<ExperienceSlot> queue = queue(layout, 2);
        // The scalar kernels: this measures the learner's own code (see ImpalaActorTest.shouldAllocateNothingPerStep).
        final ImpalaLearner learner = learner(params, new Sgd(Backends.cpuScalar(), params.length, 1e-4f, 0f), new VTrace(),
            batch, 0.5, 0.01, 40, queue, new ParameterStore(params), Backends.cpuScalar());
        final Rng rng = new Rng(8);
        final UnsafeBuffer[] unrolls = new UnsafeBuffer[batch];
        for (int i = 0; i < batch; i++)
        {
            unrolls[i] = new UnsafeBuffer(new byte[layout.recordLength()]);
            writeUnroll(unrolls[i], 0, rng, 0, i == 2 ? 1 : -1);
        }
        final Runnable hundredUpdates = () ->
        {
            for (int u = 0; u < 100; u++)
            {
                for (int s = 0; s < batch / 2; s++)
                {
                    final long seq = queue.tryClaim();
                    final ExperienceSlot slot = queue.slot(seq);
                    slot.buffer.putBytes(0, unrolls[2 * s], 0, layout.recordLength());
                    slot.buffer.putBytes(layout.recordLength(), unrolls[2 * s + 1], 0, layout.recordLength());
                    slot.count = 2;
                    queue.publish(seq);
                }
                while (learner.doWork() == 0)
                {
                    Thread.onSpinWait();
                }
            }
        };
        assertEquals(0, SteadyState.bytesPerWindow(hundredUpdates, 20, 60), "bytes allocated by 100 updates");
    }
}
