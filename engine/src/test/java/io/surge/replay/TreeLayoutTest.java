package io.surge.replay;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeLayoutTest
{
    @Test
    void shouldPlaceEveryNodeOnceInsideTheBufferWithSiblingsAdjacent()
    {
        for (int levels = 0; levels <= 14; levels++)
        {
            final int capacity = 1 << levels;
            final TreeLayout layout = new TreeLayout(capacity);
            final Set<Long> seen = new HashSet<>();
            for (int k = 1; k < 2 * capacity; k++)
            {
                final long at = layout.nodeOffset(k);
                assertEquals(0, at & 7, "node " + k);
                assertTrue(at >= 0 && at + 8 <= layout.bytes(), "node " + k + " at " + at);
                assertTrue(seen.add(at), "node " + k + " shares offset " + at);
            }
            for (int k = 1; k < capacity; k++)
            {
                final long left = layout.nodeOffset(2 * k);
                assertEquals(0, left & 15, "pair " + k);
                assertEquals(left + 8, layout.nodeOffset(2 * k + 1), "pair " + k);
                // the hot loops' per-level constants give the same offset
                final int level = 31 - Integer.numberOfLeadingZeros(k);
                assertEquals(left, TreeLayout.pairOffset(k, layout.mask(level), layout.base(level), layout.shift(level)), "pair " + k);
            }
            for (int leaf = 0; leaf < capacity; leaf++)
            {
                assertEquals(layout.leafBase() + 8L * leaf, layout.nodeOffset(capacity + leaf));
            }
            assertEquals(layout.bytes(), SumTree.bytesFor(capacity));
            assertEquals(layout.bytes(), MinTree.bytesFor(capacity));
        }
    }

    @Test
    void shouldTouchOneLinePerTwoLevelsPlusTheLeafLineOnARootToLeafWalk()
    {
        final Rng rng = new Rng(5);
        for (int levels = 1; levels <= 20; levels++)
        {
            final int capacity = 1 << levels;
            final TreeLayout layout = new TreeLayout(capacity);
            final int expected = levels / 2 + 1; // ceil((levels - 1) / 2) blocks, one leaf line
            for (int trial = 0; trial < 200; trial++)
            {
                final int leaf = rng.nextInt(capacity);
                final Set<Long> lines = new HashSet<>();
                int plain = 0;
                final Set<Long> plainLines = new HashSet<>();
                for (int k = (capacity + leaf) >>> 1; k >= 1; k >>>= 1)
                {
                    // the descent reads the pair (2k, 2k+1) of every node k on the path
                    lines.add(layout.nodeOffset(2 * k) >>> 6);
                    plainLines.add((16L * k) >>> 6);
                    plain++;
                }
                assertEquals(levels, plain);
                assertEquals(expected, lines.size(), "levels " + levels + ", leaf " + leaf);
                assertTrue(levels < 6 || lines.size() <= plainLines.size(), "levels " + levels);
                assertTrue(levels != 20 || plainLines.size() >= 18, "plain heap: " + plainLines.size() + " lines");
            }
        }
    }

    @Test
    void shouldKnowTheMemoryOfTwoToTheTwentyLeaves()
    {
        // 1 + 2 + 8 + ... + 2^17 blocks of 64 bytes, then 2^20 leaves of 8 bytes
        assertEquals(174_763L * 64 + 8L * (1 << 20), SumTree.bytesFor(1 << 20));
        assertEquals(19_573_440L, SumTree.bytesFor(1 << 20));
        // the replay's priorities: 2^20 leaves plus sums and minima of levels 2, 5, ..., 17 (level 2 padded to a line)
        assertEquals(8L * (1 << 20) + 2 * (64 + 8L * ((1 << 5) + (1 << 8) + (1 << 11) + (1 << 14) + (1 << 17))),
            PriorityTrees.bytesFor(1 << 20));
        assertEquals(10_785_408L, PriorityTrees.bytesFor(1 << 20));
    }

    @Test
    void shouldAllocateTreesOnLineBoundaries()
    {
        for (final int capacity : new int[] {1, 2, 64, 1 << 16, 1 << 20})
        {
            assertEquals(0, new SumTree(capacity).address() & 63);
            assertEquals(0, new MinTree(capacity).address() & 63);
        }
    }
}
