package io.surge.replay;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A min segment tree over {@code capacity} leaves, stored off-heap; unset leaves are
 * {@code +infinity}, so the root is the smallest value among the leaves in use. Prioritized replay
 * keeps one beside its {@link SumTree} to normalise importance weights by the largest weight
 * (which belongs to the smallest priority).
 *
 * <h2>Layout</h2>
 * The same heap as {@link SumTree}, one {@link UnsafeBuffer} of {@code 2 * capacity} float64
 * nodes: node {@code k} at byte offset {@code 8k}, root at 1, children of {@code k} at {@code 2k}
 * and {@code 2k+1}, leaf {@code i} at node {@code capacity + i}, node 0 unused. Every internal node
 * is {@code min(node[2k], node[2k+1])}; a min involves no rounding, so the root is exactly the
 * smallest leaf at all times.
 *
 * <p>Threading: not thread-safe; one owner thread. Memory: allocated once; {@link #setBatch}
 * grows a work array the first time a larger batch is seen.
 */
public final class MinTree
{
    private final int capacity;
    private final int levels;
    private final UnsafeBuffer nodes;
    private final long address;
    private int[] work = new int[0];

    /**
     * A tree whose leaves are all unset ({@code +infinity}).
     *
     * @param capacity the number of leaves, a power of two in {@code [1, 2^26]}.
     */
    public MinTree(final int capacity)
    {
        this.levels = SumTree.checkCapacity(capacity);
        this.capacity = capacity;
        this.nodes = new UnsafeBuffer(OffHeap.allocate(2 * capacity * SumTree.NODE_BYTES));
        this.address = nodes.addressOffset();
        clear();
    }

    /**
     * Bytes of off-heap memory a tree of this capacity uses.
     *
     * @param capacity the number of leaves.
     * @return {@code 16 * capacity}.
     */
    public static long bytesFor(final int capacity)
    {
        return SumTree.bytesFor(capacity);
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
     * @param value the value; {@code +infinity} unsets the leaf; NaN is refused.
     */
    public void set(final int index, final double value)
    {
        checkIndex(index);
        checkValue(value);
        int k = capacity + index;
        put(k, value);
        k >>>= 1;
        while (k >= 1)
        {
            put(k, Math.min(node(2 * k), node(2 * k + 1)));
            k >>>= 1;
        }
    }

    /**
     * Sets {@code count} leaves, the last value winning where an index repeats; ancestors are
     * recomputed level by level over the batch (see {@link SumTree#setBatch}).
     *
     * @param indices leaves, in {@code [0, capacity)}.
     * @param values  values; {@code +infinity} unsets a leaf.
     * @param count   how many of the arrays' first elements to use.
     */
    public void setBatch(final int[] indices, final double[] values, final int count)
    {
        final int[] k = work(count);
        for (int i = 0; i < count; i++)
        {
            final int index = indices[i];
            checkIndex(index);
            checkValue(values[i]);
            put(capacity + index, values[i]);
            k[i] = (capacity + index) >>> 1;
        }
        for (int level = 0; level < levels; level++)
        {
            int previous = 0;
            for (int i = 0; i < count; i++)
            {
                final int parent = k[i];
                if (parent != previous)
                {
                    put(parent, Math.min(node(2 * parent), node(2 * parent + 1)));
                    previous = parent;
                }
                k[i] = parent >>> 1;
            }
        }
    }

    /**
     * One leaf.
     *
     * @param index the leaf, in {@code [0, capacity)}.
     * @return its value, {@code +infinity} if unset.
     */
    public double get(final int index)
    {
        checkIndex(index);
        return node(capacity + index);
    }

    /**
     * The smallest leaf (the root).
     *
     * @return the minimum, {@code +infinity} when no leaf is set.
     */
    public double min()
    {
        return node(1);
    }

    /**
     * The smallest of leaves {@code [start, end)}, reduced like {@link SumTree#sum(int, int)}.
     * An empty range gives {@code +infinity}.
     *
     * @param start first leaf, inclusive.
     * @param end   last leaf, exclusive, at most {@code capacity}.
     * @return the minimum.
     */
    public double min(final int start, final int end)
    {
        if (start < 0 || end > capacity)
        {
            throw new IndexOutOfBoundsException("range [" + start + ", " + end + ") outside [0, " + capacity + ")");
        }
        if (start >= end)
        {
            return Double.POSITIVE_INFINITY;
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
        return Math.min(reduce(start, mid, 2 * k, nodeStart, mid), reduce(mid + 1, last, 2 * k + 1, mid + 1, nodeLast));
    }

    /**
     * Unsets every leaf.
     */
    public void clear()
    {
        final int nodeCount = 2 * capacity;
        for (int k = 0; k < nodeCount; k++)
        {
            put(k, Double.POSITIVE_INFINITY);
        }
    }

    /**
     * Recomputes every internal node from the leaves.
     */
    public void rebuild()
    {
        for (int k = capacity - 1; k >= 1; k--)
        {
            put(k, Math.min(node(2 * k), node(2 * k + 1)));
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
     * One node of the heap array.
     *
     * @param k the node, in {@code [1, 2*capacity)}.
     * @return its value.
     */
    public double node(final int k)
    {
        return nodes.getDouble(k << 3);
    }

    long address()
    {
        return address;
    }

    private void put(final int k, final double value)
    {
        nodes.putDouble(k << 3, value);
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
        if (Double.isNaN(value))
        {
            throw new IllegalArgumentException("min-tree values must not be NaN");
        }
    }
}
