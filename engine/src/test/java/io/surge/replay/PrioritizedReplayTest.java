package io.surge.replay;

import io.surge.experience.TransitionDescriptor;
import io.surge.experience.TransitionRecord;
import io.surge.testing.AllocationMeter;
import io.surge.util.Rng;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrioritizedReplayTest
{
    private static ReplayConfig config(final int capacity)
    {
        return ReplayConfig.of(3, 0, capacity).withNStep(3).withGamma(0.9).withAlpha(0.6).withEpsilon(1e-3)
            .withBeta(new LinearSchedule(0.4, 1.0, 100));
    }

    /** Every slot: sampleable in storage iff it has a priority in the trees; the trees equal ones rebuilt from storage. */
    private static void assertTreesMatchStorage(final PrioritizedReplay replay)
    {
        final TransitionStorage storage = replay.storage;
        final int leaves = replay.trees.capacity();
        final SumTree sum = new SumTree(leaves);
        final MinTree min = new MinTree(leaves);
        long linked = 0;
        for (int slot = 0; slot < leaves; slot++)
        {
            final double p = replay.priorityOfSlot(slot);
            final boolean sampleable = slot < storage.size() && storage.state(slot) == TransitionStorage.STATE_LINKED;
            assertEquals(sampleable, p > 0, "slot " + slot);
            if (sampleable)
            {
                linked++;
                sum.putLeaf(slot, p);
                min.putLeaf(slot, p);
            }
        }
        sum.rebuild();
        min.rebuild();
        assertEquals(linked, replay.sampleableCount());
        assertEquals(sum.total(), replay.totalPriority());
        assertEquals(min.min(), replay.minPriority());
    }

    @Test
    void shouldKeepTheTreesConsistentWithStorageThroughEvictionsAndUpdates()
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config(500));
        final Feeder feeder = new Feeder(3, 6, 0, 3, 0.9, 25, 1);
        final SampleBatch batch = SampleBatch.forConfig(64, replay.config());
        final Rng rng = new Rng(9);
        final float[] td = new float[64];
        for (int round = 0; round < 400; round++)
        {
            feeder.feed(replay, 1 + rng.nextInt(5));
            if (replay.sample(batch, 64))
            {
                for (int row = 0; row < 64; row++)
                {
                    feeder.checkRow(batch, row);
                    td[row] = (float)(rng.nextDouble() * 5);
                }
                replay.updatePriorities(batch.ids, td, 64);
            }
            if (round % 40 == 0)
            {
                assertTreesMatchStorage(replay);
            }
        }
        assertTreesMatchStorage(replay);
        assertTrue(replay.stats().evictions() > 0);
    }

    @Test
    void shouldSampleInProportionToPriority()
    {
        final ReplayConfig config = config(64).withNStep(1).withAlpha(1.0).withEpsilon(0.0);
        final PrioritizedReplay replay = new PrioritizedReplay(config);
        final TransitionDescriptor d = config.descriptor();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40 * d.recordLength()]);
        final TransitionRecord rec = new TransitionRecord(d);
        final double[] delta = new double[40];
        for (int i = 0; i < 40; i++)
        {
            delta[i] = 0.1 + (i % 7);
            rec.wrap(buffer, i * d.recordLength()).clear().streamId(i).bootstrapSteps(0).priority((float)delta[i]);
        }
        assertEquals(40, replay.insert(buffer, 0, 40));
        double total = 0;
        for (int i = 0; i < 40; i++)
        {
            total += (float)delta[i];
        }
        final SampleBatch batch = SampleBatch.forConfig(50, config);
        final long[] counts = new long[40];
        final int rounds = 10_000;
        for (int r = 0; r < rounds; r++)
        {
            assertTrue(replay.sample(batch, 50));
            for (int row = 0; row < 50; row++)
            {
                counts[(int)batch.ids[row]]++;
            }
        }
        double chi2 = 0;
        for (int i = 0; i < 40; i++)
        {
            final double expected = 50.0 * rounds * (float)delta[i] / total;
            chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        // 39 degrees of freedom; stratification only lowers the variance
        assertTrue(chi2 < 39 + 6 * Math.sqrt(78), "chi2 " + chi2);
    }

    @Test
    void shouldWeightByTheFormulaNormalisedByTheLargestWeightAndAnnealBeta()
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config(4096));
        final Feeder feeder = new Feeder(3, 4, 0, 3, 0.9, 30, 2);
        feeder.feed(replay, 300);
        // 150 rows from row 7: two whole gather chunks and a partial one; rows outside [7, 157) stay untouched
        final int from = 7;
        final int rows = 150;
        final SampleBatch batch = SampleBatch.forConfig(from + rows + 3, replay.config());
        for (int round = 0; round < 150; round++)
        {
            final double beta = replay.currentBeta();
            assertEquals(Math.min(1.0, 0.4 + 0.6 * round / 100.0), beta, 1e-12);
            java.util.Arrays.fill(batch.weights, -1.0f);
            assertEquals(rows, replay.sampleRows(batch, from, rows));
            for (int row = 0; row < batch.weights.length; row++)
            {
                if (row < from || row >= from + rows)
                {
                    assertEquals(-1.0f, batch.weights[row], "row " + row + " is outside the sampled rows");
                    continue;
                }
                feeder.checkRow(batch, row);
                final int slot = (int)(batch.ids[row] % replay.capacity());
                final double expected = PrioritizedReplay.importanceWeight(replay.priorityOfSlot(slot), replay.minPriority(),
                    replay.totalPriority(), replay.sampleableCount(), beta);
                assertEquals((float)expected, batch.weights[row], "row " + row);
                assertTrue(batch.weights[row] <= 1.0f);
            }
        }
    }

    @Test
    void shouldIgnoreAndCountUpdatesForItemsOverwrittenSinceTheyWereSampled()
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config(256));
        final Feeder feeder = new Feeder(3, 2, 0, 3, 0.9, 20, 3);
        feeder.feed(replay, 100);
        final SampleBatch batch = SampleBatch.forConfig(16, replay.config());
        assertTrue(replay.sample(batch, 16));
        final long[] ids = batch.ids.clone();
        final float[] td = new float[16];
        java.util.Arrays.fill(td, 100f);
        feeder.feed(replay, 200); // every slot overwritten
        final double totalBefore = replay.totalPriority();
        assertEquals(0, replay.updatePriorities(ids, td, 16));
        assertEquals(16, replay.stats().staleUpdates());
        assertEquals(totalBefore, replay.totalPriority());
        // ids never issued: in the future, negative, or a record that cannot be sampled
        final long[] bogus = {replay.stats().inserts(), -1, replay.stats().inserts() - 1};
        assertEquals(0, replay.updatePriorities(bogus, new float[] {1, 1, 1}, 3));
        assertEquals(19, replay.stats().staleUpdates());
        assertTreesMatchStorage(replay);
        // fresh ids are applied
        assertTrue(replay.sample(batch, 16));
        assertEquals(16, replay.updatePriorities(batch.ids, td, 16));
        assertEquals(replay.priority(100.0), replay.priorityOfSlot((int)(batch.ids[0] % 256)));
    }

    @Test
    void shouldRefuseAndCountNaNAndInfiniteErrorsLeavingTheTreesIntact()
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config(256));
        new Feeder(3, 2, 0, 3, 0.9, 20, 6).feed(replay, 50);
        final SampleBatch batch = SampleBatch.forConfig(4, replay.config());
        assertTrue(replay.sample(batch, 4));
        final double total = replay.totalPriority();
        assertEquals(2, replay.updatePriorities(batch.ids, new float[] {Float.NaN, 1f, Float.POSITIVE_INFINITY, 2f}, 4));
        assertEquals(2, replay.stats().invalidPriorities());
        assertTrue(Double.isFinite(replay.totalPriority()) && replay.totalPriority() != total);
        assertTreesMatchStorage(replay);
    }

    @Test
    void shouldGiveNewTransitionsTheActorsPriorityOrTheMaxSoFar()
    {
        final ReplayConfig config = config(64).withNStep(1);
        final PrioritizedReplay replay = new PrioritizedReplay(config);
        final TransitionDescriptor d = config.descriptor();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 * d.recordLength()]);
        final TransitionRecord rec = new TransitionRecord(d);
        rec.wrap(buffer, 0).clear().streamId(0).bootstrapSteps(0).priority(-1f);
        rec.wrap(buffer, d.recordLength()).clear().streamId(1).bootstrapSteps(0).priority(9f);
        rec.wrap(buffer, 2 * d.recordLength()).clear().streamId(2).bootstrapSteps(0).priority(-1f);
        replay.insert(buffer, 0, 3);
        assertEquals(1.0, replay.priorityOfSlot(0), "max starts at 1");
        assertEquals(replay.priority(9.0), replay.priorityOfSlot(1));
        assertEquals(replay.priority(9.0), replay.priorityOfSlot(2), "an actor's priority raises the max");
        assertEquals(replay.priority(9.0), replay.maxPriority());
    }

    @Test
    void shouldAnswerNotNowWhenEmpty()
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config(16));
        final SampleBatch batch = SampleBatch.forConfig(4, replay.config());
        assertFalse(replay.sample(batch, 4));
        assertEquals(0.4, replay.currentBeta(), "β does not advance without a batch");
    }

    @Test
    void shouldNotAllocateWhenInsertingSamplingAndUpdating()
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config(1 << 14));
        final Feeder feeder = new Feeder(3, 8, 0, 3, 0.9, 50, 4);
        final SampleBatch batch = SampleBatch.forConfig(256, replay.config());
        final float[] td = new float[256];
        java.util.Arrays.fill(td, 0.5f);
        feeder.feed(replay, 200);
        final long bytes = AllocationMeter.bytesAllocated(() ->
        {
            for (int i = 0; i < 1000; i++)
            {
                feeder.feed(replay, 1);
                replay.sample(batch, 256);
                replay.updatePriorities(batch.ids, td, 256);
            }
        }, 4, 1);
        assertEquals(0, bytes);
    }
}
