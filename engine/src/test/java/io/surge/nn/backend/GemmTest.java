package io.surge.nn.backend;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmTest
{
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 5}, {2, 33, 17}, {3, 64, 300}, {4, 4, 4}, {5, 19, 3}, {6, 16, 1}, {7, 17, 9},
        {13, 1, 40}, {5, 4, 20}, {6, 7, 30}, {9, 3, 300}, {33, 5, 1000}, {12, 7, 6}, {37, 45, 29}, {96, 512, 64}, {97, 513, 257}, {130, 40, 600}, {256, 256, 4}, {31, 1030, 13},
    };

    @Test
    void vectorGemmShouldMatchFloat64ReferenceForEveryTransposeAndBeta()
    {
        checkAll(Backends.vectorKernel() ? new VectorGemm() : new ScalarGemm());
    }

    @Test
    void scalarGemmShouldMatchFloat64ReferenceForEveryTransposeAndBeta()
    {
        checkAll(new ScalarGemm());
    }

    @Test
    void parallelGemmShouldMatchFloat64ReferenceForEveryTransposeAndBeta()
    {
        checkAll(Backends.cpu(2));
    }

    @Test
    void shouldIgnoreNanInOutputWhenBetaIsZero()
    {
        final Backend backend = Backends.cpu();
        final int m = 20;
        final int n = 20;
        final int k = 20;
        final float[] a = random(m * k, 1);
        final float[] b = random(k * n, 2);
        final float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN);
        backend.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        for (final float v : c)
        {
            assertTrue(Float.isFinite(v));
        }
    }

    private static void checkAll(final Object impl)
    {
        long seed = 11;
        for (final int[] shape : SHAPES)
        {
            for (int t = 0; t < 4; t++)
            {
                for (final float beta : new float[] {0f, 1f, 0.5f})
                {
                    check(impl, shape[0], shape[1], shape[2], (t & 1) != 0, (t & 2) != 0, beta, seed++);
                }
            }
        }
    }

    private static void check(final Object impl, final int m, final int n, final int k, final boolean ta,
                              final boolean tb, final float beta, final long seed)
    {
        // Odd leading dimensions and offsets so that views into bigger arrays are exercised.
        final int lda = (ta ? m : k) + 3;
        final int ldb = (tb ? k : n) + 1;
        final int ldc = n + 2;
        final int aOff = 5;
        final int bOff = 7;
        final int cOff = 3;
        final float[] a = random(aOff + (ta ? k : m) * lda, seed);
        final float[] b = random(bOff + (tb ? n : k) * ldb, seed + 1000);
        final float[] c = random(cOff + m * ldc, seed + 2000);
        final float[] c0 = c.clone();
        if (impl instanceof Gemm g)
        {
            g.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        else
        {
            ((Backend) impl).gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++)
                {
                    final double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    final double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += av * bv;
                    abs += Math.abs(av * bv);
                }
                final double expected = sum + beta * c0[cOff + i * ldc + j];
                final String where = "m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " beta=" + beta
                    + " at (" + i + "," + j + ")";
                assertEquals(expected, c[cOff + i * ldc + j], 1e-5 * (abs + 1), where);
            }
            // Padding columns of C beyond n must be untouched.
            if (i < m - 1)
            {
                assertEquals(c0[cOff + i * ldc + n], c[cOff + i * ldc + n], "wrote past n");
            }
        }
    }

    static float[] random(final int n, final long seed)
    {
        final Rng rng = new Rng(seed);
        final float[] x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return x;
    }
}
