package io.surge.testutil;

import java.lang.management.ManagementFactory;

/**
 * Measures bytes allocated by the current thread in steady state: the body runs several times (so
 * the JIT has compiled it and no on-stack replacement happens inside a measured run), and the
 * smallest count of the last runs is returned; anything allocated per operation shows up in every run.
 */
public final class Allocations
{
    private Allocations()
    {
    }

    /**
     * Bytes one run of {@code body} allocates once warm.
     *
     * @param body the work, run 8 times.
     * @return the smallest allocation of the last 4 runs.
     */
    public static long steadyStateBytes(final Runnable body)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 8; run++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            body.run();
            final long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            if (run >= 4)
            {
                least = Math.min(least, bytes);
            }
        }
        return least;
    }
}
