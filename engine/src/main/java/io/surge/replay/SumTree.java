package io.surge.replay;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.random.RandomGenerator;

/**
 * A sum segment tree over {@code capacity} non-negative leaves, stored off-heap: set a leaf (or a
 * batch of leaves), read the total and partial sums, find the leaf where a prefix sum falls, and
 * draw stratified samples proportional to the leaves.
 *
 * <h2>Layout</h2>
 * Logically a binary heap of {@code 2 * capacity} float64 nodes: node 1 is the root, the
 * children of node {@code k} are {@code 2k} and {@code 2k+1}, leaf {@code i} is node
 * {@code capacity + i}, level {@code d} (root = level 0) holds nodes {@code [2^d, 2^(d+1))} and
 * the leaves are level {@code log2(capacity)}. Physically one {@link UnsafeBuffer} in the blocked
 * order of {@link TreeLayout}: sibling pairs {@code (2k, 2k+1)} are adjacent (16 bytes), a pair and
 * its two child pairs share one aligned 64-byte block, and the leaves follow as a plain array:
 * <pre>
 *   byte 0       16      32      48   64      80      96     112  128         64*B               64*B + 8*capacity
 *       +-------+-------+-------+----+-------+-------+-------+----+--- ... ---+--------+- ... -+------------+
 *       | -  n1 |       | n2 n3 |    | n4 n5 | n8 n9 |n10 n11|    |   ...     | leaf 0 |  ...  | leaf cap-1 |
 *       +-------+-------+-------+----+-------+-------+-------+----+--- ... ---+--------+- ... -+------------+
 *        block 0 (root n1, pair 1)    block 1: pair 2 and its child pairs 4, 5    leaves: 8 bytes each
 * </pre>
 * (drawn for an even number of levels, such as 2^20 leaves; for an odd number, block 0 holds only
 * the root and pair 1 starts block 1; {@link TreeLayout} has the offset function). A root-to-leaf
 * walk reads one pair per level, and so touches one line per two levels plus one leaf line, against
 * one line per level in the plain heap; the memory is
 * about {@code 18.7 * capacity} bytes instead of {@code 16 * capacity}.
 *
 * <p>Every internal node holds exactly {@code node[2k] + node[2k+1]} rounded to double: a set
 * recomputes the ancestors from their children, never adds a delta. The tree is therefore a pure
 * function of its leaves: after any number of updates it is bit-for-bit the tree built from
 * scratch from the same leaves (no drift), and the root differs from the exact sum of the leaves by
 * at most {@code log2(capacity) * 2^-53 * total} (the bound of pairwise summation). See
 * {@code docs/replay.md}.
 *
 * <h2>Speed</h2>
 * {@link #findPrefixSums} and {@link #setBatch} work level by level over the whole batch: the B
 * loads of one level are independent, so the processor overlaps their cache misses, and the
 * descent is branch-free so a misprediction does not flush the loads in flight. Java has no
 * prefetch instruction; its substitute here is a tight pass, before every deep level that starts
 * a new block (and before the leaf level), loading for every stratum the line its pair is in, so
 * many misses are in flight at once; the level after it reads the same block. The same trick did not
 * pay for the upward update. Measurements and the switch that turns
 * it off ({@code -Dsurge.replay.noLookAhead=true}) are in {@code docs/performance.md}.
 *
 * <p>Threading: not thread-safe; one owner thread (the replay agent's). Memory: the node buffer is
 * allocated once; {@link #setBatch} and {@link #findPrefixSums} grow a work array the first time a
 * larger batch is seen and allocate nothing afterwards.
 */
public final class SumTree
{
    /** Largest capacity: 2^26 leaves (1.17 GiB of nodes in the blocked layout). */
    public static final int MAX_CAPACITY = 1 << 26;

    /** Levels above this one fit in the first cache levels; the descent touches its lines from this one down. */
    static final int TOUCH_FROM_LEVEL = 12;

    /** {@code -Dsurge.replay.noLookAhead=true} turns the descent's look-ahead pass off (for measurements). */
    static final boolean LOOK_AHEAD = !Boolean.getBoolean("surge.replay.noLookAhead");

    /** Bytes per node. */
    public static final int NODE_BYTES = Double.BYTES;

    private final int capacity;
    private final int levels;
    private final TreeLayout layout;
    private final UnsafeBuffer nodes;
    private final long address;
    private double maxValue;
    private int[] work = new int[0];
    /** Keeps the look-ahead loads of {@link #findPrefixSums} from being removed as dead code. */
    long touchSink;

    /**
     * An all-zero tree.
     *
     * @param capacity the number of leaves, a power of two in {@code [1, 2^26]}.
     */
    public SumTree(final int capacity)
    {
        this.levels = checkCapacity(capacity);
        this.capacity = capacity;
        this.layout = new TreeLayout(capacity);
        this.nodes = new UnsafeBuffer(OffHeap.allocate(Math.toIntExact(layout.bytes())));
        this.address = nodes.addressOffset();
    }

    static int checkCapacity(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("tree capacity must be a power of two in [1, 2^26], got " + capacity);
        }
        return Integer.numberOfTrailingZeros(capacity);
    }

    /**
     * Bytes of off-heap memory a tree of this capacity uses.
     *
     * @param capacity the number of leaves.
     * @return about {@code 18.7 * capacity} (see {@link TreeLayout}).
     */
    public static long bytesFor(final int capacity)
    {
        return TreeLayout.bytesFor(capacity);
    }

    /**
     * The number of leaves.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Sets one leaf and recomputes its ancestors.
     *
     * @param index the leaf, in {@code [0, capacity)}.
     * @param value a finite value {@code >= 0}.
     */
    public void set(final int index, final double value)
    {
        checkIndex(index);
        checkValue(value);
        if (value > maxValue)
        {
            maxValue = value;
        }
        int k = capacity + index;
        put(k, value + 0.0); // -0.0 becomes +0.0
        k >>>= 1;
        while (k >= 1)
        {
            put(k, node(2 * k) + node(2 * k + 1));
            k >>>= 1;
        }
    }

    /**
     * Sets {@code count} leaves; where an index repeats, the last value wins (as if set one by
     * one). The ancestors are recomputed level by level over the whole batch, each shared ancestor
     * once per run of equal parents, so a batch of neighbouring leaves costs little more than one.
     * The result is bit-for-bit that of {@code count} calls to {@link #set}.
     *
     * @param indices leaves, in {@code [0, capacity)}.
     * @param values  finite values {@code >= 0}.
     * @param count   how many of the arrays' first elements to use.
     */
    public void setBatch(final int[] indices, final double[] values, final int count)
    {
        final int[] k = work(count);
        double max = maxValue;
        for (int i = 0; i < count; i++)
        {
            final int index = indices[i];
            checkIndex(index);
            final double value = values[i];
            checkValue(value);
            max = Math.max(max, value);
            put(capacity + index, value + 0.0); // -0.0 becomes +0.0
            k[i] = (capacity + index) >>> 1;
        }
        maxValue = max;
        layout.propagate(k, count, address, false);
    }

    /**
     * One leaf.
     *
     * @param index the leaf, in {@code [0, capacity)}.
     * @return its value.
     */
    public double get(final int index)
    {
        checkIndex(index);
        return nodes.getDouble(leafByteOffset(index));
    }

    /**
     * The sum of all leaves (the root).
     *
     * @return the total.
     */
    public double total()
    {
        return node(1);
    }

    /**
     * The largest value ever set since construction or the last {@link #resetMax(double)}.
     * Prioritized replay gives new items this priority.
     *
     * @return the largest value set.
     */
    public double maxValue()
    {
        return maxValue;
    }

    /**
     * Restarts the running maximum of {@link #maxValue()}.
     *
     * @param value the new starting maximum.
     */
    public void resetMax(final double value)
    {
        maxValue = value;
    }

    /**
     * The sum of leaves {@code [start, end)}, reduced by splitting the range at the tree's node
     * boundaries from the root down, so the rounding is that of OpenAI baselines'
     * {@code SumSegmentTree.sum}. An empty range gives 0.
     *
     * @param start first leaf, inclusive.
     * @param end   last leaf, exclusive, at most {@code capacity}.
     * @return the sum.
     */
    public double sum(final int start, final int end)
    {
        if (start < 0 || end > capacity)
        {
            throw new IndexOutOfBoundsException("range [" + start + ", " + end + ") outside [0, " + capacity + ")");
        }
        if (start >= end)
        {
            return 0.0;
        }
        return reduce(start, end - 1, 1, 0, capacity - 1);
    }

    private double reduce(final int start, final int last, final int k, final int nodeStart, final int nodeLast)
    {
        if (start == nodeStart && last == nodeLast)
        {
            return node(k);
        }
        final int mid = (nodeStart + nodeLast) >>> 1;
        if (last <= mid)
        {
            return reduce(start, last, 2 * k, nodeStart, mid);
        }
        if (start > mid)
        {
            return reduce(start, last, 2 * k + 1, mid + 1, nodeLast);
        }
        return reduce(start, mid, 2 * k, nodeStart, mid) + reduce(mid + 1, last, 2 * k + 1, mid + 1, nodeLast);
    }

    /**
     * The leaf where a prefix sum falls, with the exact rule of baselines'
     * {@code find_prefixsum_idx}: from the root, go left if the left child's sum is strictly
     * greater than the remaining prefix, else subtract it and go right. A prefix exactly on a
     * boundary therefore goes right, and a leaf of value zero can be returned (for example past the
     * last non-zero leaf). Samplers use {@link #findPrefixSums}, which never returns a zero leaf.
     *
     * @param prefix a prefix sum {@code >= 0}.
     * @return the leaf index.
     */
    public int findPrefixSum(final double prefix)
    {
        if (!(prefix >= 0.0))
        {
            throw new IllegalArgumentException("prefix must be >= 0, got " + prefix);
        }
        double p = prefix;
        int k = 1;
        while (k < capacity)
        {
            final double left = node(2 * k);
            if (left > p)
            {
                k = 2 * k;
            }
            else
            {
                p -= left;
                k = 2 * k + 1;
            }
        }
        return k - capacity;
    }

    /**
     * The leaves where {@code count} prefix sums fall, all descended together level by level.
     * The rule is {@link #findPrefixSum}'s with one guard: the descent goes right only when the
     * right subtree's sum is positive. So whenever the total is positive the result is a leaf of
     * positive value, even when rounding puts a prefix at or past the total; and whenever
     * {@link #findPrefixSum} returns a positive leaf, this returns the same leaf.
     *
     * @param prefixes   the prefix sums; overwritten with what remains of each at its leaf.
     * @param count      how many to find.
     * @param outIndices receives the leaf indices.
     * @param outValues  receives the leaves' values.
     */
    public void findPrefixSums(final double[] prefixes, final int count, final int[] outIndices, final double[] outValues)
    {
        for (int i = 0; i < count; i++)
        {
            outIndices[i] = 1;
        }
        final TreeLayout l = layout;
        long sink = 0;
        for (int level = 0; level < levels; level++)
        {
            final long origin = address + l.base(level);
            // This level's pairs start new blocks (or are leaves): a tight pass loading each stratum's
            // line first keeps many cache misses in flight at once (Java has no prefetch instruction);
            // the next level reads the same block.
            final boolean touch = LOOK_AHEAD && level >= TOUCH_FROM_LEVEL && l.startsLine(level);
            // constant shifts and masks per kind of level, so the JIT folds the address arithmetic
            switch (l.shift(level))
            {
                case 6 -> sink += descendLevel(origin, 6, 0, touch, prefixes, count, outIndices);
                case 5 -> sink += descendLevel(origin, 5, 1, false, prefixes, count, outIndices);
                default -> sink += descendLevel(origin, 4, 0, touch, prefixes, count, outIndices);
            }
        }
        touchSink = sink;
        for (int i = 0; i < count; i++)
        {
            final int leaf = outIndices[i] - capacity;
            outValues[i] = nodes.getDouble(leafByteOffset(leaf));
            outIndices[i] = leaf;
        }
    }

    /** One level of {@link #findPrefixSums}: pair k is at {@code origin + (k << shift) - ((k & mask) << 4)}. */
    private static long descendLevel(final long origin, final int shift, final int mask, final boolean touch, final double[] prefixes,
        final int count, final int[] outIndices)
    {
        long sink = 0;
        if (touch)
        {
            for (int i = 0; i < count; i++)
            {
                final int k = outIndices[i];
                sink += UnsafeApi.getLong(null, origin + ((long)k << shift) - ((k & mask) << 4));
            }
        }
        for (int i = 0; i < count; i++)
        {
            // Branch-free: a mispredicted branch would flush the loads of the other strata in flight.
            final int k = outIndices[i];
            final long at = origin + ((long)k << shift) - ((k & mask) << 4);
            final double left = UnsafeApi.getDouble(null, at);
            final long rightBits = UnsafeApi.getLong(null, at + 8);
            final double p = prefixes[i];
            final double rest = p - left; // exact sign: >= 0 (+0.0 when equal) iff p >= left
            final long restBits = Double.doubleToRawLongBits(rest);
            // goRight = 1 iff rest >= 0 and right > 0 (right is never -0.0: values are normalised on set)
            final int goRight = (int)(((~restBits) & (rightBits | -rightBits)) >>> 63);
            outIndices[i] = (k << 1) + goRight;
            final long pBits = Double.doubleToRawLongBits(p);
            prefixes[i] = Double.longBitsToDouble(pBits ^ ((pBits ^ restBits) & -(long)goRight));
        }
        return sink;
    }

    /**
     * Stratified sampling: splits the total into {@code count} equal strata and draws one leaf
     * from each, at prefix {@code u_i * L + i * L} with {@code L = total / count} and
     * {@code u_i} uniform in {@code [0, 1)} from {@code rng} (drawn in stratum order). Leaves come
     * out in increasing order. Each leaf {@code j} is drawn with probability
     * {@code leaf_j / total} per stratum on average.
     *
     * @param rng        the random source.
     * @param count      the number of strata (the batch size), at least 1.
     * @param prefixes   work array of at least {@code count} elements.
     * @param outIndices receives the leaf indices.
     * @param outValues  receives the leaves' values.
     * @return the total the strata were cut from; 0 (and nothing drawn) when the tree is empty.
     */
    public double sampleStratified(final RandomGenerator rng, final int count, final double[] prefixes, final int[] outIndices,
        final double[] outValues)
    {
        final double total = total();
        if (!(total > 0.0))
        {
            return 0.0;
        }
        drawStrata(rng, total, count, prefixes);
        findPrefixSums(prefixes, count, outIndices, outValues);
        return total;
    }

    /**
     * The prefixes of stratified sampling: {@code u_i * L + i * L}, {@code L = total / count},
     * {@code u_i} uniform in {@code [0, 1)} drawn in stratum order (also the replays' priorities'
     * rule, so both draw the same strata from the same generator).
     */
    static void drawStrata(final RandomGenerator rng, final double total, final int count, final double[] prefixes)
    {
        final double stratum = total / count;
        for (int i = 0; i < count; i++)
        {
            prefixes[i] = rng.nextDouble() * stratum + i * stratum;
        }
    }

    /**
     * Sets every leaf to zero.
     */
    public void clear()
    {
        nodes.setMemory(0, nodes.capacity(), (byte)0);
        maxValue = 0.0;
    }

    /**
     * Recomputes every internal node from the leaves, bottom up. The result is bit-for-bit the
     * tree the incremental updates maintain; used after leaves were loaded in bulk.
     */
    public void rebuild()
    {
        for (int k = capacity - 1; k >= 1; k--)
        {
            put(k, node(2 * k) + node(2 * k + 1));
        }
    }

    /**
     * Writes a leaf without updating its ancestors, for bulk loading followed by {@link #rebuild()}.
     *
     * @param index the leaf.
     * @param value the value.
     */
    void putLeaf(final int index, final double value)
    {
        put(capacity + index, value);
    }

    /**
     * One node of the logical heap (node 1 is the root, leaf i is node capacity+i).
     *
     * @param k the node, in {@code [1, 2*capacity)}.
     * @return its value.
     */
    public double node(final int k)
    {
        return nodes.getDouble((int)layout.nodeOffset(k));
    }

    long address()
    {
        return address;
    }

    TreeLayout layout()
    {
        return layout;
    }

    /** Byte offset of leaf {@code index} in {@link #byteBuffer()}; leaves are contiguous, 8 bytes each. */
    int leafByteOffset(final int index)
    {
        return (int)(layout.leafBase() + 8L * index);
    }

    int levels()
    {
        return levels;
    }

    void raiseMax(final double value)
    {
        if (value > maxValue)
        {
            maxValue = value;
        }
    }

    java.nio.ByteBuffer byteBuffer()
    {
        return nodes.byteBuffer();
    }

    /**
     * The node buffer, for snapshots and tests.
     *
     * @return the buffer (owned by this tree).
     */
    UnsafeBuffer buffer()
    {
        return nodes;
    }

    private void put(final int k, final double value)
    {
        nodes.putDouble((int)layout.nodeOffset(k), value);
    }

    private int[] work(final int count)
    {
        if (work.length < count)
        {
            work = new int[count];
        }
        return work;
    }

    private void checkIndex(final int index)
    {
        if (index < 0 || index >= capacity)
        {
            throw new IndexOutOfBoundsException("leaf " + index + " outside [0, " + capacity + ")");
        }
    }

    private static void checkValue(final double value)
    {
        if (!(value >= 0.0) || value == Double.POSITIVE_INFINITY)
        {
            throw new IllegalArgumentException("sum-tree values must be finite and >= 0, got " + value);
        }
    }
}
