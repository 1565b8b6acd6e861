package io.surge.replay;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * The priorities of a prioritized replay with their sums and minima: one leaf per storage slot,
 * value {@code p > 0} for a slot that can be sampled and 0 for one that cannot (empty, evicted, or
 * waiting for its bootstrap observation). The min side treats a 0 leaf as {@code +infinity}, so
 * {@link #min()} is the smallest priority among sampleable slots.
 *
 * <h2>Layout: every third level of the binary heap</h2>
 * Logically this is the binary sum heap of {@link SumTree} and the min heap of {@link MinTree} over
 * {@code capacity = 2^L} leaves (root level 0, leaves level {@code L}), and every node value,
 * total, minimum and sampled leaf is bit for bit what those two full trees give (tested). Only the
 * levels {@code L, L-3, L-6, ..., L mod 3} are stored, each as a plain float64 array in node order,
 * so the 8 descendants three levels below a stored node are one aligned 64-byte line:
 * <pre>
 *   leaves (level L)     | l0 l1 l2 l3 l4 l5 l6 l7 | l8 ... l15 | ...     8 * 2^L bytes, off-heap
 *   sums, level L-3      | s0 s1 ... s7 | s8 ...                          s_j = ((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7)) of line j
 *   sums, level L-6 ...  | ...                                            the same over the level below
 *   mins, levels L-3 ... | same shape; level L-3 from the leaves with 0 read as +infinity
 * </pre>
 * The two levels between stored ones are recomputed from the line whenever needed, with the very
 * additions the full heap does: {@code (a+b)} for a pair, {@code (a+b)+(c+d)} for a quad. A descent
 * therefore reads one line per three levels and an update writes one value per three levels in
 * each of the two arrays, where the full trees (blocked as in {@link TreeLayout}) read one line per
 * two levels of each. Why: at 2^20 leaves the two full trees were 2 x 18.7 MiB and a descent or an
 * update missed the cache at nearly every level and spent its instructions on one level per
 * pass; here the inner levels are 2 x 1.2 MiB, mostly cached, and each pass over the batch does
 * three levels (measurements in {@code docs/performance.md}).
 *
 * <p>Threading: single owner thread. Memory: {@link #bytesFor} (about {@code 10.3 * capacity}
 * bytes); a work array sized on first use.
 */
final class PriorityTrees
{
    /** Levels of the binary heap per stored level: 8 float64 descendants fill one 64-byte line. */
    static final int GROUP_LOG2 = 3;

    /** Stored levels with at least this many nodes get a look-ahead pass in the descent (their lines are rarely cached). */
    private static final int TOUCH_FROM_NODES = 1 << 14;

    private final int capacity;
    private final int levels;
    /** The highest stored level, {@code levels mod 3}: 1, 2 or 4 nodes under the root. */
    private final int top;
    private final UnsafeBuffer leaves;
    private final long leafAddress;
    private final UnsafeBuffer inner;
    /** Address of stored sum level {@code d} in {@link #inner}, at index d (0 where d is not an inner stored level). */
    private final long[] sumLevel;
    /** Address of stored min level {@code d}, as {@link #sumLevel}. */
    private final long[] minLevel;
    private double maxValue;
    private int[] work = new int[0];
    /**
     * {@code -Dsurge.replay.noSortedBranches=true} makes sorted descents use the branch-free passes on
     * every level (for measurements).
     */
    static final boolean SORTED_BRANCHES = !Boolean.getBoolean("surge.replay.noSortedBranches");
    /** Keeps the look-ahead loads of {@link #sampleStratified} from being removed as dead code. */
    long touchSink;
    /** The running snapshot, told before a leaf changes; null when none runs. */
    SnapshotWriter snapshot;

    PriorityTrees(final int capacity)
    {
        this.levels = SumTree.checkCapacity(capacity);
        this.capacity = capacity;
        this.top = levels % GROUP_LOG2;
        this.leaves = new UnsafeBuffer(OffHeap.allocate(8 * capacity));
        this.leafAddress = leaves.addressOffset();
        final long innerSide = innerBytes(levels);
        this.inner = new UnsafeBuffer(OffHeap.allocate(Math.toIntExact(Math.max(64, 2 * innerSide))));
        this.sumLevel = new long[levels + 1];
        this.minLevel = new long[levels + 1];
        long at = 0;
        for (int d = top; d < levels; d += GROUP_LOG2)
        {
            sumLevel[d] = inner.addressOffset() + at;
            minLevel[d] = inner.addressOffset() + innerSide + at;
            at += levelBytes(d);
        }
        clear();
    }

    /** Bytes of one stored inner level of {@code 2^d} nodes, padded to whole lines. */
    private static long levelBytes(final int d)
    {
        return Math.max(64L, 8L << d);
    }

    /** Bytes of one side (sums or mins) of the inner stored levels. */
    private static long innerBytes(final int levels)
    {
        long bytes = 0;
        for (int d = levels % GROUP_LOG2; d < levels; d += GROUP_LOG2)
        {
            bytes += levelBytes(d);
        }
        return bytes;
    }

    /**
     * Bytes of off-heap memory the priorities of {@code capacity} slots use.
     *
     * @param capacity a power of two in {@code [1, 2^26]}.
     * @return the leaves plus the stored inner levels of both sides, about {@code 10.3 * capacity}.
     */
    static long bytesFor(final int capacity)
    {
        return 8L * capacity + Math.max(64, 2 * innerBytes(SumTree.checkCapacity(capacity)));
    }

    /**
     * Bytes of the stored inner levels of one side (sums or mins), for the memory report.
     *
     * @param capacity a power of two in {@code [1, 2^26]}.
     * @return the bytes.
     */
    static long innerBytesFor(final int capacity)
    {
        return innerBytes(SumTree.checkCapacity(capacity));
    }

    int capacity()
    {
        return capacity;
    }

    /** The sum of all priorities, the heap's root: the pairwise sum of the top stored level. */
    double total()
    {
        return top == levels ? pairwiseSum(leafAddress, 0, top) : pairwiseSum(sumLevel[top], 0, top);
    }

    /** The smallest positive priority, {@code +infinity} when none. */
    double min()
    {
        return top == levels ? positiveMin(0, 1 << top) : minOf(minLevel[top], 0, 1 << top);
    }

    /** One slot's priority (0 if it cannot be sampled). */
    double get(final int leaf)
    {
        return UnsafeApi.getDouble(null, leafAddress + ((long)leaf << 3));
    }

    /**
     * The largest priority ever set since construction or the last {@link #resetMax}: new items
     * without a |δ| get it.
     */
    double maxValue()
    {
        return maxValue;
    }

    void resetMax(final double value)
    {
        maxValue = value;
    }

    /**
     * Node {@code k} of the logical full sum heap (root 1, leaf {@code i} at {@code capacity + i}),
     * for tests and tools: the pairwise sum of its descendants at the nearest stored level.
     */
    double sumNode(final int k)
    {
        final int d = levelOf(k);
        final int width = Math.floorMod(levels - d, GROUP_LOG2);
        final int first = (k - (1 << d)) << width;
        return d + width == levels ? pairwiseSum(leafAddress, first, width) : pairwiseSum(sumLevel[d + width], first, width);
    }

    /** Node {@code k} of the logical full min heap (0 leaves counted as {@code +infinity}). */
    double minNode(final int k)
    {
        final int d = levelOf(k);
        final int width = Math.floorMod(levels - d, GROUP_LOG2);
        final int first = (k - (1 << d)) << width;
        return d + width == levels ? positiveMin(first, 1 << width) : minOf(minLevel[d + width], first, 1 << width);
    }

    private static int levelOf(final int k)
    {
        return 31 - Integer.numberOfLeadingZeros(k);
    }

    /** The sum of the {@code 2^width} values from index {@code first} of the array at {@code base}, in the heap's pairwise order. */
    private static double pairwiseSum(final long base, final int first, final int width)
    {
        if (width == 0)
        {
            return UnsafeApi.getDouble(null, base + ((long)first << 3));
        }
        final int half = 1 << (width - 1);
        return pairwiseSum(base, first, width - 1) + pairwiseSum(base, first + half, width - 1);
    }

    private double positiveMin(final int first, final int count)
    {
        double min = Double.POSITIVE_INFINITY;
        for (int i = first; i < first + count; i++)
        {
            min = Math.min(min, positive(get(i)));
        }
        return min;
    }

    private static double minOf(final long base, final int first, final int count)
    {
        double min = Double.POSITIVE_INFINITY;
        for (int i = first; i < first + count; i++)
        {
            min = Math.min(min, UnsafeApi.getDouble(null, base + ((long)i << 3)));
        }
        return min;
    }

    /**
     * The bits of the leaf at {@code address} as the min side sees it, 0 (not sampleable) read as
     * {@code +infinity}. Leaves are +0.0 or positive and minima positive or {@code +infinity}, never
     * NaN or negative, and such doubles order exactly as their bit patterns do as longs: the minima
     * are taken on the bits, branch-free.
     */
    private static long positiveBits(final long address)
    {
        final long bits = UnsafeApi.getLong(null, address);
        return bits | (((bits - 1) >> 63) & INFINITY_BITS);
    }

    private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    /** A leaf as the min side sees it: 0 (not sampleable) is {@code +infinity}. */
    private static double positive(final double value)
    {
        return value > 0.0 ? value : Double.POSITIVE_INFINITY;
    }

    /**
     * Sets {@code count} leaves (0 removes a leaf from sampling), last value winning for a repeated
     * leaf, and brings the stored sums and minima up to date, one stored level at a time over the
     * whole batch, each run of equal nodes once. The caller guarantees {@code 0 <= leaf < capacity}
     * and finite values {@code >= 0}: this is the hot path and checks nothing.
     */
    void setBatch(final int[] slots, final double[] values, final int count)
    {
        final int[] k = work(count);
        final SnapshotWriter writer = snapshot;
        if (writer != null)
        {
            for (int i = 0; i < count; i++)
            {
                writer.preserveLeaf(slots[i]);
            }
        }
        final long base = leafAddress;
        double max = maxValue;
        for (int i = 0; i < count; i++)
        {
            final double value = values[i] + 0.0; // -0.0 becomes +0.0
            max = Math.max(max, value);
            final int slot = slots[i];
            UnsafeApi.putDouble(null, base + ((long)slot << 3), value);
            k[i] = slot;
        }
        maxValue = max;
        // every leaf is written before any line is summed, so a line holding two of them sees both
        int live = count;
        for (int d = levels - GROUP_LOG2; d >= top; d -= GROUP_LOG2)
        {
            live = d + GROUP_LOG2 == levels ?
                updateFromLeaves(k, live, sumLevel[d], minLevel[d]) :
                updateFromInner(k, live, sumLevel[d + GROUP_LOG2], minLevel[d + GROUP_LOG2], sumLevel[d], minLevel[d]);
        }
    }

    /** The stored level above the leaves: each changed line's sum and positive minimum; leaves the line indices in {@code k}. */
    private int updateFromLeaves(final int[] k, final int count, final long sums, final long mins)
    {
        final long base = leafAddress;
        int previous = -1;
        int live = 0;
        for (int i = 0; i < count; i++)
        {
            final int j = k[i] >>> GROUP_LOG2;
            if (j != previous)
            {
                final long line = base + ((long)j << 6);
                final double l0 = UnsafeApi.getDouble(null, line);
                final double l1 = UnsafeApi.getDouble(null, line + 8);
                final double l2 = UnsafeApi.getDouble(null, line + 16);
                final double l3 = UnsafeApi.getDouble(null, line + 24);
                final double l4 = UnsafeApi.getDouble(null, line + 32);
                final double l5 = UnsafeApi.getDouble(null, line + 40);
                final double l6 = UnsafeApi.getDouble(null, line + 48);
                final double l7 = UnsafeApi.getDouble(null, line + 56);
                UnsafeApi.putDouble(null, sums + ((long)j << 3), ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)));
                // minimum of the positive leaves by their bits (see minBits): 0 leaves read as +infinity
                UnsafeApi.putLong(null, mins + ((long)j << 3),
                    Math.min(Math.min(Math.min(positiveBits(line), positiveBits(line + 8)), Math.min(positiveBits(line + 16), positiveBits(line + 24))),
                        Math.min(Math.min(positiveBits(line + 32), positiveBits(line + 40)), Math.min(positiveBits(line + 48), positiveBits(line + 56)))));
                k[live++] = j;
                previous = j;
            }
        }
        return live;
    }

    /** An inner stored level from the one three levels below; leaves its node indices in {@code k}. */
    private static int updateFromInner(final int[] k, final int count, final long childSums, final long childMins,
        final long sums, final long mins)
    {
        int previous = -1;
        int live = 0;
        for (int i = 0; i < count; i++)
        {
            final int j = k[i] >>> GROUP_LOG2;
            if (j != previous)
            {
                final long line = (long)j << 6;
                final long s = childSums + line;
                UnsafeApi.putDouble(null, sums + ((long)j << 3),
                    ((UnsafeApi.getDouble(null, s) + UnsafeApi.getDouble(null, s + 8)) +
                        (UnsafeApi.getDouble(null, s + 16) + UnsafeApi.getDouble(null, s + 24))) +
                    ((UnsafeApi.getDouble(null, s + 32) + UnsafeApi.getDouble(null, s + 40)) +
                        (UnsafeApi.getDouble(null, s + 48) + UnsafeApi.getDouble(null, s + 56))));
                // minimum by the bits (see positiveBits): cheaper than Math.min(double, double)'s NaN and -0.0 handling
                final long m = childMins + line;
                UnsafeApi.putLong(null, mins + ((long)j << 3),
                    Math.min(Math.min(Math.min(UnsafeApi.getLong(null, m), UnsafeApi.getLong(null, m + 8)),
                            Math.min(UnsafeApi.getLong(null, m + 16), UnsafeApi.getLong(null, m + 24))),
                        Math.min(Math.min(UnsafeApi.getLong(null, m + 32), UnsafeApi.getLong(null, m + 40)),
                            Math.min(UnsafeApi.getLong(null, m + 48), UnsafeApi.getLong(null, m + 56)))));
                k[live++] = j;
                previous = j;
            }
        }
        return live;
    }

    /**
     * Stratified sampling, bit for bit {@link SumTree#sampleStratified} on the full tree: the
     * strata's prefixes are drawn the same way, and each descends with the same rule (go right
     * when the remaining prefix is at least the left sum and the right sum is positive; the prefix
     * loses the left sum when it goes right), the whole batch one stored level (three binary
     * levels) per pass, branch-free where the turns are random and with predicted branches on the
     * upper levels, where sorted strata take the same turns ({@link #findSortedPrefixSums}); on
     * the deep levels a tight pass first loads every stratum's line,
     * so many cache misses are in flight at once (Java has no prefetch instruction; switched off by
     * {@code -Dsurge.replay.noLookAhead=true} for measurements).
     *
     * @return the total the strata were cut from; 0 (and nothing drawn) when nothing is sampleable.
     */
    double sampleStratified(final RandomGenerator rng, final int count, final double[] prefixes, final int[] outLeaves,
        final double[] outValues)
    {
        final double total = total();
        if (!(total > 0.0))
        {
            return 0.0;
        }
        SumTree.drawStrata(rng, total, count, prefixes);
        findSortedPrefixSums(prefixes, count, outLeaves, outValues);
        return total;
    }

    /**
     * The leaves where {@code count} prefix sums fall, bit for bit {@link SumTree#findPrefixSums}
     * on the full tree (so never a 0 leaf while the total is positive, even for a prefix at or past
     * the total).
     *
     * @param prefixes  prefix sums {@code >= 0}; overwritten with what remains of each at its leaf.
     * @param count     how many.
     * @param outLeaves receives the leaves.
     * @param outValues receives their values.
     */
    void findPrefixSums(final double[] prefixes, final int count, final int[] outLeaves, final double[] outValues)
    {
        descend(prefixes, count, outLeaves, outValues, false);
    }

    /**
     * {@link #findPrefixSums} for prefixes in non-decreasing order, as stratified sampling draws
     * them: the same leaves and remainders bit for bit (for prefixes in any order), faster for
     * sorted ones. Where a pass's level has no more nodes than there are prefixes, neighbouring
     * prefixes mostly take the same turns, so the pass branches (a predicted branch takes the
     * comparison off the prefix's dependency chain) instead of computing each turn branch-free.
     */
    void findSortedPrefixSums(final double[] prefixes, final int count, final int[] outLeaves, final double[] outValues)
    {
        descend(prefixes, count, outLeaves, outValues, true);
    }

    private void descend(final double[] prefixes, final int count, final int[] outLeaves, final double[] outValues,
        final boolean sorted)
    {
        descendTop(prefixes, count, outLeaves);
        long sink = 0;
        for (int d = top + GROUP_LOG2; d <= levels; d += GROUP_LOG2)
        {
            final long base = d == levels ? leafAddress : sumLevel[d];
            if (SumTree.LOOK_AHEAD && (1L << d) >= TOUCH_FROM_NODES)
            {
                // a tight pass loading every stratum's line first keeps many cache misses in flight at once
                // (Java has no prefetch instruction; loads inside the descent's loop would stall it)
                for (int i = 0; i < count; i++)
                {
                    sink += UnsafeApi.getLong(null, base + ((long)outLeaves[i] << 6));
                }
            }
            if (SORTED_BRANCHES && sorted && (1L << d) <= count)
            {
                descendGroupSorted(base, prefixes, count, outLeaves);
            }
            else
            {
                descendGroup(base, prefixes, count, outLeaves);
            }
        }
        touchSink = sink;
        for (int i = 0; i < count; i++)
        {
            outValues[i] = get(outLeaves[i]);
        }
    }

    /**
     * The levels under the root down to the top stored level (0, 1 or 2 of them: its 1, 2 or 4
     * nodes), with the descent's rule; leaves each stratum's node at that level in {@code nodes}.
     */
    private void descendTop(final double[] prefixes, final int count, final int[] nodes)
    {
        final long base = top == levels ? leafAddress : sumLevel[top];
        for (int i = 0; i < count; i++)
        {
            // the same rule and formulation as descendGroup, on a group of 1, 2 or 4 nodes
            double p = prefixes[i];
            int node = 0;
            if (top == 2)
            {
                final double leftHalf = UnsafeApi.getDouble(null, base) + UnsafeApi.getDouble(null, base + 8);
                final double rightHalf = UnsafeApi.getDouble(null, base + 16) + UnsafeApi.getDouble(null, base + 24);
                node = (p >= leftHalf ? 1 : 0) & (rightHalf > 0.0 ? 1 : 0);
                p = Math.fma(node, -leftHalf, p);
            }
            if (top >= 1)
            {
                final long pair = base + ((long)node << 4);
                final double left = UnsafeApi.getDouble(null, pair);
                final int right = (p >= left ? 1 : 0) & (UnsafeApi.getDouble(null, pair + 8) > 0.0 ? 1 : 0);
                p = Math.fma(right, -left, p);
                node = 2 * node + right;
            }
            prefixes[i] = p;
            nodes[i] = node;
        }
    }

    /**
     * One pass of the descent: for each stratum, the 8 values of its line at the stored level
     * {@code base} (its node's descendants three levels down), three binary levels inside the
     * line; leaves its node three levels down in {@code nodes} and the remaining prefix in
     * {@code prefixes}.
     */
    private static void descendGroup(final long base, final double[] prefixes, final int count, final int[] nodes)
    {
        for (int i = 0; i < count; i++)
        {
            final int j = nodes[i];
            final long line = base + ((long)j << 6);
            final double leftQuad = (UnsafeApi.getDouble(null, line) + UnsafeApi.getDouble(null, line + 8)) +
                (UnsafeApi.getDouble(null, line + 16) + UnsafeApi.getDouble(null, line + 24));
            final double rightQuad = (UnsafeApi.getDouble(null, line + 32) + UnsafeApi.getDouble(null, line + 40)) +
                (UnsafeApi.getDouble(null, line + 48) + UnsafeApi.getDouble(null, line + 56));
            // Branch-free (a mispredicted branch would flush the loads in flight) and without the integer
            // round trips of SumTree's bit tricks: right is 0 or 1, so fma(right, -left, p) is p or p - left
            // exactly (the product is exact, one rounding); one instruction on the chain where p -= right * left
            // took two (descent minimum 59-60 against 61-62 ns per item at 2^20, docs/performance.md).
            double p = prefixes[i];
            // first level: the two quads
            int right = (p >= leftQuad ? 1 : 0) & (rightQuad > 0.0 ? 1 : 0);
            p = Math.fma(right, -leftQuad, p);
            // second level: the pairs of the chosen quad, summed again from the line (the same additions)
            final long quad = line + ((long)right << 5);
            final double leftPair = UnsafeApi.getDouble(null, quad) + UnsafeApi.getDouble(null, quad + 8);
            final double rightPair = UnsafeApi.getDouble(null, quad + 16) + UnsafeApi.getDouble(null, quad + 24);
            int node = right;
            right = (p >= leftPair ? 1 : 0) & (rightPair > 0.0 ? 1 : 0);
            p = Math.fma(right, -leftPair, p);
            node = 2 * node + right;
            // third level: the two values of the chosen pair
            final long pair = line + ((long)node << 4);
            final double leftValue = UnsafeApi.getDouble(null, pair);
            right = (p >= leftValue ? 1 : 0) & (UnsafeApi.getDouble(null, pair + 8) > 0.0 ? 1 : 0);
            p = Math.fma(right, -leftValue, p);
            final int child = (j << GROUP_LOG2) + 2 * node + right;
            prefixes[i] = p;
            nodes[i] = child;
        }
    }

    /**
     * {@link #descendGroup} with branches: for sorted prefixes on a level with no more nodes than
     * prefixes, where the turns repeat from one prefix to the next and are predicted (one level
     * further down, 2,048 nodes for 512 prefixes at 2^20, the mispredictions already made the
     * descent slower than the branch-free pass: 65-68 against 52-54 ns per item, docs/performance.md).
     * {@code p -= left} is the same single rounding as the branch-free pass's fma. The sums are written
     * out here as in the other passes: with them in two small helpers (pairSum, quadSum) shared by the
     * passes and the update, the descent measured 58-62 against 53-55 ns per item and the update 35-37
     * against 32-34 (phase harness, alternated twice, 17:50-17:53 UTC on 2026-11-26).
     */
    private static void descendGroupSorted(final long base, final double[] prefixes, final int count, final int[] nodes)
    {
        for (int i = 0; i < count; i++)
        {
            final int j = nodes[i];
            final long line = base + ((long)j << 6);
            final double leftQuad = (UnsafeApi.getDouble(null, line) + UnsafeApi.getDouble(null, line + 8)) +
                (UnsafeApi.getDouble(null, line + 16) + UnsafeApi.getDouble(null, line + 24));
            final double rightQuad = (UnsafeApi.getDouble(null, line + 32) + UnsafeApi.getDouble(null, line + 40)) +
                (UnsafeApi.getDouble(null, line + 48) + UnsafeApi.getDouble(null, line + 56));
            double p = prefixes[i];
            int node = 0;
            if (p >= leftQuad && rightQuad > 0.0)
            {
                p -= leftQuad;
                node = 1;
            }
            final long quad = line + ((long)node << 5);
            final double leftPair = UnsafeApi.getDouble(null, quad) + UnsafeApi.getDouble(null, quad + 8);
            final double rightPair = UnsafeApi.getDouble(null, quad + 16) + UnsafeApi.getDouble(null, quad + 24);
            node <<= 1;
            if (p >= leftPair && rightPair > 0.0)
            {
                p -= leftPair;
                node++;
            }
            final long pair = line + ((long)node << 4);
            final double leftValue = UnsafeApi.getDouble(null, pair);
            node <<= 1;
            if (p >= leftValue && UnsafeApi.getDouble(null, pair + 8) > 0.0)
            {
                p -= leftValue;
                node++;
            }
            prefixes[i] = p;
            nodes[i] = (j << GROUP_LOG2) + node;
        }
    }

    void clear()
    {
        leaves.setMemory(0, leaves.capacity(), (byte)0);
        for (int d = top; d < levels; d += GROUP_LOG2)
        {
            for (int j = 0; j < 1 << d; j++)
            {
                UnsafeApi.putDouble(null, sumLevel[d] + ((long)j << 3), 0.0);
                UnsafeApi.putDouble(null, minLevel[d] + ((long)j << 3), Double.POSITIVE_INFINITY);
            }
        }
        maxValue = 0.0;
    }

    /** Loads one leaf without maintaining the inner levels, for bulk loading; {@link #rebuild()} afterwards. */
    void putLeaf(final int leaf, final double value)
    {
        leaves.putDouble(leaf << 3, value + 0.0);
    }

    /** Recomputes every stored inner level from the leaves (after a bulk load). */
    void rebuild()
    {
        for (int d = levels - GROUP_LOG2; d >= top; d -= GROUP_LOG2)
        {
            final int below = d + GROUP_LOG2;
            for (int j = 0; j < 1 << d; j++)
            {
                final int first = j << GROUP_LOG2;
                final boolean fromLeaves = below == levels;
                UnsafeApi.putDouble(null, sumLevel[d] + ((long)j << 3),
                    pairwiseSum(fromLeaves ? leafAddress : sumLevel[below], first, GROUP_LOG2));
                UnsafeApi.putDouble(null, minLevel[d] + ((long)j << 3),
                    fromLeaves ? positiveMin(first, 1 << GROUP_LOG2) : minOf(minLevel[below], first, 1 << GROUP_LOG2));
            }
        }
    }

    /** The leaf array (8 bytes per slot, in slot order), for snapshots; owned by this object. */
    ByteBuffer byteBuffer()
    {
        return leaves.byteBuffer();
    }

    /** Byte offset of a slot's leaf in {@link #byteBuffer()}. */
    int leafByteOffset(final int leaf)
    {
        return leaf << 3;
    }

    private int[] work(final int count)
    {
        if (work.length < count)
        {
            work = new int[count];
        }
        return work;
    }
}
