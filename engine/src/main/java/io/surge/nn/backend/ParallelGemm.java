package io.surge.nn.backend;

import java.util.concurrent.locks.LockSupport;

/**
 * Intra-op parallel GEMM: splits C into {@code threads} bands (of rows when op(A) has enough rows,
 * else of columns) and computes each band with its own single-threaded {@link Gemm} (own packing
 * buffers); the calling thread computes the first band, daemon helper threads the others. Small
 * products (under {@value #MIN_PARALLEL_FLOPS} flops) stay on the calling thread.
 *
 * <p>Hand-off is allocation-free: the task's arguments are plain fields published by a volatile
 * sequence number; helpers spin briefly, then park. Not thread-safe: one caller at a time.
 */
final class ParallelGemm implements Gemm
{
    static final long MIN_PARALLEL_FLOPS = 1L << 20;
    private static final int SPINS = 20_000;

    private final Gemm[] parts;
    private final Helper[] helpers;

    // The current task, written by the caller before it bumps a helper's sequence.
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
        for (final Helper h : helpers)
        {
            h.post();
        }
        runPart(0);
        for (final Helper h : helpers)
        {
            h.awaitDone();
        }
        this.a = null;
        this.b = null;
        this.c = null;
    }

    private void runPart(final int part)
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
                parts[part].gemm(transA, transB, to - from, n, k, a, aStart, lda, b, bOff, ldb,
                    beta, c, cOff + from * ldc, ldc);
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
                parts[part].gemm(transA, transB, m, to - from, k, a, aOff, lda, b, bStart, ldb,
                    beta, c, cOff + from, ldc);
            }
        }
    }

    /** A helper thread: waits for a new sequence number, runs its band, publishes completion. */
    private final class Helper implements Runnable
    {
        private final int part;
        private volatile long posted;
        private volatile long done;
        private volatile Throwable failure;
        Thread thread;

        Helper(final int part)
        {
            this.part = part;
        }

        void post()
        {
            posted = posted + 1;
            LockSupport.unpark(thread);
        }

        void awaitDone()
        {
            final long target = posted;
            int spins = 0;
            while (done != target)
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
            final Throwable f = failure;
            if (f != null)
            {
                failure = null;
                throw new IllegalStateException("GEMM helper thread failed", f);
            }
        }

        @Override
        public void run()
        {
            long seen = 0;
            while (true)
            {
                int spins = 0;
                while (posted == seen)
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
                seen = posted;
                try
                {
                    runPart(part);
                }
                catch (final Throwable ex)
                {
                    failure = ex;
                }
                done = seen;
            }
        }
    }
}
