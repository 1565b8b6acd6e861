package io.surge.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread while running some code, from
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}. The code is run
 * {@code warmUpRuns} times first so that it is compiled, then measured over {@code runs} runs, in
 * up to {@value #ROUNDS} rounds; the quietest round is reported. A per-call allocation shows in
 * every round; a JIT event (a deoptimization re-materializing objects that escape analysis had
 * removed, a late recompilation) shows in some rounds only, and is not what these tests are about.
 * In a young test JVM such events kept coming for three rounds in a row now and then
 * ({@code UniformReplayTest}'s insert-and-sample loop: 152 and 376 bytes over 2,000 iterations, in
 * about one run in seven of the replay tests on their own), hence ten rounds; a clean round ends
 * the measurement early.
 */
public final class AllocationMeter
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static final int ROUNDS = 10;

    private AllocationMeter()
    {
    }

    /**
     * Measures one call of {@code body} repeated.
     *
     * @param body       the code; it should not allocate itself if the point is to prove zero.
     * @param warmUpRuns calls before measuring.
     * @param runs       calls measured.
     * @return bytes allocated by the current thread during the measured calls of the quietest
     *         round, minus the cost of reading the counter (measured around an empty interval).
     */
    public static long bytesAllocated(final Runnable body, final int warmUpRuns, final int runs)
    {
        for (int i = 0; i < warmUpRuns; i++)
        {
            body.run();
        }
        long quietest = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && quietest > 0; round++)
        {
            final long empty0 = THREADS.getCurrentThreadAllocatedBytes();
            final long empty1 = THREADS.getCurrentThreadAllocatedBytes();
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < runs; i++)
            {
                body.run();
            }
            final long after = THREADS.getCurrentThreadAllocatedBytes();
            quietest = Math.min(quietest, (after - before) - (empty1 - empty0));
        }
        return quietest;
    }
}
