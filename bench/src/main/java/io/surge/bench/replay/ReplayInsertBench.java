package io.surge.bench.replay;

import io.surge.replay.PrioritizedReplay;
import io.surge.replay.Replay;
import io.surge.replay.ReplayConfig;
import io.surge.replay.UniformReplay;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Inserting batches of n-step transitions (64 sub-environments, CartPole-sized observations, n = 3)
 * into a full replay of 2^20 records, so every insert evicts; the prioritized replay also links
 * transitions and updates both trees. Score: batches per second; multiply by the mean batch size
 * the setup prints (about 64 records) for records per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplayInsertBench
{
    /** Which replay. */
    @Param({"prioritized", "uniform"})
    public String kind;

    private Replay replay;
    private ExperienceStream stream;

    /** Builds the stream and fills the replay past its capacity. */
    @Setup
    public void setup()
    {
        final ReplayConfig config = ReplayConfig.of(4, 0, 1 << 20).withNStep(3);
        replay = "uniform".equals(kind) ? new UniformReplay(config) : new PrioritizedReplay(config);
        stream = new ExperienceStream(4, 64, 3, 4096, 7);
        long records = 0;
        for (final int count : stream.counts)
        {
            records += count;
        }
        System.out.printf("%n[insert] mean records per batch: %.2f%n", (double)records / stream.counts.length);
        while (replay.stats().inserts() < (1L << 20) + (1 << 16))
        {
            insert();
        }
    }

    /**
     * One batch.
     *
     * @return records stored.
     */
    @Benchmark
    public int insert()
    {
        final int b = stream.nextBatch();
        return replay.insert(stream.buffer, stream.offsets[b], stream.counts[b]);
    }
}
