package io.surge.algo.impala;

import java.lang.management.ManagementFactory;

/**
 * Bytes a window of work allocates once the JIT is done with it: after {@code warmup} windows it
 * measures windows until one allocates nothing or the time budget runs out, and returns the last
 * measurement. Vector API kernels box their vectors until C2 has compiled them (later on a loaded
 * machine), so a single early window would measure the compiler, not the code.
 */
final class SteadyState
{
    private SteadyState()
    {
    }

    static long bytesPerWindow(final Runnable window, final int warmup, final int budgetSeconds)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++)
        {
            window.run();
        }
        final long deadline = System.nanoTime() + budgetSeconds * 1_000_000_000L;
        long last;
        do
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            window.run();
            last = threads.getCurrentThreadAllocatedBytes() - before;
        }
        while (last != 0 && System.nanoTime() < deadline);
        return last;
    }
}
