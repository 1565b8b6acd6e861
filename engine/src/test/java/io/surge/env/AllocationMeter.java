package io.surge.env;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread while running some code, from
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}. The code is run
 * {@code warmUpRuns} times first so that it is compiled, then measured over {@code runs} runs.
 */
public final class AllocationMeter
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationMeter()
    {
    }

    /**
     * Measures one call of {@code body} repeated.
     *
     * @param body       the code; it should not allocate itself if the point is to prove zero.
     * @param warmUpRuns calls before measuring.
     * @param runs       calls measured.
     * @return bytes allocated by the current thread during the measured calls, minus the cost of
     *         reading the counter (measured around an empty interval).
     */
    public static long bytesAllocated(final Runnable body, final int warmUpRuns, final int runs)
    {
        for (int i = 0; i < warmUpRuns; i++)
        {
            body.run();
        }
        final long empty0 = THREADS.getCurrentThreadAllocatedBytes();
        final long empty1 = THREADS.getCurrentThreadAllocatedBytes();
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < runs; i++)
        {
            body.run();
        }
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        return (after - before) - (empty1 - empty0);
    }
}
