package io.surge.bench.replay;

import io.surge.replay.MinTree;
import io.surge.replay.SumTree;
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
 * The trees alone: stratified sampling of a batch of 512 from the sum tree, then setting new
 * priorities for the sampled leaves in the sum and the min tree. Score: sampled-and-updated items
 * per second (one operation = one item).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SegmentTreeBench
{
    private static final int BATCH = 512;

    /** log2 of the number of leaves. */
    @Param({"20", "24"})
    public int log2Capacity;

    private SumTree sum;
    private MinTree min;
    private Rng rng;
    private final double[] prefixes = new double[BATCH];
    private final int[] indices = new int[BATCH];
    private final double[] values = new double[BATCH];
    private final double[] fresh = new double[BATCH];

    /** Fills both trees with random priorities. */
    @Setup
    public void setup()
    {
        final int capacity = 1 << log2Capacity;
        sum = new SumTree(capacity);
        min = new MinTree(capacity);
        rng = new Rng(42);
        final int[] idx = new int[4096];
        final double[] val = new double[4096];
        for (int base = 0; base < capacity; base += 4096)
        {
            for (int i = 0; i < 4096; i++)
            {
                idx[i] = base + i;
                val[i] = 0.01 + rng.nextDouble();
            }
            sum.setBatch(idx, val, 4096);
            min.setBatch(idx, val, 4096);
        }
    }

    /**
     * Sample 512 and update their priorities.
     *
     * @return the total, so nothing is dead code.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double sampleAndUpdate()
    {
        final double total = sum.sampleStratified(rng, BATCH, prefixes, indices, values);
        for (int i = 0; i < BATCH; i++)
        {
            fresh[i] = values[i] * 0.5 + rng.nextDouble();
        }
        sum.setBatch(indices, fresh, BATCH);
        min.setBatch(indices, fresh, BATCH);
        return total;
    }

    /**
     * Sample 512 only.
     *
     * @return the total.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double sampleOnly()
    {
        return sum.sampleStratified(rng, BATCH, prefixes, indices, values);
    }
}
