package io.surge.replay;

import io.surge.experience.RecordBatch;
import io.surge.experience.SequenceAdder;
import io.surge.experience.SequenceDescriptor;
import io.surge.testing.AllocationMeter;
import io.surge.util.Rng;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceReplayTest
{
    private static final SequenceDescriptor LAYOUT = new SequenceDescriptor(2, 0, 3, 4, 8); // L = 12

    /** Feeds {@code steps} vector steps of 3 envs; obs (stream, t), state (stream, t, -t) at sequence starts. */
    private static void feed(final SequenceReplay replay, final SequenceAdder adder, final int[] t, final Rng rng, final int steps)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 * LAYOUT.recordLength()]);
        final RecordBatch out = new RecordBatch(LAYOUT.recordLength()).wrap(buffer, 0, 3);
        for (int s = 0; s < steps; s++)
        {
            out.reset();
            for (int e = 0; e < 3; e++)
            {
                if (t[e] < 0)
                {
                    t[e] = 0;
                    adder.begin(e, new float[] {e, 0}, 0);
                }
                final boolean end = rng.nextInt(40) == 0;
                adder.step(e, new float[] {e, t[e], -t[e]}, 0, t[e], 1f, end, false, new float[] {e, t[e] + 1}, 0, out);
                t[e] = end ? -1 : t[e] + 1;
            }
            assertEquals(out.count(), replay.insert(buffer, 0, out.count()));
        }
    }

    @Test
    void shouldStoreSampleAndReprioritiseWholeSequences()
    {
        final SequenceReplay replay = new SequenceReplay(SequenceReplayConfig.r2d2(LAYOUT, 300));
        final SequenceAdder adder = new SequenceAdder(LAYOUT, 3, 6, 0.99, 0.9, 0);
        final int[] t = {-1, -1, -1};
        final Rng rng = new Rng(1);
        feed(replay, adder, t, rng, 2000);
        assertEquals(300, replay.size());
        assertTrue(replay.evictions() > 0);
        final SequenceBatch batch = new SequenceBatch(32, LAYOUT);
        final float[] td = new float[32 * 12];
        final int[] counts = new int[32];
        for (int round = 0; round < 50; round++)
        {
            final double beta = replay.config().beta().valueAt(replay.sampleCalls);
            final double total = replay.trees.total();
            final double min = replay.trees.min();
            assertTrue(replay.sample(batch, 32));
            for (int i = 0; i < 32; i++)
            {
                final int slot = (int)(batch.ids[i] % 300);
                assertEquals((float)PrioritizedReplay.importanceWeight(replay.priorityOfSlot(slot), min, total, replay.size(), beta),
                    batch.weights[i], "weight of row " + i);
                final int valid = batch.validSteps[i];
                assertTrue(valid >= 1 && valid <= 12);
                final float stream = batch.observations[i * 13 * 2];
                final float start = batch.observations[i * 13 * 2 + 1];
                assertEquals(stream, batch.states[i * 3], "state of the same stream");
                assertEquals(start, batch.states[i * 3 + 1], "state at the first step");
                for (int j = 0; j <= valid; j++)
                {
                    assertEquals(stream, batch.observations[(i * 13 + j) * 2]);
                    assertEquals(start + j, batch.observations[(i * 13 + j) * 2 + 1]);
                }
                for (int j = 0; j < 12; j++)
                {
                    assertEquals(j < valid ? (int)start + j : 0, batch.actions[i * 12 + j]);
                }
                assertTrue(batch.weights[i] > 0 && batch.weights[i] <= 1f);
                counts[i] = valid;
                for (int j = 0; j < valid; j++)
                {
                    td[i * 12 + j] = (float)rng.nextDouble();
                }
            }
            assertEquals(32, replay.updateFromTdErrors(batch.ids, td, 12, counts, 32));
            final int slot = (int)(batch.ids[5] % 300);
            assertEquals(replay.priority(SequenceAdder.mixedPriority(td, 5 * 12, counts[5], 0.9)), replay.priorityOfSlot(slot),
                "the last update of a slot wins");
            feed(replay, adder, t, rng, 5);
        }
        // stale ids are ignored
        final long[] ids = batch.ids.clone();
        feed(replay, adder, t, rng, 2000);
        assertEquals(0, replay.updatePriorities(ids, td, 32));
        assertEquals(32, replay.staleUpdates());
    }

    @Test
    void shouldAnswerNotNowWhenEmptyAndRefuseInvalidRecords()
    {
        final SequenceReplay replay = new SequenceReplay(SequenceReplayConfig.r2d2(LAYOUT, 16));
        final SequenceBatch batch = new SequenceBatch(4, LAYOUT);
        assertFalse(replay.sample(batch, 4));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[LAYOUT.recordLength()]);
        buffer.putShort(SequenceDescriptor.VALID_STEPS_OFFSET, (short)13);
        assertEquals(Replay.INSERT_REJECTED, replay.insert(buffer, 0, 1));
        buffer.putShort(SequenceDescriptor.VALID_STEPS_OFFSET, (short)0);
        assertEquals(Replay.INSERT_REJECTED, replay.insert(buffer, 0, 1));
        assertEquals(2, replay.rejectedBatches());
    }

    @Test
    void shouldComputeItsMemoryAndRefuseABudgetItExceeds()
    {
        final SequenceReplayConfig config = SequenceReplayConfig.r2d2(LAYOUT, 1000);
        // priorities of 1024 slots: 1024 leaves of 8 bytes, and sums and minima of levels 1, 4 and 7 (2, 16 and 128 nodes
        // of 8 bytes, level 1 padded to a 64-byte line)
        assertEquals(1000L * LAYOUT.recordLength() + 8 * 1024 + 2L * (64 + 8 * (16 + 128)) + 2L * 16 * 8, config.requiredBytes());
        assertTrue(config.describeMemory().contains("1000 sequences"), config.describeMemory());
        final IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new SequenceReplay(config.withMemoryBudgetBytes(config.requiredBytes() - 1)));
        assertTrue(error.getMessage().contains("memoryBudgetBytes"), error.getMessage());
    }

    @Test
    void shouldNotAllocateWhenInsertingSamplingAndUpdating()
    {
        final SequenceReplay replay = new SequenceReplay(SequenceReplayConfig.r2d2(LAYOUT, 1024));
        final SequenceAdder adder = new SequenceAdder(LAYOUT, 3, 6, 0.99, 0.9, 0);
        final int[] t = {-1, -1, -1};
        final Rng rng = new Rng(2);
        feed(replay, adder, t, rng, 500);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 * LAYOUT.recordLength()]);
        final RecordBatch out = new RecordBatch(LAYOUT.recordLength()).wrap(buffer, 0, 3);
        final float[] obs = new float[2];
        final float[] state = new float[3];
        final SequenceBatch batch = new SequenceBatch(64, LAYOUT);
        final float[] mixed = new float[64];
        for (int e = 0; e < 3; e++)
        {
            adder.begin(e, obs, 0);
        }
        assertEquals(0, AllocationMeter.bytesAllocated(() ->
        {
            for (int i = 0; i < 500; i++)
            {
                out.reset();
                for (int e = 0; e < 3; e++)
                {
                    adder.step(e, state, 0, 1, 1f, false, false, obs, 0, out);
                }
                replay.insert(buffer, 0, out.count());
                replay.sample(batch, 64);
                replay.updatePriorities(batch.ids, mixed, 64);
            }
        }, 4, 1));
    }
}
