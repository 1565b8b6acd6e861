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
    private final int levels;
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
        this.levels = sum.levels();
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
        final TreeLayout l = layout;
        final long leafBase = l.leafBase();
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
        for (int level = 0; level < levels; level++)
        {
            // parents are at node level levels-1-level: read their pair there, write them into the pair level above
            final int readLevel = levels - 1 - level;
            final long readOrigin = l.base(readLevel);
            final long writeOrigin = l.base(readLevel - 1);
            final int rs = l.shift(readLevel);
            final int ws = l.shift(readLevel - 1);
            // constant shifts and masks per kind of level, so the JIT folds the address arithmetic
            if (rs == 4 && ws == 5)
            {
                updateLevel(sumBase, minBase, k, count, readOrigin, 4, 0, writeOrigin, 5, 1);
            }
            else if (rs == 5)
            {
                updateLevel(sumBase, minBase, k, count, readOrigin, 5, 1, writeOrigin, 6, 0);
            }
            else if (rs == 6 && ws == 5)
            {
                updateLevel(sumBase, minBase, k, count, readOrigin, 6, 0, writeOrigin, 5, 1);
            }
            else
            {
                updateLevel(sumBase, minBase, k, count, readOrigin, rs, l.mask(readLevel), writeOrigin, ws, l.mask(readLevel - 1));
            }
        }
    }

    /**
     * One level of {@link #setBatch}: recomputes node {@code k[i]} of both trees from its children
     * (once per run of equal parents) and moves {@code k[i]} up. Pairs are at
     * {@code origin + (p << shift) - ((p & mask) << 4)} ({@link TreeLayout}).
     */
    private static void updateLevel(final long sumBase, final long minBase, final int[] k, final int count, final long readOrigin,
        final int rs, final int rm, final long writeOrigin, final int ws, final int wm)
    {
        int previous = 0;
        for (int i = 0; i < count; i++)
        {
            final int parent = k[i];
            if (parent != previous)
            {
                final long children = readOrigin + ((long)parent << rs) - ((parent & rm) << 4);
                final int pair = parent >>> 1;
                final long at = writeOrigin + ((long)pair << ws) - ((pair & wm) << 4) + ((parent & 1) << 3);
                final double s = UnsafeApi.getDouble(null, sumBase + children) + UnsafeApi.getDouble(null, sumBase + children + 8);
                UnsafeApi.putDouble(null, sumBase + at, s);
                final double m = Math.min(UnsafeApi.getDouble(null, minBase + children), UnsafeApi.getDouble(null, minBase + children + 8));
                UnsafeApi.putDouble(null, minBase + at, m);
                previous = parent;
            }
            k[i] = parent >>> 1;
        }
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
