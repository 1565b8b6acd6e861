package io.surge.channel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterStoreTest
{
    @Test
    void shouldHandOutTheNewestVersionOnlyWhenItIsNewer()
    {
        final ParameterStore store = new ParameterStore(new float[] {1, 2, 3});
        final float[] dest = new float[3];
        assertEquals(0, store.copyIfNewer(dest, -1));
        assertArrayEquals(new float[] {1, 2, 3}, dest);
        assertEquals(-1, store.copyIfNewer(dest, 0));
        store.publish(new float[] {4, 5, 6}, 1);
        store.publish(new float[] {7, 8, 9}, 2);
        assertEquals(2, store.version());
        assertEquals(2, store.copyIfNewer(dest, 0));
        assertArrayEquals(new float[] {7, 8, 9}, dest);
        assertThrows(IllegalArgumentException.class, () -> store.publish(new float[3], 2));
    }

    /** Stress: a writer publishes vectors whose every element is the version; readers must never see a torn copy. */
    @Test
    void shouldNeverHandOutATornCopyUnderConcurrentPublication() throws InterruptedException
    {
        final int length = 4096;
        final ParameterStore store = new ParameterStore(new float[length]);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong copies = new AtomicLong();
        final Thread[] readers = new Thread[3];
        for (int r = 0; r < readers.length; r++)
        {
            readers[r] = new Thread(() ->
            {
                final float[] dest = new float[length];
                long have = -1;
                while (!stop.get())
                {
                    final long v = store.copyIfNewer(dest, have);
                    if (v < 0)
                    {
                        continue;
                    }
                    if (v <= have)
                    {
                        failure.compareAndSet(null, "version went back from " + have + " to " + v);
                    }
                    for (int i = 0; i < length; i++)
                    {
                        if (dest[i] != (float)v)
                        {
                            failure.compareAndSet(null, "torn copy: version " + v + " element " + i + " = " + dest[i]);
                            break;
                        }
                    }
                    have = v;
                    copies.incrementAndGet();
                }
            });
            readers[r].start();
        }
        final float[] params = new float[length];
        final long deadline = System.nanoTime() + 2_000_000_000L;
        long version = 0;
        while (System.nanoTime() < deadline && failure.get() == null)
        {
            version++;
            java.util.Arrays.fill(params, (float)version);
            store.publish(params, version);
        }
        stop.set(true);
        for (final Thread t : readers)
        {
            t.join();
        }
        assertNull(failure.get());
        assertTrue(copies.get() > 100, "readers made " + copies.get() + " copies");
        assertTrue(version < (1 << 24), "versions stay exact as floats");
    }
}
