package io.surge.channel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingTest
{
    static final class Slot
    {
        long producer;
        long value;
    }

    @Test
    void shouldReportFullInsteadOfBlocking()
    {
        final Ring<Slot> ring = new Ring<>("t", Slot::new, 4, false);
        for (int i = 0; i < 4; i++)
        {
            final long seq = ring.tryClaim();
            assertTrue(seq >= 0);
            ring.slot(seq).value = i;
            ring.publish(seq);
        }
        assertEquals(-1, ring.tryClaim());
        assertEquals(4, ring.occupancy());
        final long[] sum = new long[1];
        assertTrue(ring.poll((slot, seq, end) ->
        {
            sum[0] += slot.value;
            return true;
        }));
        assertEquals(6, sum[0]);
        assertFalse(ring.poll((slot, seq, end) -> true));
        assertTrue(ring.tryClaim() >= 0);
    }

    @Test
    void shouldRefuseACapacityThatIsNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new Ring<>("t", Slot::new, 6, true));
    }

    /** Stress: several producers, one consumer; every value arrives exactly once, in order per producer. */
    @Test
    void shouldDeliverEverySlotOnceInOrderPerProducer() throws InterruptedException
    {
        final int producers = 3;
        final long perProducer = 200_000;
        final Ring<Slot> ring = new Ring<>("stress", Slot::new, 64, true);
        final AtomicLong fullCount = new AtomicLong();
        final Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            final int id = p;
            threads[p] = new Thread(() ->
            {
                for (long v = 0; v < perProducer; v++)
                {
                    long seq;
                    while ((seq = ring.tryClaim()) < 0)
                    {
                        fullCount.incrementAndGet();
                        Thread.onSpinWait();
                    }
                    try
                    {
                        final Slot slot = ring.slot(seq);
                        slot.producer = id;
                        slot.value = v;
                    }
                    finally
                    {
                        ring.publish(seq);
                    }
                }
            });
            threads[p].start();
        }
        final long[] next = new long[producers];
        final long[] received = new long[1];
        final String[] error = new String[1];
        while (received[0] < producers * perProducer)
        {
            ring.poll((slot, seq, end) ->
            {
                final int p = (int)slot.producer;
                if (slot.value != next[p] && error[0] == null)
                {
                    error[0] = "producer " + p + " expected " + next[p] + " got " + slot.value;
                }
                next[p] = slot.value + 1;
                received[0]++;
                return true;
            });
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        assertEquals(null, error[0]);
        for (int p = 0; p < producers; p++)
        {
            assertEquals(perProducer, next[p]);
        }
    }
}
