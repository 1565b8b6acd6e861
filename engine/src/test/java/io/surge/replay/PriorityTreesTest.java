package io.surge.replay;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PriorityTreesTest
{
    /**
     * The leaf blocks under two block trees give bit for bit the nodes, totals, minima and samples of a
     * full SumTree and MinTree set one leaf at a time, for capacities below, at and above one block.
     */
    @Test
    void shouldMatchFullTreesNodeForNodeAndDescendTheSameWay()
    {
        final Rng rng = new Rng(21);
        for (final int capacity : new int[] {1, 2, 4, 8, 16, 1 << 11, 1 << 12, 1 << 13, 1 << 20})
        {
            final PriorityTrees trees = new PriorityTrees(capacity);
            final SumTree sum = new SumTree(capacity);
            final MinTree min = new MinTree(capacity);
            final int batch = Math.min(300, 2 * capacity);
            final int[] leaves = new int[batch];
            final double[] values = new double[batch];
            for (int round = 0; round < 200; round++)
            {
                final int count = 1 + rng.nextInt(batch);
                final int base = rng.nextInt(capacity);
                for (int i = 0; i < count; i++)
                {
                    leaves[i] = rng.nextBoolean() ? (base + i) % capacity : rng.nextInt(capacity);
                    // zeros, wide magnitudes and small integers (exact sums, so prefixes land on boundaries)
                    final int kind = rng.nextInt(5);
                    values[i] = kind == 0 ? 0.0 : kind == 1 ? 1 + rng.nextInt(3) : Math.exp(rng.nextDouble() * 20 - 10);
                }
                if (round % 2 == 0)
                {
                    // leaves in non-decreasing order, repeats included, as a sampled batch's update brings
                    // them (long runs of equal lines and nodes at every level)
                    sortByLeaf(leaves, values, count);
                }
                for (int i = 0; i < count; i++)
                {
                    sum.set(leaves[i], values[i]);
                    min.set(leaves[i], values[i] > 0 ? values[i] : Double.POSITIVE_INFINITY);
                }
                trees.setBatch(leaves, values, count);
                if (capacity <= 1 << 13 || round % 50 == 0)
                {
                    assertSameNodes(sum, min, trees, capacity);
                }
                if (round % 20 == 0)
                {
                    assertSameSamples(sum, trees, capacity, round);
                }
            }
            assertSameNodes(sum, min, trees, capacity);
            assertSameSamples(sum, trees, capacity, -1);
            // rebuilding from the leaves gives the same nodes
            final PriorityTrees copy = new PriorityTrees(capacity);
            for (int leaf = 0; leaf < capacity; leaf++)
            {
                copy.putLeaf(leaf, trees.get(leaf));
            }
            copy.rebuild();
            assertSameNodes(sum, min, copy, capacity);
        }
    }

    /** Prefixes exactly on every leaf boundary (integer priorities, so every partial sum is exact) go where the full tree's do. */
    @Test
    void shouldSplitExactBoundariesLikeTheFullTree()
    {
        final int capacity = 64;
        final SumTree sum = new SumTree(capacity);
        final double[] values = new double[capacity];
        for (int leaf = 0; leaf < capacity; leaf++)
        {
            values[leaf] = leaf % 7 == 3 ? 0.0 : 1 + leaf % 3;
        }
        final PriorityTrees trees = bothSetTo(sum, values);
        final int strata = (int)sum.total(); // each stratum's width is 1: boundaries at every integer
        final java.util.random.RandomGenerator zero = new java.util.random.RandomGenerator()
        {
            @Override
            public long nextLong()
            {
                return 0;
            }
        };
        final Draws full = new Draws(strata);
        final Draws third = new Draws(strata);
        sum.sampleStratified(zero, strata, full.prefixes, full.leaves, full.values);
        trees.sampleStratified(zero, strata, third.prefixes, third.leaves, third.values);
        assertSameDraws(full, third, strata, "stratum");
    }

    /**
     * Prefixes on every boundary, at the total and past it, with zero leaves on both sides of
     * boundaries: the guard that never descends into a zero subtree acts where the full tree's does.
     */
    @Test
    void shouldNeverDescendIntoZeroLeavesLikeTheFullTree()
    {
        for (final int capacity : new int[] {1, 2, 4, 8, 16, 32, 1 << 9, 1 << 10})
        {
            final Rng rng = new Rng(capacity);
            for (int round = 0; round < 20; round++)
            {
                final SumTree sum = new SumTree(capacity);
                final double[] values = new double[capacity];
                final int zeroTail = rng.nextInt(capacity / 2 + 1); // a prefix past the total ends before it
                for (int leaf = 0; leaf < capacity; leaf++)
                {
                    // integers: every partial sum is exact, so prefixes fall exactly on boundaries
                    values[leaf] = leaf == 0 || (rng.nextInt(3) != 0 && leaf < capacity - zeroTail) ? 1 + rng.nextInt(4) : 0.0;
                }
                final PriorityTrees trees = bothSetTo(sum, values);
                final int count = 2 * (int)sum.total() + 3;
                final Draws full = new Draws(count);
                final Draws third = new Draws(count);
                for (int i = 0; i < count; i++)
                {
                    full.prefixes[i] = i * 0.5 + (i == count - 1 ? 1e9 : 0); // every boundary, the total, past it, far past it
                    third.prefixes[i] = full.prefixes[i];
                }
                final Draws sorted = new Draws(count);
                System.arraycopy(full.prefixes, 0, sorted.prefixes, 0, count);
                sum.findPrefixSums(full.prefixes, count, full.leaves, full.values);
                trees.findPrefixSums(third.prefixes, count, third.leaves, third.values);
                assertSameDraws(full, third, count, "capacity " + capacity + ", prefix index");
                // the same sorted prefixes through the passes that branch (every level has fewer nodes than
                // there are prefixes up to 2^9 leaves, so the guard is exercised on the branching passes too)
                trees.findSortedPrefixSums(sorted.prefixes, count, sorted.leaves, sorted.values);
                assertSameDraws(full, sorted, count, "sorted, capacity " + capacity + ", prefix index");
            }
        }
    }

    /**
     * The descent for sorted prefixes gives what the general one gives, bit for bit, whatever the
     * order of the prefixes (sorted, shuffled, repeated) and whichever passes branch (batches smaller
     * and larger than the levels' node counts).
     */
    @Test
    void shouldDescendTheSameWayWithOrWithoutBranches()
    {
        final Rng rng = new Rng(5);
        for (final int capacity : new int[] {1, 8, 64, 1 << 10, 1 << 14, 1 << 17})
        {
            final SumTree sum = new SumTree(capacity);
            final double[] values = new double[capacity];
            for (int leaf = 0; leaf < capacity; leaf++)
            {
                final int kind = rng.nextInt(6);
                values[leaf] = kind == 0 ? 0.0 : kind == 1 ? 1 + rng.nextInt(3) : Math.exp(rng.nextDouble() * 20 - 10);
            }
            values[rng.nextInt(capacity)] = 1.0; // never all zero
            final PriorityTrees trees = bothSetTo(sum, values);
            final double total = trees.total();
            for (final int count : new int[] {1, 7, 300, 2048})
            {
                for (int round = 0; round < 6; round++)
                {
                    final Draws general = new Draws(count);
                    final Draws sorted = new Draws(count);
                    for (int i = 0; i < count; i++)
                    {
                        // stratified-like, on boundaries-prone integers, repeats, at and past the total
                        final int kind = rng.nextInt(8);
                        general.prefixes[i] = kind == 0 ? Math.floor(rng.nextDouble() * total) : kind == 1 ? total :
                            kind == 2 && i > 0 ? general.prefixes[i - 1] : total * (i + rng.nextDouble()) / count;
                    }
                    if (round % 2 == 0)
                    {
                        java.util.Arrays.sort(general.prefixes, 0, count);
                    }
                    System.arraycopy(general.prefixes, 0, sorted.prefixes, 0, count);
                    trees.findPrefixSums(general.prefixes, count, general.leaves, general.values);
                    trees.findSortedPrefixSums(sorted.prefixes, count, sorted.leaves, sorted.values);
                    assertSameDraws(general, sorted, count, "capacity " + capacity + ", count " + count + ", round " + round + ", prefix");
                }
            }
        }
    }

    private static void assertSameNodes(final SumTree sum, final MinTree min, final PriorityTrees trees, final int capacity)
    {
        for (int k = 1; k < 2 * capacity; k++)
        {
            assertEquals(Double.doubleToLongBits(sum.node(k)), Double.doubleToLongBits(trees.sumNode(k)), "sum node " + k);
            assertEquals(min.node(k), trees.minNode(k), "min node " + k);
        }
        assertEquals(Double.doubleToLongBits(sum.total()), Double.doubleToLongBits(trees.total()));
        assertEquals(min.min(), trees.min());
    }

    private static void assertSameSamples(final SumTree sum, final PriorityTrees trees, final int capacity, final int round)
    {
        final int strata = 257;
        final Draws full = new Draws(strata);
        final Draws third = new Draws(strata);
        assertEquals(sum.sampleStratified(new Rng(capacity + round), strata, full.prefixes, full.leaves, full.values),
            trees.sampleStratified(new Rng(capacity + round), strata, third.prefixes, third.leaves, third.values));
        if (sum.total() > 0.0)
        {
            assertSameDraws(full, third, strata, "capacity " + capacity + ", round " + round + ", stratum");
        }
    }

    /** Sets every leaf of a full SumTree and of new PriorityTrees to {@code values}. */
    private static PriorityTrees bothSetTo(final SumTree sum, final double[] values)
    {
        final int capacity = values.length;
        final PriorityTrees trees = new PriorityTrees(capacity);
        final int[] leaves = new int[capacity];
        for (int leaf = 0; leaf < capacity; leaf++)
        {
            leaves[leaf] = leaf;
            sum.set(leaf, values[leaf]);
        }
        trees.setBatch(leaves, values, capacity);
        return trees;
    }

    /** What one batched descent gives: the remaining prefixes, the leaves and their values. */
    private record Draws(double[] prefixes, int[] leaves, double[] values)
    {
        Draws(final int count)
        {
            this(new double[count], new int[count], new double[count]);
        }
    }

    /** The same leaves, values and remaining prefixes (bit for bit), draw by draw. */
    private static void assertSameDraws(final Draws full, final Draws third, final int count, final String what)
    {
        for (int i = 0; i < count; i++)
        {
            assertEquals(full.leaves[i], third.leaves[i], what + " " + i);
            assertEquals(full.values[i], third.values[i], what + " " + i);
            assertEquals(Double.doubleToLongBits(full.prefixes[i]), Double.doubleToLongBits(third.prefixes[i]), what + " " + i);
        }
    }

    /** Sorts the first {@code count} (leaf, value) pairs by leaf, keeping the order of equal leaves (the last value still wins). */
    private static void sortByLeaf(final int[] leaves, final double[] values, final int count)
    {
        for (int i = 1; i < count; i++)
        {
            final int leaf = leaves[i];
            final double value = values[i];
            int j = i - 1;
            while (j >= 0 && leaves[j] > leaf)
            {
                leaves[j + 1] = leaves[j];
                values[j + 1] = values[j];
                j--;
            }
            leaves[j + 1] = leaf;
            values[j + 1] = value;
        }
    }
}
