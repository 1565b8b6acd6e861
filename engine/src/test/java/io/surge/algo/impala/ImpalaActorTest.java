package io.surge.algo.impala;

import com.lmax.disruptor.EventPoller;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.env.Env;
import io.surge.env.Space;
import io.surge.env.TimeLimit;
import io.surge.env.VectorEnv;
import io.surge.experience.TrajectoryDescriptor;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EpisodeReports;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.nn.Network;
import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;
import io.surge.testing.CountingEnv;
import io.surge.util.Rng;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImpalaActorTest
{
    private static final double GAMMA = 0.9;
    private static final Space OBS = Space.Box.uniform(-100, 100, 3);

    @TempDir
    Path dir;

    private RunCounters counters;
    private AtomicCounter bootstraps;
    private final Network network = ImpalaNetworks.build(OBS, 2, List.of(8));

    @BeforeEach
    void setUp() throws IOException
    {
        counters = RunCounters.create(dir, 1);
        bootstraps = counters.register("bootstraps");
    }

    @AfterEach
    void tearDown()
    {
        counters.close();
    }

    private ParameterStore store()
    {
        final float[] params = network.newParameters();
        network.initialize(params, 3);
        final Rng rng = new Rng(4);
        for (int i = 0; i < params.length; i++)
        {
            params[i] += (float)(0.3 * rng.nextGaussian());
        }
        return new ParameterStore(params);
    }

    private ImpalaActor actor(
        final Supplier<Env> env, final int envs, final ParameterStore store, final int unroll, final boolean bootstrap,
        final Ring<ExperienceSlot> queue, final boolean drop, final int perSlot, final int stepsPerCycle)
    {
        return actor(env, envs, store, unroll, bootstrap, queue, drop, perSlot, stepsPerCycle, Backends.cpu());
    }

    private ImpalaActor actor(
        final Supplier<Env> env, final int envs, final ParameterStore store, final int unroll, final boolean bootstrap,
        final Ring<ExperienceSlot> queue, final boolean drop, final int perSlot, final int stepsPerCycle,
        final Backend backend)
    {
        return new ImpalaActor(0, () -> new VectorEnv(envs, env), new ImpalaPolicy(network, store, envs, backend), store,
            new TrajectoryDescriptor(3, 0, 0, unroll), GAMMA, bootstrap, queue, drop, perSlot, 17, stepsPerCycle,
            new EpisodeReports(), counters, counters.register("dropped reports"), bootstraps,
            new LatencyRecorder("step"), new LatencyRecorder("inference"));
    }

    private static Ring<ExperienceSlot> queue(final int unroll, final int perSlot, final int slots)
    {
        return new Ring<>("unrolls", () -> new ExperienceSlot(new TrajectoryDescriptor(3, 0, 0, unroll).recordLength(),
            perSlot), slots, false);
    }

    /** Copies of every record in the queue. */
    private static List<UnsafeBuffer> drain(final Ring<ExperienceSlot> queue)
    {
        final List<UnsafeBuffer> records = new ArrayList<>();
        queue.poll((slot, sequence, end) ->
        {
            for (int r = 0; r < slot.count; r++)
            {
                final UnsafeBuffer copy = new UnsafeBuffer(new byte[slot.recordLength]);
                copy.putBytes(0, slot.buffer, r * slot.recordLength, slot.recordLength);
                records.add(copy);
            }
            return true;
        });
        return records;
    }

    private float[] row(final ImpalaPolicy policy, final float[] obs)
    {
        final float[] out = policy.forward(obs, 0, 1);
        return java.util.Arrays.copyOf(out, policy.rowLength());
    }

    @Test
    void shouldSendUnrollsWithTheBehaviourLogProbabilitiesAndTheVersionThatActed()
    {
        final ParameterStore store = store();
        final float[] newer = new float[store.length()];
        store.copyIfNewer(newer, -1);
        newer[0] += 0.5f;
        store.publish(newer, 3);
        final int unroll = 5;
        final Ring<ExperienceSlot> queue = queue(unroll, 2, 16);
        final ImpalaActor actor = actor(CountingEnv::new, 2, store, unroll, true, queue, false, 2, unroll);
        actor.onStart();
        assertEquals(unroll, actor.doWork());
        assertEquals(unroll, actor.doWork());
        final List<UnsafeBuffer> records = drain(queue);
        assertEquals(4, records.size(), "two unrolls per environment");
        assertEquals(20, counters.get(EngineCounter.ENV_STEPS).get());
        assertEquals(2, counters.get(EngineCounter.EPISODES).get(), "CountingEnv ends after 10 steps");

        final ImpalaPolicy reference = new ImpalaPolicy(network, store, 1);
        final TrajectoryDescriptor layout = new TrajectoryDescriptor(3, 0, 0, unroll);
        for (int r = 0; r < records.size(); r++)
        {
            final UnsafeBuffer rec = records.get(r);
            final boolean second = r >= 2;
            assertEquals(r % 2, rec.getInt(TrajectoryDescriptor.STREAM_ID_OFFSET));
            assertEquals(3, rec.getLong(TrajectoryDescriptor.POLICY_VERSION_OFFSET), "the version that acted");
            for (int t = 0; t < unroll; t++)
            {
                final float[] obs = new float[3];
                for (int k = 0; k < 3; k++)
                {
                    obs[k] = rec.getFloat(layout.observationsOffset() + 4 * (t * 3 + k));
                }
                final int step = (second ? unroll : 0) + t;
                assertEquals(step, obs[0], "observation of step " + step);
                final int action = rec.getInt(layout.actionsOffset() + 4 * t);
                final float[] out = row(reference, obs);
                final double lse = Math.log(Math.exp(out[0]) + Math.exp(out[1]));
                assertEquals(out[action] - lse, rec.getFloat(layout.logProbsOffset() + 4 * t), 1e-5, "log mu(a|x)");
                assertEquals(action == 1 ? 2f : 1f, rec.getFloat(layout.rewardsOffset() + 4 * t));
                final boolean end = step == 9;
                assertEquals(end ? 0f : (float)GAMMA, rec.getFloat(layout.discountsOffset() + 4 * t));
                final byte flags = rec.getByte(layout.stepFlagsOffset() + t);
                assertEquals(end, (flags & TrajectoryDescriptor.STEP_TERMINATED) != 0);
                assertEquals(step == 0, (flags & TrajectoryDescriptor.STEP_FIRST) != 0);
            }
            // x_T: the next step's observation; an episode that ends on the unroll's last step leaves its
            // final observation there (discount 0: the learner's bootstrap from it counts for nothing).
            assertEquals(second ? 10f : unroll, rec.getFloat(layout.observationsOffset() + 4 * (unroll * 3)));
        }
    }

    @Test
    void shouldBootstrapATruncatedStepFromTheValueOfTheFinalObservation()
    {
        final ParameterStore store = store();
        final int unroll = 7;
        for (final boolean bootstrap : new boolean[] {true, false})
        {
            final Ring<ExperienceSlot> queue = queue(unroll, 1, 4);
            final ImpalaActor actor = actor(() -> new TimeLimit(new CountingEnv(), 7), 1, store, unroll, bootstrap, queue,
                false, 1, unroll);
            actor.onStart();
            actor.doWork();
            final List<UnsafeBuffer> records = drain(queue);
            assertEquals(1, records.size());
            final UnsafeBuffer rec = records.get(0);
            final TrajectoryDescriptor layout = new TrajectoryDescriptor(3, 0, 0, unroll);
            final int lastAction = rec.getInt(layout.actionsOffset() + 4 * 6);
            final float reward = lastAction == 1 ? 2f : 1f;
            final float value = row(new ImpalaPolicy(network, store, 1), new float[] {7, lastAction, 1})[2];
            final byte flags = rec.getByte(layout.stepFlagsOffset() + 6);
            assertTrue((flags & TrajectoryDescriptor.STEP_TRUNCATED) != 0, "flagged truncated");
            assertEquals(0f, rec.getFloat(layout.discountsOffset() + 4 * 6), "no discount across the cut");
            assertEquals(bootstrap ? reward + GAMMA * value : reward, rec.getFloat(layout.rewardsOffset() + 4 * 6), 1e-5,
                "r + gamma V(x_final) with the bootstrap, r without");
            assertEquals(7f, rec.getFloat(layout.observationsOffset() + 4 * (7 * 3)), "x_T is the final observation");
        }
        assertEquals(1, bootstraps.get());
    }

    @Test
    void shouldStopSteppingWhileTheQueueIsFullAndCountTheBackPressure()
    {
        final ParameterStore store = store();
        final Ring<ExperienceSlot> queue = queue(1, 1, 2);
        final ImpalaActor actor = actor(CountingEnv::new, 1, store, 1, true, queue, false, 1, 10);
        actor.onStart();
        assertEquals(3, actor.doWork(), "two unrolls fit; the third finds the queue full");
        assertEquals(1, actor.pending());
        assertEquals(1, counters.get(EngineCounter.BACK_PRESSURE).get());
        assertEquals(0, actor.doWork(), "waits");
        assertEquals(2, counters.get(EngineCounter.BACK_PRESSURE).get());
        assertEquals(3, counters.get(EngineCounter.ENV_STEPS).get());
        assertEquals(2, drain(queue).size());
        assertEquals(2, actor.doWork(), "the waiting unroll goes first, one more fits, the next waits");
        final List<UnsafeBuffer> records = drain(queue);
        final TrajectoryDescriptor layout = new TrajectoryDescriptor(3, 0, 0, 1);
        assertEquals(2f, records.get(0).getFloat(layout.observationsOffset()), "nothing lost: the third step's unroll");
        assertEquals(0, counters.get(EngineCounter.DROPPED_MESSAGES).get());
    }

    @Test
    void shouldDropAndCountUnrollsWhenTheQueueIsFullWithTheDropPolicy()
    {
        final ParameterStore store = store();
        final Ring<ExperienceSlot> queue = queue(1, 1, 2);
        final ImpalaActor actor = actor(CountingEnv::new, 1, store, 1, true, queue, true, 1, 10);
        actor.onStart();
        assertEquals(10, actor.doWork());
        assertEquals(8, counters.get(EngineCounter.DROPPED_MESSAGES).get());
        assertEquals(8, counters.get(EngineCounter.BACK_PRESSURE).get());
        assertEquals(0, actor.pending());
        assertEquals(2, drain(queue).size());
    }

    @Test
    void shouldActGreedilyForTheEvaluator()
    {
        final ParameterStore store = store();
        final ImpalaPolicy policy = new ImpalaPolicy(network, store, 4);
        final float[] obs = new float[4 * 3];
        final Rng rng = new Rng(1);
        for (int i = 0; i < obs.length; i++)
        {
            obs[i] = (float)(3 * rng.nextGaussian());
        }
        final int[] actions = new int[4];
        policy.act(obs, 4, actions);
        for (int i = 0; i < 4; i++)
        {
            final float[] out = row(policy, java.util.Arrays.copyOfRange(obs, 3 * i, 3 * i + 3));
            assertEquals(out[1] > out[0] ? 1 : 0, actions[i]);
        }
    }

    @Test
    void shouldAllocateNothingPerStep()
    {
        final ParameterStore store = store();
        final int unroll = 20;
        final Ring<ExperienceSlot> queue = queue(unroll, 4, 64);
        // Half the environments are truncated at 7 steps (bootstrap path), half terminate at 10.
        final int[] made = new int[1];
        // The scalar kernels: this measures the actor's own code. The Vector API kernels are
        // allocation-free once C2 has compiled them, which io.surge.nn's AllocationTest checks in a
        // JVM of its own; in a JVM shared with the rest of the suite their recompilations can box.
        final ImpalaActor actor = actor(() -> new TimeLimit(new CountingEnv(), made[0]++ % 2 == 0 ? 7 : 15), 4, store,
            unroll, true, queue, false, 4, 8, Backends.cpuScalar());
        actor.onStart();
        final EventPoller.Handler<ExperienceSlot> discard = (slot, sequence, end) -> true;
        final Runnable window = () ->
        {
            for (int i = 0; i < 200; i++)
            {
                actor.doWork();
                queue.poll(discard);
            }
        };
        assertEquals(0, SteadyState.bytesPerWindow(window, 20, 60), "bytes allocated by 1,600 vector steps");
        assertTrue(bootstraps.get() > 0);
        assertEquals(0, counters.get(EngineCounter.BACK_PRESSURE).get());
    }
}
