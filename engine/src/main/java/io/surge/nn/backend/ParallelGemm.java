package io.surge.nn.backend;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Intra-op parallel GEMM: splits C into {@code parts} bands (of rows when op(A) has enough rows,
 * else of columns) and computes each band with its own single-threaded {@link Gemm} (own packing
 * buffers). Bands are <em>claimed</em>: the calling thread and the daemon helper threads take
 * the next unclaimed band until none is left, so a helper that the operating system has not
 * scheduled (a busy or oversubscribed machine) delays nothing: the caller computes its bands
 * too. Small products (under {@value #MIN_PARALLEL_FLOPS} flops) stay on the calling thread.
 *
 * <p>Hand-off is allocation-free: the task's arguments are plain fields published by a volatile
 * write of {@link #claims}, which holds the task's epoch (high bits) and the next band (low
 * bits); helpers spin briefly, then park. Not thread-safe: one caller at a time.
 */
final class ParallelGemm implements Gemm
{
    static final long MIN_PARALLEL_FLOPS = 1L << 20;
    private static final int SPINS = 20_000;
    private static final int PART_BITS = 8;
    private static final long PART_MASK = (1L << PART_BITS) - 1;

    private final Gemm[] parts;
    private final Helper[] helpers;
    /** (epoch << PART_BITS) | next unclaimed band. */
    private final AtomicLong claims = new AtomicLong();
    /** (epoch << PART_BITS) | bands finished. */
    private final AtomicLong finished = new AtomicLong();
    private long epoch;
    private volatile Throwable failure;

    // The current task, written by the caller before it publishes a new epoch in claims.
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    private int bOff;
    private int ldb;
    private float beta;
    private float[] c;
    private int cOff;
    private int ldc;
    private boolean splitRows;

    ParallelGemm(final Gemm[] parts)
    {
        if (parts.length > PART_MASK)
        {
            throw new IllegalArgumentException("at most " + PART_MASK + " threads");
        }
        this.parts = parts;
        helpers = new Helper[parts.length - 1];
        for (int i = 0; i < helpers.length; i++)
        {
            helpers[i] = new Helper(i + 1);
            final Thread t = new Thread(helpers[i], "surge-nn-gemm-" + (i + 1));
            t.setDaemon(true);
            helpers[i].thread = t;
            t.start();
        }
    }

    @Override
    public String describe()
    {
        return parts[0].describe() + " x" + parts.length + " threads";
    }

    @Override
    public void gemm(final boolean transA, final boolean transB, final int m, final int n, final int k,
                     final float[] a, final int aOff, final int lda, final float[] b, final int bOff, final int ldb,
                     final float beta, final float[] c, final int cOff, final int ldc)
    {
        final int t = parts.length;
        final boolean rows = m >= t * VectorGemm.MR * 4;
        final boolean cols = n >= t * 16;
        if ((long) m * n * k * 2 < MIN_PARALLEL_FLOPS || (!rows && !cols))
        {
            parts[0].gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.splitRows = rows;
        final long e = ++epoch;
        finished.set(e << PART_BITS);
        claims.set(e << PART_BITS);
        for (final Helper h : helpers)
        {
            LockSupport.unpark(h.thread);
        }
        // The caller's own gemm instance is parts[0]; a band runs on the gemm of whoever claims it,
        // so each thread uses its own packing buffers.
        work(e, parts[0]);
        int spins = 0;
        while (finished.get() != ((e << PART_BITS) | t))
        {
            if (++spins > SPINS)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        this.a = null;
        this.b = null;
        this.c = null;
        final Throwable f = failure;
        if (f != null)
        {
            failure = null;
            throw new IllegalStateException("GEMM band failed on a helper thread", f);
        }
    }

    /** Claims and computes bands of epoch e until none is left; returns whether it did any. */
    private boolean work(final long e, final Gemm gemm)
    {
        boolean any = false;
        final int t = parts.length;
        while (true)
        {
            final long cl = claims.get();
            if ((cl >>> PART_BITS) != e || (cl & PART_MASK) >= t)
            {
                return any;
            }
            if (!claims.compareAndSet(cl, cl + 1))
            {
                continue;
            }
            try
            {
                runPart((int) (cl & PART_MASK), gemm);
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
            finished.incrementAndGet();
            any = true;
        }
    }

    private void runPart(final int part, final Gemm gemm)
    {
        final int t = parts.length;
        if (splitRows)
        {
            final int unit = VectorGemm.MR;
            final int units = (m + unit - 1) / unit;
            final int from = Math.min(m, units * part / t * unit);
            final int to = Math.min(m, units * (part + 1) / t * unit);
            if (to > from)
            {
                final int aStart = transA ? aOff + from : aOff + from * lda;
                gemm.gemm(transA, transB, to - from, n, k, a, aStart, lda, b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            }
        }
        else
        {
            final int unit = 16;
            final int units = (n + unit - 1) / unit;
            final int from = Math.min(n, units * part / t * unit);
            final int to = Math.min(n, units * (part + 1) / t * unit);
            if (to > from)
            {
                final int bStart = transB ? bOff + from * ldb : bOff + from;
                gemm.gemm(transA, transB, m, to - from, k, a, aOff, lda, b, bStart, ldb, beta, c, cOff + from, ldc);
            }
        }
    }

    /** A helper thread: waits for a new epoch, then claims bands with its own gemm. */
    private final class Helper implements Runnable
    {
        private final int index;
        Thread thread;

        Helper(final int index)
        {
            this.index = index;
        }

        @Override
        public void run()
        {
            long seen = 0;
            while (true)
            {
                int spins = 0;
                long e;
                while ((e = claims.get() >>> PART_BITS) == seen)
                {
                    if (++spins > SPINS)
                    {
                        LockSupport.park(this);
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
                seen = e;
                work(e, parts[index]);
            }
        }
    }
}
