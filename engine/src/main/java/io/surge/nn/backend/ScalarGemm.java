package io.surge.nn.backend;

/**
 * Plain-Java GEMM, the fallback when the Vector API is unavailable: op(B) is copied into a
 * row-major k × n buffer (block by block along n) so the inner loop is a contiguous
 * {@code c[i][j] += a(i,p) · b[p][j]} that C2 auto-vectorises.
 */
final class ScalarGemm implements Gemm
{
    private static final int NC = 512;
    private static final int KC = 256;

    private final float[] packedB = new float[KC * NC];
    private final float[] rowA = new float[KC];

    @Override
    public String describe()
    {
        return "scalar";
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
        for (int i = 0; i < m; i++)
        {
            final int row = cOff + i * ldc;
            if (beta == 0f)
            {
                java.util.Arrays.fill(c, row, row + n, 0f);
            }
            else if (beta != 1f)
            {
                for (int j = 0; j < n; j++)
                {
                    c[row + j] *= beta;
                }
            }
        }
        for (int jc = 0; jc < n; jc += NC)
        {
            final int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                final int kc = Math.min(KC, k - pc);
                for (int p = 0; p < kc; p++)
                {
                    final int dst = p * nc;
                    if (transB)
                    {
                        for (int j = 0; j < nc; j++)
                        {
                            packedB[dst + j] = b[bOff + (jc + j) * ldb + pc + p];
                        }
                    }
                    else
                    {
                        System.arraycopy(b, bOff + (pc + p) * ldb + jc, packedB, dst, nc);
                    }
                }
                for (int i = 0; i < m; i++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        rowA[p] = transA ? a[aOff + (pc + p) * lda + i] : a[aOff + i * lda + pc + p];
                    }
                    final int row = cOff + i * ldc + jc;
                    for (int p = 0; p < kc; p++)
                    {
                        final float aip = rowA[p];
                        final int src = p * nc;
                        for (int j = 0; j < nc; j++)
                        {
                            c[row + j] += aip * packedB[src + j];
                        }
                    }
                }
            }
        }
    }
}
