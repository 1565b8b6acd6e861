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
 * reused from registers or L1. Shapes with at most {@value #SMALL_M} rows (inference on one or a
 * few observations) skip packing and run vectorised dot products or row updates directly.
 *
 * <p>Not thread-safe: owns its packing buffers.
 */
final class VectorGemm implements Gemm
{
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;
    static final int KC = 256;
    static final int MC = 16 * MR;
    static final int NC = 512;
    static final int SMALL_M = 3;

    private final float[] packedA = new float[MC * KC];
    private final float[] packedB = new float[KC * (NC + NR)];
    private final float[] tile = new float[MR * NR];
    private final float[] rowA = new float[KC];

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
                    packA(transA, a, aOff, lda, ic, mc, pc, kc);
                    for (int jr = 0; jr < nc; jr += NR)
                    {
                        final int nr = Math.min(NR, nc - jr);
                        final int bIdx = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            final int mr = Math.min(MR, mc - ir);
                            kernel(kc, ir * kc, bIdx, c, cOff + (ic + ir) * ldc + jc + jr, ldc, mr, nr, betaBlock);
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

    /** The MR × NR micro-kernel: twelve accumulators, two B vectors and one broadcast of A per step. */
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
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
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
            av = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
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
        c40.intoArray(t, 4 * NR);
        c41.intoArray(t, 4 * NR + L);
        c50.intoArray(t, 5 * NR);
        c51.intoArray(t, 5 * NR + L);
        storeTile(c, cIdx, ldc, mr, nr, beta);
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
                        float sum = acc.reduceLanes(VectorOperators.ADD);
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
}
