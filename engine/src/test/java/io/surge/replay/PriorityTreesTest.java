package io.surge.replay;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PriorityTreesTest
{
    /** The fused batch update gives bit for bit the nodes of a separate SumTree and MinTree set one leaf at a time. */
    @Test
    void shouldMatchSingleSetsNodeForNodeAndDescendTheSameWay()
    {
        final Rng rng = new Rng(21);
        for (final int capacity : new int[] {1, 2, 8, 1 << 12, 1 << 15})
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
                    values[i] = rng.nextInt(5) == 0 ? 0.0 : Math.exp(rng.nextDouble() * 20 - 10);
                    sum.set(leaves[i], values[i]);
                    min.set(leaves[i], values[i] > 0 ? values[i] : Double.POSITIVE_INFINITY);
                }
                trees.setBatch(leaves, values, count);
            }
            for (int k = 1; k < 2 * capacity; k++)
            {
                assertEquals(Double.doubleToLongBits(sum.node(k)), Double.doubleToLongBits(trees.sumTree().node(k)), "sum node " + k);
                assertEquals(min.node(k), trees.minTree().node(k), "min node " + k);
            }
            final int strata = 257;
            final double[] a = new double[strata];
            final double[] b = new double[strata];
            final int[] outA = new int[strata];
            final int[] outB = new int[strata];
            final double[] valA = new double[strata];
            final double[] valB = new double[strata];
            assertEquals(sum.sampleStratified(new Rng(capacity), strata, a, outA, valA),
                trees.sampleStratified(new Rng(capacity), strata, b, outB, valB));
            for (int i = 0; i < strata; i++)
            {
                assertEquals(outA[i], outB[i]);
                assertEquals(valA[i], valB[i]);
            }
            // rebuilding from the leaves gives the same nodes
            final PriorityTrees copy = new PriorityTrees(capacity);
            for (int leaf = 0; leaf < capacity; leaf++)
            {
                copy.sumTree().putLeaf(leaf, trees.get(leaf));
            }
            copy.rebuildFromSumLeaves();
            for (int k = 1; k < 2 * capacity; k++)
            {
                assertEquals(trees.sumTree().node(k), copy.sumTree().node(k));
                assertEquals(trees.minTree().node(k), copy.minTree().node(k));
            }
        }
    }
}
