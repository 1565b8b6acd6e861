package io.surge.bench.replay;

import io.surge.replay.PrioritizedReplay;
import io.surge.replay.ReplayConfig;
import io.surge.replay.SampleBatch;
import io.surge.replay.UniformReplay;
import io.surge.util.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Sampling from a full replay of n-step transitions (CartPole-sized observations, so the batch
 * holds obs, action, n-step return, bootstrap discount, next obs, id and weight per row):
 * <ul>
 *   <li>{@code prioritizedSampleAndUpdate}: a prioritized batch of 512 plus the priority update of
 *   the same 512 ids (what a learner step costs the replay);</li>
 *   <li>{@code prioritizedSample}: the batch alone;</li>
 *   <li>{@code uniformSample}: a uniform batch of 512.</li>
 * </ul>
 * Score: items per second (one operation = one sampled row).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplaySampleBench
{
    private static final int BATCH = 512;

    /** log2 of the replay's capacity. */
    @Param({"20", "24"})
    public int log2Capacity;

    private PrioritizedReplay prioritized;
    private UniformReplay uniform;
    private SampleBatch batch;
    private final float[] tdErrors = new float[BATCH];

    /** Fills both replays to capacity and sets random priorities everywhere. */
    @Setup
    public void setup()
    {
        final int capacity = 1 << log2Capacity;
        final ReplayConfig config = ReplayConfig.of(4, 0, capacity).withNStep(3);
        prioritized = new PrioritizedReplay(config);
        uniform = new UniformReplay(config);
        final ExperienceStream stream = new ExperienceStream(4, 64, 3, 4096, 11);
        while (prioritized.stats().inserts() < capacity + 4096L)
        {
            final int b = stream.nextBatch();
            prioritized.insert(stream.buffer, stream.offsets[b], stream.counts[b]);
            uniform.insert(stream.buffer, stream.offsets[b], stream.counts[b]);
        }
        batch = SampleBatch.forConfig(BATCH, config);
        final Rng rng = new Rng(5);
        // random priorities everywhere (|δ| uniform in [0, 2)), set by id in batches
        final long[] ids = new long[4096];
        final float[] errors = new float[4096];
        for (int slot = 0; slot < capacity; slot += 4096)
        {
            for (int j = 0; j < 4096; j++)
            {
                ids[j] = prioritized.idOfSlot(slot + j);
                errors[j] = (float)(rng.nextDouble() * 2);
            }
            prioritized.updatePriorities(ids, errors, 4096);
        }
    }

    /**
     * Prioritized batch of 512 and its priority update.
     *
     * @return updates applied.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int prioritizedSampleAndUpdate()
    {
        prioritized.sample(batch, BATCH);
        for (int i = 0; i < BATCH; i++)
        {
            tdErrors[i] = batch.returns[i] * 0.01f + 0.5f;
        }
        return prioritized.updatePriorities(batch.ids, tdErrors, BATCH);
    }

    /**
     * Prioritized batch of 512 alone.
     *
     * @return whether it sampled.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean prioritizedSample()
    {
        return prioritized.sample(batch, BATCH);
    }

    /**
     * Uniform batch of 512.
     *
     * @return whether it sampled.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public boolean uniformSample()
    {
        return uniform.sample(batch, BATCH);
    }
}
