package io.surge.replay;

import org.agrona.UnsafeApi;

import java.util.random.RandomGenerator;

/**
 * The sum and min trees of a prioritized replay, updated together: one leaf per storage slot,
 * value {@code p > 0} for a slot that can be sampled and 0 for one that cannot (empty, evicted, or
 * waiting for its bootstrap observation). In the min tree a slot that cannot be sampled is
 * {@code +infinity}, so the min tree's root is the smallest priority among sampleable slots.
 *
 * <p>{@link #setBatch} walks both trees in one level-by-level pass (one loop, two buffers), the
 * leaves' shared ancestors recomputed once per run of equal parents.
 *
 * <p>Threading: single owner thread. Memory: the trees plus work arrays sized on first use.
 */
final class PriorityTrees
{
    private final SumTree sum;
    private final MinTree min;
    private final int capacity;
    private final long sumAddress;
    private final long minAddress;
    private final TreeLayout layout;
    private int[] work = new int[0];
    /** The running snapshot, told before a leaf changes; null when none runs. */
    SnapshotWriter snapshot;

    PriorityTrees(final int capacity)
    {
        this.sum = new SumTree(capacity);
        this.min = new MinTree(capacity);
        this.capacity = capacity;
        this.sumAddress = sum.address();
        this.minAddress = min.address();
        this.layout = sum.layout();
    }

    static long bytesFor(final int capacity)
    {
        return SumTree.bytesFor(capacity) + MinTree.bytesFor(capacity);
    }

    SumTree sumTree()
    {
        return sum;
    }

    MinTree minTree()
    {
        return min;
    }

    int capacity()
    {
        return capacity;
    }

    double total()
    {
        return sum.total();
    }

    double min()
    {
        return min.min();
    }

    double get(final int leaf)
    {
        return sum.get(leaf);
    }

    /**
     * Sets {@code count} leaves in both trees (0 removes a leaf from sampling), last value winning
     * for a repeated leaf. The caller guarantees {@code 0 <= leaf < capacity} and finite values
     * {@code >= 0}: this is the hot path and checks nothing.
     */
    void setBatch(final int[] leaves, final double[] values, final int count)
    {
        if (work.length < count)
        {
            work = new int[count];
        }
        final int[] k = work;
        final SnapshotWriter writer = snapshot;
        if (writer != null)
        {
            for (int i = 0; i < count; i++)
            {
                writer.preserveLeaf(leaves[i]);
            }
        }
        final long sumBase = sumAddress;
        final long minBase = minAddress;
        final long leafBase = layout.leafBase();
        double max = 0.0;
        for (int i = 0; i < count; i++)
        {
            final int leaf = leaves[i];
            final double value = values[i] + 0.0;
            max = Math.max(max, value);
            final long at = leafBase + ((long)leaf << 3);
            UnsafeApi.putDouble(null, sumBase + at, value);
            UnsafeApi.putDouble(null, minBase + at, value > 0.0 ? value : Double.POSITIVE_INFINITY);
            k[i] = (capacity + leaf) >>> 1;
        }
        sum.raiseMax(max);
        layout.propagate(k, count, sumBase, minBase);
    }

    double sampleStratified(final RandomGenerator rng, final int count, final double[] prefixes, final int[] outLeaves, final double[] outValues)
    {
        return sum.sampleStratified(rng, count, prefixes, outLeaves, outValues);
    }

    void clear()
    {
        sum.clear();
        min.clear();
    }

    /** Loads leaves without maintaining ancestors; {@link #rebuild()} afterwards. */
    void putLeaf(final int leaf, final double value)
    {
        sum.putLeaf(leaf, value);
        min.putLeaf(leaf, value > 0.0 ? value : Double.POSITIVE_INFINITY);
    }

    void rebuild()
    {
        sum.rebuild();
        min.rebuild();
    }

    /** After the sum tree's leaves were loaded in bulk: derive the min leaves and rebuild both trees. */
    void rebuildFromSumLeaves()
    {
        for (int leaf = 0; leaf < capacity; leaf++)
        {
            final double value = sum.node(capacity + leaf);
            min.putLeaf(leaf, value > 0.0 ? value : Double.POSITIVE_INFINITY);
        }
        rebuild();
    }
}
