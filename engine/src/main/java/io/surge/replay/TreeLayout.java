package io.surge.replay;

import org.agrona.UnsafeApi;

/**
 * Where the nodes of a {@link SumTree} or {@link MinTree} of a given capacity live in its buffer:
 * the logical tree is the binary heap (root 1, children of {@code k} at {@code 2k} and
 * {@code 2k+1}, leaf {@code i} at node {@code capacity + i}); only the byte offsets are blocked so
 * that a root-to-leaf walk touches about half as many 64-byte cache lines as the plain heap array.
 *
 * <h2>Layout</h2>
 * Nodes are stored in sibling pairs: pair {@code p} is nodes {@code 2p, 2p+1} (the children of
 * node {@code p}, 16 bytes), and pair 0 is nodes 0 (unused) and 1 (the root). The pairs form a
 * binary heap of their own (the children of pair {@code p} are pairs {@code 2p} and {@code 2p+1}),
 * and "pair level" {@code L} holds pairs {@code [2^L, 2^(L+1))}, the children of the nodes of
 * level {@code L}. The internal pair levels {@code 0 .. levels-2} are grouped two by two, from
 * the bottom, into aligned 64-byte blocks of three pairs: a pair at a block's first level and its
 * two child pairs (16 bytes unused). Pair 0 is block 0; when the number of internal pair levels is
 * odd, pair level 0 is its child level. The leaves are not blocked: they follow the blocks as one
 * plain array of float64 in leaf order (so a leaf pair is one aligned 16-byte slot and the
 * snapshot files keep their leaf section byte-for-byte). With {@code levels = 20}:
 * <pre>
 *   byte 0                64                       64*B                 64*B + 8*capacity
 *   +----------------+----------------+--  ...  --+--------+--  ...  --+
 *   | p0 | -  | p1 |-| p2 | p4 | p5 |-| ...       | leaf 0 | ...       |
 *   +----------------+----------------+--  ...  --+--------+--  ...  --+
 *   block 0           block 1 (pair levels 1, 2)   leaves (pair level 19)
 *   block root levels 1, 3, ..., 17; a block's second level 0 (below pair 0), 2, 4, ..., 18
 * </pre>
 * A pair {@code p} at pair level {@code L} is at byte {@code O + (p << s) - ((p & m) << 4)}, with
 * three constants per level: at a block's first level {@code s = 6, m = 0}; at its second level
 * {@code s = 5, m = 1} (that is {@code ((p >>> 1) << 6) + 16 + ((p & 1) << 4)} from the block's
 * start); at the leaves {@code s = 4, m = 0}; {@code O} places the level's first pair. Node {@code k} is 8 bytes after pair
 * {@code k >>> 1}'s offset when {@code k} is odd.
 *
 * <p>Memory: {@code 64 * B + 8 * capacity} bytes, where {@code B} is 1 plus the number of pairs at
 * the blocks' first levels, about {@code capacity / 6}: about {@code 18.7 * capacity} bytes
 * against {@code 16 * capacity} for the plain heap (+16.7%; 2^20 leaves: 19,573,440 bytes instead
 * of 16,777,216).
 *
 * <p>Immutable; shared freely.
 */
final class TreeLayout
{
    /** Bytes of one block of three sibling pairs. */
    static final int BLOCK_BYTES = 64;

    private final int capacity;
    private final int levels;
    private final long leafBase;
    private final long bytes;
    /** Per pair level L in [-1, levels), at index L + 1. */
    private final int[] pairMask;
    private final long[] pairBase;
    private final int[] pairShift;
    private final boolean[] newLine;

    TreeLayout(final int capacity)
    {
        this.levels = SumTree.checkCapacity(capacity);
        this.capacity = capacity;
        pairMask = new int[levels + 1];
        pairBase = new long[levels + 1];
        pairShift = new int[levels + 1];
        newLine = new boolean[levels + 1];
        pairShift[0] = 6; // pair 0: block 0, offset 0
        newLine[0] = true;
        long blocks = 1;
        for (int level = 0; level <= levels - 2; level++)
        {
            final int at = level + 1;
            pairShift[at] = 6;
            if (((levels - 1 - level) & 1) == 0)
            {
                // pair p is the first of block (blocks + p - 2^level)
                pairMask[at] = 0;
                pairBase[at] = (blocks - (1L << level)) * BLOCK_BYTES;
                newLine[at] = true;
                blocks += 1L << level;
            }
            else
            {
                // pair p is in slot 1 + (p & 1) of the block whose first pair is p >>> 1 (for level 0: block 0)
                pairMask[at] = 1;
                pairShift[at] = 5;
                pairBase[at] = pairBase[at - 1] + 16;
            }
        }
        leafBase = blocks * BLOCK_BYTES;
        if (levels >= 1)
        {
            final int at = levels;
            pairMask[at] = 0;
            pairShift[at] = 4;
            pairBase[at] = leafBase - 8L * capacity; // leaf pair p holds leaves 2p - capacity and 2p + 1 - capacity
            newLine[at] = true;
        }
        bytes = leafBase + 8L * capacity;
    }

    /**
     * Bytes a tree of this capacity occupies.
     *
     * @param capacity a power of two in {@code [1, 2^26]}.
     * @return the buffer size.
     */
    static long bytesFor(final int capacity)
    {
        return new TreeLayout(capacity).bytes;
    }

    long bytes()
    {
        return bytes;
    }

    int levels()
    {
        return levels;
    }

    /** Byte offset of leaf 0; leaf {@code i} is at {@code leafBase() + 8i}. */
    long leafBase()
    {
        return leafBase;
    }

    /** The {@code m} constant of pair level {@code level} (in {@code [-1, levels)}). */
    int mask(final int level)
    {
        return pairMask[level + 1];
    }

    /** The {@code O} constant of pair level {@code level}. */
    long base(final int level)
    {
        return pairBase[level + 1];
    }

    /** The {@code s} constant of pair level {@code level}. */
    int shift(final int level)
    {
        return pairShift[level + 1];
    }

    /** Whether pair level {@code level} starts a new block (or is the leaf level). */
    boolean startsLine(final int level)
    {
        return newLine[level + 1];
    }

    /** Byte offset of pair {@code p} (nodes 2p, 2p+1), given its pair level. */
    static long pairOffset(final int p, final int m, final long o, final int s)
    {
        return o + ((long)p << s) - ((p & m) << 4);
    }

    /**
     * Byte offset of node {@code k}.
     *
     * @param k a node in {@code [1, 2 * capacity)}.
     * @return its offset in the buffer.
     */
    long nodeOffset(final int k)
    {
        if (k >= capacity)
        {
            return leafBase + 8L * (k - capacity);
        }
        final int p = k >>> 1;
        final int level = 31 - Integer.numberOfLeadingZeros(p); // -1 for pair 0
        final int at = level + 1;
        return pairOffset(p, pairMask[at], pairBase[at], pairShift[at]) + ((k & 1) << 3);
    }

    /**
     * Recomputes the ancestors of {@code count} changed leaves level by level, each shared
     * ancestor once per run of equal parents: sums, or minima if {@code minimum}, in the tree at
     * absolute address {@code tree}. The one walk behind {@link SumTree#setBatch} and
     * {@link MinTree#setBatch}. Allocation-free.
     *
     * @param k       on entry the parents of the changed leaves ({@code (capacity + leaf) >>> 1});
     *                overwritten.
     * @param count   how many.
     * @param tree    address of a tree of this layout.
     * @param minimum whether it is a min tree (else a sum tree).
     */
    void propagate(final int[] k, final int count, final long tree, final boolean minimum)
    {
        int live = count;
        for (int level = 0; level < levels; level++)
        {
            // parents are at node level levels-1-level: read their pair there, write them into the pair level above
            final int readLevel = levels - 1 - level;
            final long readOrigin = base(readLevel);
            final long writeOrigin = base(readLevel - 1);
            final int rs = shift(readLevel);
            final int ws = shift(readLevel - 1);
            // constant shifts and masks per kind of level, so the JIT folds the address arithmetic
            if (rs == 4 && ws == 5)
            {
                live = propagateLevel(tree, minimum, k, live, readOrigin, 4, 0, writeOrigin, 5, 1);
            }
            else if (rs == 5)
            {
                live = propagateLevel(tree, minimum, k, live, readOrigin, 5, 1, writeOrigin, 6, 0);
            }
            else if (rs == 6 && ws == 5)
            {
                live = propagateLevel(tree, minimum, k, live, readOrigin, 6, 0, writeOrigin, 5, 1);
            }
            else
            {
                live = propagateLevel(tree, minimum, k, live, readOrigin, rs, mask(readLevel), writeOrigin, ws,
                    mask(readLevel - 1));
            }
        }
    }

    /**
     * One level of {@link #propagate}; pairs are at {@code origin + (p << shift) - ((p & mask) << 4)}.
     * Each run of equal parents is recomputed once and leaves one grandparent in {@code k}, so the
     * levels near the root, where a sorted batch's paths merge, cost little.
     *
     * @return how many grandparents it left at the front of {@code k}.
     */
    private static int propagateLevel(final long tree, final boolean minimum, final int[] k, final int count,
        final long readOrigin, final int rs, final int rm, final long writeOrigin, final int ws, final int wm)
    {
        int previous = 0;
        int live = 0;
        for (int i = 0; i < count; i++)
        {
            final int parent = k[i];
            if (parent != previous)
            {
                final long children = readOrigin + ((long)parent << rs) - ((parent & rm) << 4);
                final int pair = parent >>> 1;
                final long at = writeOrigin + ((long)pair << ws) - ((pair & wm) << 4) + ((parent & 1) << 3);
                // a loop-invariant test: the JIT unswitches the loop per kind of tree
                final double left = UnsafeApi.getDouble(null, tree + children);
                final double right = UnsafeApi.getDouble(null, tree + children + 8);
                UnsafeApi.putDouble(null, tree + at, minimum ? Math.min(left, right) : left + right);
                previous = parent;
                k[live++] = parent >>> 1;
            }
        }
        return live;
    }
}
