package io.surge.nn.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Cache-blocked GEMM on the Vector API, in the manner of Goto and van de Geijn ("Anatomy of
 * high-performance matrix multiplication", 2008): op(B) is packed into KC × NR column strips and
 * op(A) into MC × KC row strips of MR, and a register-blocked micro-kernel computes an MR × NR tile
 * of C ({@value #MR} rows × two vectors) with fused multiply-adds, so every packed element is
 * reused from registers or L1. Shapes that would waste most of a tile get their own loops:
 * few rows ({@value #SMALL_M} or less: one observation), a short shared dimension
 * ({@value #SMALL_K} or less: a first layer over a few features), and fewer columns than a vector
 * holds (a Q or value head) in the two layouts dense layers use. Eight accumulators: with twelve (6 × 2, BLIS's choice for AVX2)
 * C2 runs out of the sixteen vector registers and spills, which halved the throughput measured here. Shapes with at most {@value #SMALL_M} rows (inference on one or a
 * few observations) skip packing and run vectorised dot products or row updates directly.
 *
 * <p>Not thread-safe: owns its packing buffers.
 */
final class VectorGemm implements Gemm
{
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    static final int KC = 256;
    static final int MC = 24 * MR;
    static final int NC = 512;
    static final int SMALL_M = 3;
    static final int SMALL_K = 8;
    static final int TRANSPOSED_BLOCK = 512;

    private final float[] packedA = new float[MC * KC];
    private final float[] packedB = new float[KC * (NC + NR)];
    private final float[] tile = new float[MR * NR];
    private final float[] rowA = new float[KC];
    private final float[] transposed = new float[L * TRANSPOSED_BLOCK];

    @Override
    public String describe()
    {
        return "vector(" + S.vectorBitSize() + " bit)";
    }

    @Override
    public void gemm(final boolean transA, final boolean transB, final int m, final int n, final int k,
                     final float[] a, final int aOff, final int lda, final float[] b, final int bOff, final int ldb,
                     final float beta, final float[] c, final int cOff, final int ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        if (m <= SMALL_M)
        {
            small(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (k <= SMALL_K && (long) SMALL_K * n <= packedB.length)
        {
            smallK(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (n < L && !transA && transB)
        {
            narrowDots(m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (n < L && m >= 2 * L && transA && !transB)
        {
            narrowColumns(m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        for (int jc = 0; jc < n; jc += NC)
        {
            final int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                final int kc = Math.min(KC, k - pc);
                final float betaBlock = pc == 0 ? beta : 1f;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc);
                for (int ic = 0; ic < m; ic += MC)
                {
                    final int mc = Math.min(MC, m - ic);
                    // A stored row-major is read in place (its rows are already contiguous along k);
                    // only a transposed A, and a last strip of fewer than MR rows, are packed.
                    final int full = transA ? 0 : mc / MR * MR;
                    if (full < mc)
                    {
                        packA(transA, a, aOff, lda, ic + full, mc - full, pc, kc);
                    }
                    for (int jr = 0; jr < nc; jr += NR)
                    {
                        final int nr = Math.min(NR, nc - jr);
                        final int bIdx = jr * kc;
                        for (int ir = 0; ir < full; ir += MR)
                        {
                            kernelDirect(kc, a, aOff + (ic + ir) * lda + pc, lda, bIdx, c,
                                cOff + (ic + ir) * ldc + jc + jr, ldc, nr, betaBlock);
                        }
                        for (int ir = full; ir < mc; ir += MR)
                        {
                            final int mr = Math.min(MR, mc - ir);
                            kernel(kc, (ir - full) * kc, bIdx, c, cOff + (ic + ir) * ldc + jc + jr, ldc, mr, nr,
                                betaBlock);
                        }
                    }
                }
            }
        }
    }

    private static void scaleC(final int m, final int n, final float beta, final float[] c, final int cOff, final int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            final int row = cOff + i * ldc;
            if (beta == 0f)
            {
                Arrays.fill(c, row, row + n, 0f);
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /** Packs op(B)[pc, pc+kc) × [jc, jc+nc) into strips of NR columns, each kc rows of NR (zero padded). */
    private void packB(final boolean transB, final float[] b, final int bOff, final int ldb,
                       final int pc, final int kc, final int jc, final int nc)
    {
        final float[] bp = packedB;
        for (int jr = 0; jr < nc; jr += NR)
        {
            final int nr = Math.min(NR, nc - jr);
            final int base = jr * kc;
            if (!transB)
            {
                int src = bOff + pc * ldb + jc + jr;
                int dst = base;
                if (nr == NR)
                {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR)
                    {
                        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++, src += ldb, dst += NR)
                    {
                        System.arraycopy(b, src, bp, dst, nr);
                        Arrays.fill(bp, dst + nr, dst + NR, 0f);
                    }
                }
            }
            else
            {
                for (int j = 0; j < nr; j++)
                {
                    final int src = bOff + (jc + jr + j) * ldb + pc;
                    int dst = base + j;
                    for (int p = 0; p < kc; p++, dst += NR)
                    {
                        bp[dst] = b[src + p];
                    }
                }
                for (int j = nr; j < NR; j++)
                {
                    int dst = base + j;
                    for (int p = 0; p < kc; p++, dst += NR)
                    {
                        bp[dst] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic, ic+mc) × [pc, pc+kc) into strips of MR rows, each kc columns of MR (zero padded). */
    private void packA(final boolean transA, final float[] a, final int aOff, final int lda,
                       final int ic, final int mc, final int pc, final int kc)
    {
        final float[] ap = packedA;
        for (int ir = 0; ir < mc; ir += MR)
        {
            final int mr = Math.min(MR, mc - ir);
            final int base = ir * kc;
            if (transA)
            {
                int src = aOff + pc * lda + ic + ir;
                int dst = base;
                for (int p = 0; p < kc; p++, src += lda, dst += MR)
                {
                    for (int r = 0; r < mr; r++)
                    {
                        ap[dst + r] = a[src + r];
                    }
                    for (int r = mr; r < MR; r++)
                    {
                        ap[dst + r] = 0f;
                    }
                }
            }
            else
            {
                for (int r = 0; r < mr; r++)
                {
                    final int src = aOff + (ic + ir + r) * lda + pc;
                    int dst = base + r;
                    for (int p = 0; p < kc; p++, dst += MR)
                    {
                        ap[dst] = a[src + p];
                    }
                }
                for (int r = mr; r < MR; r++)
                {
                    int dst = base + r;
                    for (int p = 0; p < kc; p++, dst += MR)
                    {
                        ap[dst] = 0f;
                    }
                }
            }
        }
    }

    /** The MR × NR micro-kernel: eight accumulators, two B vectors and one broadcast of A per step. */
    private void kernel(final int kc, final int aIdx, final int bIdx, final float[] c, final int cIdx, final int ldc,
                        final int mr, final int nr, final float beta)
    {
        final float[] ap = packedA;
        final float[] bp = packedB;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++)
        {
            final int ai = aIdx + p * MR;
            final int bi = bIdx + p * NR;
            final FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            final FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        // Spill the accumulators to the tile and store it in a separate method: keeping this method
        // small lets C2 intrinsify every vector operation (a large method can exhaust the inlining
        // budget, and a non-inlined Vector API call allocates).
        final float[] t = tile;
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        storeTile(c, cIdx, ldc, mr, nr, beta);
    }

    /** The micro-kernel reading MR rows of a row-major A in place (a(r, p) at aIdx + r·lda + p). */
    private void kernelDirect(final int kc, final float[] a, final int aIdx, final int lda, final int bIdx,
                              final float[] c, final int cIdx, final int ldc, final int nr, final float beta)
    {
        final float[] bp = packedB;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        final int a1 = aIdx + lda;
        final int a2 = a1 + lda;
        final int a3 = a2 + lda;
        for (int p = 0; p < kc; p++)
        {
            final int bi = bIdx + p * NR;
            final FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            final FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, a[aIdx + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        final float[] t = tile;
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, NR);
        c11.intoArray(t, NR + L);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + L);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + L);
        storeTile(c, cIdx, ldc, MR, nr, beta);
    }

    /** C[0, mr) × [0, nr) = tile + beta · C. */
    private void storeTile(final float[] c, final int cIdx, final int ldc, final int mr, final int nr, final float beta)
    {
        final float[] t = tile;
        if (nr == NR)
        {
            for (int r = 0; r < mr; r++)
            {
                final int row = cIdx + r * ldc;
                for (int v = 0; v < NR; v += L)
                {
                    FloatVector acc = FloatVector.fromArray(S, t, r * NR + v);
                    if (beta != 0f)
                    {
                        acc = FloatVector.fromArray(S, c, row + v).mul(beta).add(acc);
                    }
                    acc.intoArray(c, row + v);
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++)
        {
            final int row = cIdx + r * ldc;
            for (int j = 0; j < nr; j++)
            {
                c[row + j] = beta == 0f ? t[r * NR + j] : t[r * NR + j] + beta * c[row + j];
            }
        }
    }

    /**
     * Short k: op(B) is copied row-major (k × n, zero rows appended up to 4 or 8) and every row of
     * C is {@code beta·C_i + Σ_p a(i,p)·B_p}, vectorised along n with the broadcasts of a(i, ·)
     * held in registers.
     */
    private void smallK(final boolean transA, final boolean transB, final int m, final int n, final int k,
                        final float[] a, final int aOff, final int lda, final float[] b, final int bOff, final int ldb,
                        final float beta, final float[] c, final int cOff, final int ldc)
    {
        final float[] bp = packedB;
        final int kPad = k <= 4 ? 4 : SMALL_K;
        for (int p = 0; p < kPad; p++)
        {
            if (p >= k)
            {
                Arrays.fill(bp, p * n, (p + 1) * n, 0f);
            }
            else if (transB)
            {
                for (int j = 0; j < n; j++)
                {
                    bp[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            else
            {
                System.arraycopy(b, bOff + p * ldb, bp, p * n, n);
            }
        }
        Arrays.fill(rowA, 0, SMALL_K, 0f);
        final int nv = S.loopBound(n);
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                rowA[p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
            final int row = cOff + i * ldc;
            if (kPad == 4)
            {
                smallK4Row(n, nv, beta, c, row);
            }
            else
            {
                smallK8Row(n, nv, beta, c, row);
            }
            for (int j = nv; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    sum += rowA[p] * bp[p * n + j];
                }
                c[row + j] = beta == 0f ? sum : sum + beta * c[row + j];
            }
        }
    }

    private void smallK4Row(final int n, final int nv, final float beta, final float[] c, final int row)
    {
        final float[] bp = packedB;
        final FloatVector a0 = FloatVector.broadcast(S, rowA[0]);
        final FloatVector a1 = FloatVector.broadcast(S, rowA[1]);
        final FloatVector a2 = FloatVector.broadcast(S, rowA[2]);
        final FloatVector a3 = FloatVector.broadcast(S, rowA[3]);
        for (int j = 0; j < nv; j += L)
        {
            FloatVector acc = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, c, row + j).mul(beta);
            acc = a0.fma(FloatVector.fromArray(S, bp, j), acc);
            acc = a1.fma(FloatVector.fromArray(S, bp, n + j), acc);
            acc = a2.fma(FloatVector.fromArray(S, bp, 2 * n + j), acc);
            acc = a3.fma(FloatVector.fromArray(S, bp, 3 * n + j), acc);
            acc.intoArray(c, row + j);
        }
    }

    private void smallK8Row(final int n, final int nv, final float beta, final float[] c, final int row)
    {
        final float[] bp = packedB;
        final FloatVector a0 = FloatVector.broadcast(S, rowA[0]);
        final FloatVector a1 = FloatVector.broadcast(S, rowA[1]);
        final FloatVector a2 = FloatVector.broadcast(S, rowA[2]);
        final FloatVector a3 = FloatVector.broadcast(S, rowA[3]);
        final FloatVector a4 = FloatVector.broadcast(S, rowA[4]);
        final FloatVector a5 = FloatVector.broadcast(S, rowA[5]);
        final FloatVector a6 = FloatVector.broadcast(S, rowA[6]);
        final FloatVector a7 = FloatVector.broadcast(S, rowA[7]);
        for (int j = 0; j < nv; j += L)
        {
            FloatVector lo = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, c, row + j).mul(beta);
            FloatVector hi = a4.mul(FloatVector.fromArray(S, bp, 4 * n + j));
            lo = a0.fma(FloatVector.fromArray(S, bp, j), lo);
            hi = a5.fma(FloatVector.fromArray(S, bp, 5 * n + j), hi);
            lo = a1.fma(FloatVector.fromArray(S, bp, n + j), lo);
            hi = a6.fma(FloatVector.fromArray(S, bp, 6 * n + j), hi);
            lo = a2.fma(FloatVector.fromArray(S, bp, 2 * n + j), lo);
            hi = a7.fma(FloatVector.fromArray(S, bp, 7 * n + j), hi);
            lo = a3.fma(FloatVector.fromArray(S, bp, 3 * n + j), lo);
            lo.add(hi).intoArray(c, row + j);
        }
    }

    /**
     * Few columns, A not transposed and B transposed (a head's forward pass): each C(i, j) is a
     * dot product of two contiguous rows, vectorised along k, four rows of A at a time.
     */
    private static void narrowDots(final int m, final int n, final int k, final float[] a, final int aOff,
                                   final int lda, final float[] b, final int bOff, final int ldb, final float beta,
                                   final float[] c, final int cOff, final int ldc)
    {
        final int kv = S.loopBound(k);
        int i = 0;
        for (; i + 3 < m; i += 4)
        {
            final int a0 = aOff + i * lda;
            final int a1 = a0 + lda;
            final int a2 = a1 + lda;
            final int a3 = a2 + lda;
            for (int j = 0; j < n; j++)
            {
                final int bj = bOff + j * ldb;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                int p = 0;
                for (; p < kv; p += L)
                {
                    final FloatVector bv = FloatVector.fromArray(S, b, bj + p);
                    s0 = FloatVector.fromArray(S, a, a0 + p).fma(bv, s0);
                    s1 = FloatVector.fromArray(S, a, a1 + p).fma(bv, s1);
                    s2 = FloatVector.fromArray(S, a, a2 + p).fma(bv, s2);
                    s3 = FloatVector.fromArray(S, a, a3 + p).fma(bv, s3);
                }
                float d0 = sumLanes(s0);
                float d1 = sumLanes(s1);
                float d2 = sumLanes(s2);
                float d3 = sumLanes(s3);
                for (; p < k; p++)
                {
                    final float bv = b[bj + p];
                    d0 += a[a0 + p] * bv;
                    d1 += a[a1 + p] * bv;
                    d2 += a[a2 + p] * bv;
                    d3 += a[a3 + p] * bv;
                }
                final int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? d0 : d0 + beta * c[ci];
                c[ci + ldc] = beta == 0f ? d1 : d1 + beta * c[ci + ldc];
                c[ci + 2 * ldc] = beta == 0f ? d2 : d2 + beta * c[ci + 2 * ldc];
                c[ci + 3 * ldc] = beta == 0f ? d3 : d3 + beta * c[ci + 3 * ldc];
            }
        }
        for (; i < m; i++)
        {
            final int ai = aOff + i * lda;
            for (int j = 0; j < n; j++)
            {
                final int bj = bOff + j * ldb;
                FloatVector s0 = FloatVector.zero(S);
                int p = 0;
                for (; p < kv; p += L)
                {
                    s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
                }
                float d0 = sumLanes(s0);
                for (; p < k; p++)
                {
                    d0 += a[ai + p] * b[bj + p];
                }
                final int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? d0 : d0 + beta * c[ci];
            }
        }
    }

    /**
     * Few columns, A transposed and B not (a head's weight gradient {@code dYᵀ·X}): computes the
     * transposed product {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, which has few rows and many columns, block by
     * block into a scratch buffer with the general paths, then adds it transposed into C.
     */
    private void narrowColumns(final int m, final int n, final int k, final float[] a, final int aOff,
                               final int lda, final float[] b, final int bOff, final int ldb, final float beta,
                               final float[] c, final int cOff, final int ldc)
    {
        final float[] t = transposed;
        for (int i0 = 0; i0 < m; i0 += TRANSPOSED_BLOCK)
        {
            final int rows = Math.min(TRANSPOSED_BLOCK, m - i0);
            // op(B)ᵀ is B stored k × n read transposed; op(A)ᵀ is A stored k × m read as is.
            gemm(true, false, n, rows, k, b, bOff, ldb, a, aOff + i0, lda, 0f, t, 0, rows);
            for (int r = 0; r < rows; r++)
            {
                final int row = cOff + (i0 + r) * ldc;
                for (int j = 0; j < n; j++)
                {
                    c[row + j] = beta == 0f ? t[j * rows + r] : t[j * rows + r] + beta * c[row + j];
                }
            }
        }
    }

    /** Few rows: no packing; a row of op(A) is gathered once, then dot products (transB) or row updates. */
    private void small(final boolean transA, final boolean transB, final int m, final int n, final int k,
                       final float[] a, final int aOff, final int lda, final float[] b, final int bOff, final int ldb,
                       final float beta, final float[] c, final int cOff, final int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            final int row = cOff + i * ldc;
            for (int pc = 0; pc < k; pc += KC)
            {
                final int kc = Math.min(KC, k - pc);
                final float betaBlock = pc == 0 ? beta : 1f;
                for (int p = 0; p < kc; p++)
                {
                    rowA[p] = transA ? a[aOff + (pc + p) * lda + i] : a[aOff + i * lda + pc + p];
                }
                if (transB)
                {
                    final int kv = S.loopBound(kc);
                    for (int j = 0; j < n; j++)
                    {
                        final int bRow = bOff + j * ldb + pc;
                        FloatVector acc = FloatVector.zero(S);
                        int p = 0;
                        for (; p < kv; p += L)
                        {
                            acc = FloatVector.fromArray(S, rowA, p).fma(FloatVector.fromArray(S, b, bRow + p), acc);
                        }
                        float sum = sumLanes(acc);
                        for (; p < kc; p++)
                        {
                            sum += rowA[p] * b[bRow + p];
                        }
                        c[row + j] = betaBlock == 0f ? sum : sum + betaBlock * c[row + j];
                    }
                }
                else
                {
                    if (betaBlock == 0f)
                    {
                        Arrays.fill(c, row, row + n, 0f);
                    }
                    else if (betaBlock != 1f)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            c[row + j] *= betaBlock;
                        }
                    }
                    final int nv = S.loopBound(n);
                    for (int p = 0; p < kc; p++)
                    {
                        final float aip = rowA[p];
                        final FloatVector av = FloatVector.broadcast(S, aip);
                        final int bRow = bOff + (pc + p) * ldb;
                        int j = 0;
                        for (; j < nv; j += L)
                        {
                            av.fma(FloatVector.fromArray(S, b, bRow + j), FloatVector.fromArray(S, c, row + j))
                                .intoArray(c, row + j);
                        }
                        for (; j < n; j++)
                        {
                            c[row + j] += aip * b[bRow + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * Sums the lanes in lane order. {@code reduceLanes(ADD)} leaves the order of the additions to
     * the implementation, and the Java fallback and the C2 intrinsic use different orders, so its
     * result depended on the JIT's state: the same run gave different bits from one process to the
     * next. A fixed order makes the kernel's results repeatable ({@code deterministic=true}).
     */
    private static float sumLanes(final FloatVector v)
    {
        float sum = 0f;
        for (int i = 0; i < L; i++)
        {
            sum += v.lane(i);
        }
        return sum;
    }
}
