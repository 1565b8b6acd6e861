package io.surge.channel;

import io.surge.experience.RecordBatch;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The actors' staging batch: slots of up to K, order kept under the wait policy, counted drops. */
class StagedPublisherTest
{
    private static final int RECORD = 8;

    private final CountersManager counters = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)));
    private final AtomicCounter backPressure = counters.newCounter("back pressure");
    private final AtomicCounter dropped = counters.newCounter("dropped");

    private static void stage(final RecordBatch batch, final long first, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int offset = batch.claim();
            batch.buffer().putLong(offset, first + i);
        }
    }

    private static List<Long> drain(final Ring<ExperienceSlot> ring, final List<Integer> slotCounts)
    {
        final List<Long> values = new ArrayList<>();
        ring.poll((slot, sequence, end) ->
        {
            slotCounts.add(slot.count);
            assertEquals(3, slot.source);
            assertTrue(slot.publishedNs > 0);
            for (int i = 0; i < slot.count; i++)
            {
                values.add(slot.buffer.getLong(i * RECORD));
            }
            return true;
        });
        return values;
    }

    @Test
    void shouldKeepEveryRecordInOrderWhenTheRingIsFullUnderTheWaitPolicy()
    {
        final Ring<ExperienceSlot> ring = new Ring<>("t", () -> new ExperienceSlot(RECORD, 4), 2, false);
        final StagedPublisher publisher = new StagedPublisher(ring, RECORD, 4, 16, 3, false, backPressure, dropped);
        stage(publisher.batch(), 0, 11);
        assertTrue(publisher.slotFull());
        assertFalse(publisher.flush(), "two slots fit, three records wait");
        assertEquals(3, publisher.pending());
        assertEquals(1, backPressure.get());

        final List<Integer> counts = new ArrayList<>();
        final List<Long> values = new ArrayList<>(drain(ring, counts));
        assertTrue(publisher.flush());
        assertEquals(0, publisher.pending());
        values.addAll(drain(ring, counts));
        assertEquals(List.of(4, 4, 3), counts);
        for (int i = 0; i < 11; i++)
        {
            assertEquals(i, values.get(i));
        }
        assertEquals(0, dropped.get());
    }

    @Test
    void shouldCountWhatItDropsWhenTheRingIsFullUnderTheDropPolicy()
    {
        final Ring<ExperienceSlot> ring = new Ring<>("t", () -> new ExperienceSlot(RECORD, 4), 2, false);
        final StagedPublisher publisher = new StagedPublisher(ring, RECORD, 4, 16, 3, true, backPressure, dropped);
        stage(publisher.batch(), 0, 11);
        assertTrue(publisher.flush(), "nothing waits under drop");
        assertEquals(0, publisher.pending());
        assertEquals(3, dropped.get());
        stage(publisher.batch(), 100, 2);
        publisher.discard();
        assertEquals(5, dropped.get());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), drain(ring, new ArrayList<>()));
    }
}
