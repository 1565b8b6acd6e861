package io.surge.replay;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SumTreeTest
{
    @Test
    void shouldAgreeWithABruteForceModelUnderRandomUpdatesAndQueries()
    {
        final Rng rng = new Rng(1);
        for (final int capacity : new int[] {1, 2, 8, 64, 1024})
        {
            final SumTree tree = new SumTree(capacity);
            final double[] model = new double[capacity];
            for (int step = 0; step < 20_000; step++)
            {
                final int i = rng.nextInt(capacity);
                final double v = rng.nextInt(4) == 0 ? 0.0 : rng.nextInt(1000);
                tree.set(i, v);
                model[i] = v;
                final int start = rng.nextInt(capacity + 1);
                final int end = start + rng.nextInt(capacity + 1 - start);
                double expected = 0;
                for (int j = start; j < end; j++)
                {
                    expected += model[j];
                }
                assertEquals(expected, tree.sum(start, end)); // small integers: every order is exact
                assertEquals(model[i], tree.get(i));
                if (tree.total() > 0)
                {
                    final double prefix = rng.nextDouble() * tree.total();
                    assertEquals(bruteForcePrefix(model, prefix), tree.findPrefixSum(prefix));
                }
            }
        }
    }

    /** Integer leaves make every partial sum exact, so the left-to-right walk is the definition. */
    private static int bruteForcePrefix(final double[] leaves, final double prefix)
    {
        double running = 0;
        for (int j = 0; j < leaves.length; j++)
        {
            running += leaves[j];
            if (running > prefix)
            {
                return j;
            }
        }
        return leaves.length - 1;
    }

    @Test
    void shouldGiveBitForBitTheSameTreeFromABatchAsFromSingleSets()
    {
        final Rng rng = new Rng(2);
        final int capacity = 4096;
        final SumTree one = new SumTree(capacity);
        final SumTree batch = new SumTree(capacity);
        final int[] idx = new int[300];
        final double[] val = new double[300];
        for (int round = 0; round < 200; round++)
        {
            final int count = 1 + rng.nextInt(idx.length);
            final int base = rng.nextInt(capacity);
            for (int i = 0; i < count; i++)
            {
                // neighbours, duplicates and far leaves mixed
                idx[i] = rng.nextBoolean() ? (base + i / 2) % capacity : rng.nextInt(capacity);
                val[i] = Math.exp(rng.nextDouble() * 20 - 10);
                one.set(idx[i], val[i]);
            }
            batch.setBatch(idx, val, count);
            for (int k = 1; k < 2 * capacity; k++)
            {
                assertEquals(Double.doubleToLongBits(one.node(k)), Double.doubleToLongBits(batch.node(k)), "node " + k);
            }
            assertEquals(one.maxValue(), batch.maxValue());
        }
    }

    @Test
    void shouldNeverReturnAZeroLeafFromTheGuardedSearchAndAgreeWhereBaselinesFindsAPositiveLeaf()
    {
        final Rng rng = new Rng(3);
        final int capacity = 256;
        final SumTree tree = new SumTree(capacity);
        final double[] prefixes = new double[64];
        final double[] copy = new double[64];
        final int[] out = new int[64];
        final double[] values = new double[64];
        for (int round = 0; round < 500; round++)
        {
            tree.clear();
            final int used = 1 + rng.nextInt(capacity);
            for (int i = 0; i < used; i++)
            {
                tree.set(i, rng.nextInt(3) == 0 ? 0.0 : rng.nextDouble() * 10);
            }
            if (tree.total() == 0)
            {
                continue;
            }
            for (int i = 0; i < prefixes.length; i++)
            {
                // boundaries, the total, just past it, and random points
                final int kind = rng.nextInt(4);
                prefixes[i] = kind == 0 ? tree.sum(0, rng.nextInt(used + 1)) :
                    kind == 1 ? tree.total() : kind == 2 ? Math.nextUp(tree.total()) : rng.nextDouble() * tree.total();
                copy[i] = prefixes[i];
            }
            tree.findPrefixSums(prefixes, prefixes.length, out, values);
            for (int i = 0; i < prefixes.length; i++)
            {
                assertTrue(values[i] > 0, "zero leaf " + out[i] + " for prefix " + copy[i]);
                assertEquals(tree.get(out[i]), values[i]);
                final int baselines = tree.findPrefixSum(copy[i]);
                if (tree.get(baselines) > 0)
                {
                    assertEquals(baselines, out[i]);
                }
            }
        }
    }

    @Test
    void shouldDrawStratifiedSamplesInProportionToTheLeaves()
    {
        final int capacity = 16;
        final SumTree tree = new SumTree(capacity);
        final double[] leaves = {5, 0, 1, 3, 0.5, 0, 0, 8, 2, 2, 0.25, 4, 0, 1, 6, 3};
        double total = 0;
        for (int i = 0; i < capacity; i++)
        {
            tree.set(i, leaves[i]);
            total += leaves[i];
        }
        final Rng rng = new Rng(4);
        final int batch = 32;
        final int rounds = 20_000;
        final long[] counts = new long[capacity];
        final double[] prefixes = new double[batch];
        final int[] out = new int[batch];
        final double[] values = new double[batch];
        for (int r = 0; r < rounds; r++)
        {
            assertEquals(total, tree.sampleStratified(rng, batch, prefixes, out, values));
            for (int i = 0; i < batch; i++)
            {
                counts[out[i]]++;
                if (i > 0)
                {
                    assertTrue(out[i] >= out[i - 1], "strata come out in leaf order");
                }
            }
        }
        double chi2 = 0;
        int dof = -1;
        for (int i = 0; i < capacity; i++)
        {
            final double expected = (double)rounds * batch * leaves[i] / total;
            if (leaves[i] == 0)
            {
                assertEquals(0, counts[i], "zero leaves are never drawn");
                continue;
            }
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
            dof++;
        }
        // 11 degrees of freedom: P(chi2 > 40) < 1e-4 under multinomial sampling; stratification only lowers the variance
        assertTrue(chi2 < 40, "chi2 " + chi2);
    }

    /**
     * 10^8 updates on a 1024-leaf tree with priorities spread over 12 orders of magnitude: the
     * tree stays bit-for-bit the tree rebuilt from its leaves (nodes are recomputed from children,
     * never incremented, so nothing accumulates), and the root stays within the pairwise-summation
     * bound of the exact sum.
     */
    @Test
    void shouldNotDriftOverOneHundredMillionUpdates()
    {
        final int capacity = 1024;
        final SumTree tree = new SumTree(capacity);
        final Rng rng = new Rng(5);
        final long updates = 100_000_000L;
        final int[] idx = new int[512];
        final double[] val = new double[512];
        long done = 0;
        while (done < updates)
        {
            if ((done / 512) % 2 == 0)
            {
                for (int i = 0; i < 512; i++)
                {
                    tree.set(rng.nextInt(capacity), Math.exp(rng.nextDouble() * 28 - 14));
                }
            }
            else
            {
                for (int i = 0; i < 512; i++)
                {
                    idx[i] = rng.nextInt(capacity);
                    val[i] = Math.exp(rng.nextDouble() * 28 - 14);
                }
                tree.setBatch(idx, val, 512);
            }
            done += 512;
        }
        final SumTree rebuilt = new SumTree(capacity);
        BigDecimal exact = BigDecimal.ZERO;
        for (int i = 0; i < capacity; i++)
        {
            rebuilt.putLeaf(i, tree.get(i));
            exact = exact.add(new BigDecimal(tree.get(i)));
        }
        rebuilt.rebuild();
        for (int k = 1; k < 2 * capacity; k++)
        {
            assertEquals(Double.doubleToLongBits(rebuilt.node(k)), Double.doubleToLongBits(tree.node(k)), "node " + k);
        }
        final double error = Math.abs(exact.subtract(new BigDecimal(tree.total())).doubleValue());
        final double bound = 10 * Math.ulp(1.0) / 2 * exact.round(MathContext.DECIMAL64).doubleValue();
        assertTrue(error <= bound, "error " + error + " > bound " + bound);
    }

    @Test
    void shouldRefuseBadCapacitiesIndicesAndValues()
    {
        assertThrows(IllegalArgumentException.class, () -> new SumTree(0));
        assertThrows(IllegalArgumentException.class, () -> new SumTree(12));
        assertThrows(IllegalArgumentException.class, () -> new SumTree(1 << 27));
        final SumTree tree = new SumTree(4);
        assertThrows(IndexOutOfBoundsException.class, () -> tree.set(4, 1));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, -1));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> tree.findPrefixSum(-1e-9));
    }

    @Test
    void shouldReturnZeroTotalAndDrawNothingWhenEmpty()
    {
        final SumTree tree = new SumTree(8);
        assertEquals(0.0, tree.sampleStratified(new Rng(1), 4, new double[4], new int[4], new double[4]));
    }
}
