package io.surge.replay;

import io.surge.experience.TransitionDescriptor;
import io.surge.experience.TransitionRecord;
import io.surge.testing.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniformReplayTest
{
    @Test
    void shouldLinkEveryTransitionOfEverySubEnvironmentToTheObservationKStepsLater()
    {
        final ReplayConfig config = ReplayConfig.of(3, 0, 50_000).withNStep(3).withGamma(0.9);
        final UniformReplay replay = new UniformReplay(config);
        final Feeder feeder = new Feeder(3, 7, 20, 3, 0.9, 12, 1);
        feeder.feed(replay, 3000);
        final SampleBatch batch = SampleBatch.forConfig(256, config);
        for (int round = 0; round < 200; round++)
        {
            assertTrue(replay.sample(batch, 256));
            for (int row = 0; row < 256; row++)
            {
                feeder.checkRow(batch, row);
                assertEquals(1.0f, batch.weights[row]);
            }
        }
        assertEquals(0, replay.stats().orphanedTransitions());
        assertEquals(replay.stats().inserts(), replay.size());
    }

    @Test
    void shouldEvictOldestWhenFullAndNeverServeAnEvictedTransition()
    {
        final ReplayConfig config = ReplayConfig.of(3, 0, 1000).withNStep(4).withGamma(0.99);
        final UniformReplay replay = new UniformReplay(config);
        final Feeder feeder = new Feeder(3, 5, 0, 4, 0.99, 30, 2);
        final SampleBatch batch = SampleBatch.forConfig(64, config);
        for (int round = 0; round < 300; round++)
        {
            feeder.feed(replay, 10);
            if (replay.sample(batch, 64))
            {
                for (int row = 0; row < 64; row++)
                {
                    feeder.checkRow(batch, row);
                    assertTrue(batch.ids[row] >= replay.stats().inserts() - replay.capacity(), "evicted item served");
                }
            }
        }
        assertEquals(1000, replay.size());
        assertEquals(replay.stats().inserts() - 1000, replay.stats().evictions());
        // Only transitions whose bootstrap record had not arrived when they were evicted are lost.
        assertTrue(replay.stats().orphanedTransitions() <= 5L * 4, "orphans " + replay.stats().orphanedTransitions());
    }

    @Test
    void shouldSampleEverySampleableTransitionWithEqualProbability()
    {
        final ReplayConfig config = ReplayConfig.of(3, 0, 64).withNStep(1);
        final UniformReplay replay = new UniformReplay(config);
        final Feeder feeder = new Feeder(3, 2, 0, 1, 0.5, 5, 3);
        feeder.feed(replay, 40); // 80+ records into 64 slots
        final long[] counts = new long[64];
        final SampleBatch batch = SampleBatch.forConfig(32, config);
        final int rounds = 20_000;
        for (int round = 0; round < rounds; round++)
        {
            assertTrue(replay.sample(batch, 32));
            for (int row = 0; row < 32; row++)
            {
                counts[(int)(batch.ids[row] % 64)]++;
            }
        }
        final long sampleable = replay.sampleableCount();
        double chi2 = 0;
        int used = 0;
        for (int slot = 0; slot < 64; slot++)
        {
            final boolean linked = replay.storage.state(slot) == TransitionStorage.STATE_LINKED;
            if (!linked)
            {
                assertEquals(0, counts[slot], "slot " + slot + " cannot be sampled");
                continue;
            }
            used++;
            final double expected = 32.0 * rounds / sampleable;
            chi2 += (counts[slot] - expected) * (counts[slot] - expected) / expected;
        }
        assertEquals(sampleable, used);
        assertTrue(chi2 < used + 6 * Math.sqrt(2.0 * used), "chi2 " + chi2 + " for " + used + " cells");
    }

    @Test
    void shouldRefuseABatchWithAnInvalidRecordWhole()
    {
        final ReplayConfig config = ReplayConfig.of(2, 0, 16).withNStep(2);
        final UniformReplay replay = new UniformReplay(config);
        final TransitionDescriptor d = config.descriptor();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 * d.recordLength()]);
        final TransitionRecord rec = new TransitionRecord(d);
        for (int i = 0; i < 3; i++)
        {
            rec.wrap(buffer, i * d.recordLength()).clear().streamId(1).bootstrapSteps(1).bootstrapDiscount(0.5f);
        }
        rec.wrap(buffer, 2 * d.recordLength()).bootstrapSteps(3); // k > n
        assertEquals(Replay.INSERT_REJECTED, replay.insert(buffer, 0, 3));
        rec.bootstrapSteps(0); // k = 0 but a non-zero discount: it would need a next observation
        assertEquals(Replay.INSERT_REJECTED, replay.insert(buffer, 0, 3));
        rec.bootstrapSteps(1).streamId(-4);
        assertEquals(Replay.INSERT_REJECTED, replay.insert(buffer, 0, 3));
        rec.streamId(1).flags(64);
        assertEquals(Replay.INSERT_REJECTED, replay.insert(buffer, 0, 3));
        assertEquals(Replay.INSERT_REJECTED, replay.insert(buffer, 0, 4)); // past the buffer's end
        assertEquals(0, replay.size());
        assertEquals(5, replay.stats().rejectedBatches());
        rec.flags(0);
        assertEquals(3, replay.insert(buffer, 0, 3));
        assertEquals(2, replay.sampleableCount(), "the last one waits for its bootstrap record");
    }

    @Test
    void shouldReclaimIdleStreamRowsAndRejectRecordsWhenAllRowsArePending()
    {
        final ReplayConfig config = ReplayConfig.of(1, 0, 64).withNStep(2).withMaxStreams(2);
        final UniformReplay replay = new UniformReplay(config);
        final TransitionDescriptor d = config.descriptor();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[d.recordLength()]);
        final TransitionRecord rec = new TransitionRecord(d).wrap(buffer, 0);
        // streams 0 and 1 each leave a transition pending; stream 2 finds no row
        rec.clear().streamId(0).bootstrapSteps(1).bootstrapDiscount(0.5f);
        assertEquals(1, replay.insert(buffer, 0, 1));
        rec.streamId(1);
        assertEquals(1, replay.insert(buffer, 0, 1));
        rec.streamId(2);
        assertEquals(0, replay.insert(buffer, 0, 1));
        assertEquals(1, replay.stats().rejectedRecords());
        // stream 0 resolves its pending transition with a terminal one: its row becomes idle
        rec.streamId(0).bootstrapSteps(0).bootstrapDiscount(0f);
        assertEquals(1, replay.insert(buffer, 0, 1));
        rec.streamId(2);
        assertEquals(1, replay.insert(buffer, 0, 1), "idle row of stream 0 reclaimed");
        assertEquals(3, replay.sampleableCount());
    }

    @Test
    void shouldAnswerNotNowWhenNothingIsSampleable()
    {
        final ReplayConfig config = ReplayConfig.of(1, 0, 8).withNStep(3);
        final UniformReplay replay = new UniformReplay(config);
        final SampleBatch batch = SampleBatch.forConfig(4, config);
        assertFalse(replay.sample(batch, 4));
        assertEquals(0, batch.size());
        final Feeder feeder = new Feeder(1, 1, 0, 3, 0.9, 1000, 4);
        feeder.feed(replay, 3); // three pending transitions, none linked yet
        assertEquals(0, replay.sampleableCount());
        assertFalse(replay.sample(batch, 4));
    }

    @Test
    void shouldNotAllocateWhenInsertingAndSampling()
    {
        final ReplayConfig config = ReplayConfig.of(4, 0, 1 << 14).withNStep(3);
        final UniformReplay replay = new UniformReplay(config);
        final Feeder feeder = new Feeder(4, 8, 0, 3, 0.99, 50, 5);
        final SampleBatch batch = SampleBatch.forConfig(128, config);
        feeder.feed(replay, 100);
        final long bytes = AllocationMeter.bytesAllocated(() ->
        {
            for (int i = 0; i < 2000; i++)
            {
                feeder.feed(replay, 1);
                replay.sample(batch, 128);
            }
        }, 4, 1);
        assertEquals(0, bytes);
    }

    @Test
    void shouldComputePrintAndEnforceTheMemoryItNeeds()
    {
        final ReplayConfig config = ReplayConfig.of(84, 0, 1 << 16);
        final long storage = (long)(1 << 16) * config.slotLength();
        assertEquals(storage, config.storageBytes());
        assertEquals(storage + config.bookkeepingBytes(), config.requiredBytes(ReplayKind.UNIFORM));
        // 2^16 leaves of 8 bytes, and sums and minima of levels 1, 4, 7, 10 and 13 (2, 16, ... 8192 nodes of 8 bytes,
        // level 1 padded to a 64-byte line)
        assertEquals(storage + config.bookkeepingBytes() + 8L * (1 << 16) + 2L * (64 + 8 * (16 + 128 + 1024 + 8192)),
            config.requiredBytes(ReplayKind.PRIORITIZED));
        final String text = config.describeMemory(ReplayKind.PRIORITIZED);
        assertTrue(text.contains("storage") && text.contains("trees") && text.contains("65536 leaves x 8 B") && text.contains("2 x 74,944 B"), text);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> new UniformReplay(config.withMemoryBudgetBytes(1 << 20)));
        assertTrue(error.getMessage().contains("memoryBudgetBytes"), error.getMessage());
        final ReplayConfig huge = ReplayConfig.of(100_000, 0, 1 << 20);
        final IllegalArgumentException direct = assertThrows(IllegalArgumentException.class, () -> new UniformReplay(huge));
        assertTrue(direct.getMessage().contains("direct memory"), direct.getMessage());
    }
}
