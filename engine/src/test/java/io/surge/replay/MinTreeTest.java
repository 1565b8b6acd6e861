package io.surge.replay;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MinTreeTest
{
    @Test
    void shouldAgreeWithABruteForceModelUnderRandomUpdatesAndQueries()
    {
        final Rng rng = new Rng(11);
        for (final int capacity : new int[] {1, 4, 32, 512})
        {
            final MinTree tree = new MinTree(capacity);
            final double[] model = new double[capacity];
            java.util.Arrays.fill(model, Double.POSITIVE_INFINITY);
            for (int step = 0; step < 20_000; step++)
            {
                final int i = rng.nextInt(capacity);
                final double v = rng.nextInt(5) == 0 ? Double.POSITIVE_INFINITY : rng.nextDouble();
                tree.set(i, v);
                model[i] = v;
                final int start = rng.nextInt(capacity + 1);
                final int end = start + rng.nextInt(capacity + 1 - start);
                double expected = Double.POSITIVE_INFINITY;
                for (int j = start; j < end; j++)
                {
                    expected = Math.min(expected, model[j]);
                }
                assertEquals(expected, tree.min(start, end));
                assertEquals(model[i], tree.get(i));
            }
            double all = Double.POSITIVE_INFINITY;
            for (final double v : model)
            {
                all = Math.min(all, v);
            }
            assertEquals(all, tree.min());
        }
    }

    @Test
    void shouldGiveTheSameTreeFromABatchAsFromSingleSets()
    {
        final Rng rng = new Rng(12);
        final MinTree one = new MinTree(1024);
        final MinTree batch = new MinTree(1024);
        final int[] idx = new int[100];
        final double[] val = new double[100];
        for (int round = 0; round < 300; round++)
        {
            final int count = 1 + rng.nextInt(100);
            for (int i = 0; i < count; i++)
            {
                idx[i] = rng.nextInt(1024);
                val[i] = rng.nextInt(7) == 0 ? Double.POSITIVE_INFINITY : rng.nextDouble();
                one.set(idx[i], val[i]);
            }
            batch.setBatch(idx, val, count);
            for (int k = 1; k < 2048; k++)
            {
                assertEquals(one.node(k), batch.node(k));
            }
        }
    }

    @Test
    void shouldStartUnsetAndRefuseNaN()
    {
        final MinTree tree = new MinTree(8);
        assertEquals(Double.POSITIVE_INFINITY, tree.min());
        assertThrows(IllegalArgumentException.class, () -> tree.set(1, Double.NaN));
        assertThrows(IndexOutOfBoundsException.class, () -> tree.get(-1));
    }
}
