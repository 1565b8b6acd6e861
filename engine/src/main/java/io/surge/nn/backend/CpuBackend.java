package io.surge.nn.backend;

import java.util.Arrays;

/**
 * The CPU backend: a {@link Gemm} chosen at construction (Vector API or scalar, optionally split
 * over intra-op threads) and elementwise kernels: with the Vector API those of
 * {@link VectorKernels}, else the plain-Java loops here (which C2 auto-vectorises where it can).
 *
 * <p>Threading: one thread at a time (the GEMM owns packing buffers); with intra-op threads the
 * GEMM runs on helper threads and returns when done. Create one per workspace with
 * {@link Backends}.
 */
public final class CpuBackend implements Backend
{
    private final Gemm gemm;
    private final int threads;
    private final boolean vector;

    CpuBackend(final Gemm gemm, final int threads, final boolean vector)
    {
        this.gemm = gemm;
        this.threads = threads;
        this.vector = vector;
    }

    /**
     * Number of threads a GEMM may use (1: the calling thread only).
     *
     * @return the thread count.
     */
    public int threads()
    {
        return threads;
    }

    @Override
    public String name()
    {
        return "cpu-" + gemm.describe() + (vector ? "" : " (scalar elementwise)");
    }

    @Override
    public void gemm(final boolean transA, final boolean transB, final int m, final int n, final int k,
                     final float[] a, final int aOff, final int lda, final float[] b, final int bOff, final int ldb,
                     final float beta, final float[] c, final int cOff, final int ldc)
    {
        gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void biasActivation(final Activation f, final float[] x, final int xOff, final int rows, final int cols,
                               final float[] bias, final int biasOff)
    {
        if (vector)
        {
            VectorKernels.biasActivation(f, x, xOff, rows, cols, bias, biasOff);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            final int row = xOff + r * cols;
            if (bias != null)
            {
                for (int j = 0; j < cols; j++)
                {
                    x[row + j] += bias[biasOff + j];
                }
            }
            apply(f, x, row, cols);
        }
    }

    private static void apply(final Activation f, final float[] x, final int off, final int n)
    {
        switch (f)
        {
            case IDENTITY ->
            {
            }
            case RELU ->
            {
                for (int i = off; i < off + n; i++)
                {
                    x[i] = Math.max(x[i], 0f);
                }
            }
            case TANH ->
            {
                for (int i = off; i < off + n; i++)
                {
                    x[i] = (float) Math.tanh(x[i]);
                }
            }
            case SIGMOID ->
            {
                for (int i = off; i < off + n; i++)
                {
                    x[i] = sigmoid(x[i]);
                }
            }
            case ELU ->
            {
                for (int i = off; i < off + n; i++)
                {
                    final float v = x[i];
                    x[i] = v > 0f ? v : (float) Math.expm1(v);
                }
            }
        }
    }

    private static float sigmoid(final float x)
    {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public void activationBackward(final Activation f, final float[] y, final int yOff, final float[] dy,
                                   final int dyOff, final int n)
    {
        if (vector)
        {
            VectorKernels.activationBackward(f, y, yOff, dy, dyOff, n);
            return;
        }
        switch (f)
        {
            case IDENTITY ->
            {
            }
            case RELU ->
            {
                for (int i = 0; i < n; i++)
                {
                    dy[dyOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
                }
            }
            case TANH ->
            {
                for (int i = 0; i < n; i++)
                {
                    final float v = y[yOff + i];
                    dy[dyOff + i] *= 1f - v * v;
                }
            }
            case SIGMOID ->
            {
                for (int i = 0; i < n; i++)
                {
                    final float v = y[yOff + i];
                    dy[dyOff + i] *= v * (1f - v);
                }
            }
            case ELU ->
            {
                for (int i = 0; i < n; i++)
                {
                    final float v = y[yOff + i];
                    dy[dyOff + i] *= v > 0f ? 1f : v + 1f;
                }
            }
        }
    }

    @Override
    public void columnSums(final float[] x, final int xOff, final int rows, final int cols, final float[] out,
                           final int outOff)
    {
        if (vector)
        {
            VectorKernels.columnSums(x, xOff, rows, cols, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            final int row = xOff + r * cols;
            for (int j = 0; j < cols; j++)
            {
                out[outOff + j] += x[row + j];
            }
        }
    }

    @Override
    public void axpy(final int n, final float alpha, final float[] x, final int xOff, final float[] y, final int yOff)
    {
        if (vector)
        {
            VectorKernels.axpy(n, alpha, x, xOff, y, yOff);
            return;
        }
        for (int i = 0; i < n; i++)
        {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(final int n, final float alpha, final float[] x, final int xOff)
    {
        for (int i = 0; i < n; i++)
        {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public double sumSquares(final float[] x, final int xOff, final int n)
    {
        // Four float64 partial sums: accurate, and independent chains for the pipeline.
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4)
        {
            final double a = x[xOff + i];
            final double b = x[xOff + i + 1];
            final double c = x[xOff + i + 2];
            final double d = x[xOff + i + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; i < n; i++)
        {
            final double a = x[xOff + i];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void im2col(final float[] x, final int xOff, final int batch, final int h, final int w, final int c,
                       final int kh, final int kw, final int stride, final int pad, final float[] cols, final int colsOff)
    {
        final int oh = (h + 2 * pad - kh) / stride + 1;
        final int ow = (w + 2 * pad - kw) / stride + 1;
        final int k = c * kh * kw;
        final int run = kw * c;
        int row = colsOff;
        for (int s = 0; s < batch; s++)
        {
            final int img = xOff + s * h * w * c;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++, row += k)
                {
                    final int y0 = oy * stride - pad;
                    final int x0 = ox * stride - pad;
                    final boolean inside = x0 >= 0 && x0 + kw <= w;
                    for (int ky = 0; ky < kh; ky++)
                    {
                        final int iy = y0 + ky;
                        final int dst = row + ky * run;
                        if (iy < 0 || iy >= h)
                        {
                            Arrays.fill(cols, dst, dst + run, 0f);
                        }
                        else if (inside)
                        {
                            // (kx, channel) of one kernel row are contiguous in an NHWC image.
                            System.arraycopy(x, img + (iy * w + x0) * c, cols, dst, run);
                        }
                        else
                        {
                            for (int kx = 0; kx < kw; kx++)
                            {
                                final int ix = x0 + kx;
                                if (ix < 0 || ix >= w)
                                {
                                    Arrays.fill(cols, dst + kx * c, dst + (kx + 1) * c, 0f);
                                }
                                else
                                {
                                    System.arraycopy(x, img + (iy * w + ix) * c, cols, dst + kx * c, c);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(final float[] cols, final int colsOff, final int batch, final int h, final int w, final int c,
                       final int kh, final int kw, final int stride, final int pad, final float[] dx, final int dxOff)
    {
        final int oh = (h + 2 * pad - kh) / stride + 1;
        final int ow = (w + 2 * pad - kw) / stride + 1;
        final int k = c * kh * kw;
        final int run = kw * c;
        int row = colsOff;
        for (int s = 0; s < batch; s++)
        {
            final int img = dxOff + s * h * w * c;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++, row += k)
                {
                    final int y0 = oy * stride - pad;
                    final int x0 = ox * stride - pad;
                    final int kx0 = Math.max(0, -x0);
                    final int kx1 = Math.min(kw, w - x0);
                    for (int ky = 0; ky < kh; ky++)
                    {
                        final int iy = y0 + ky;
                        if (iy < 0 || iy >= h || kx1 <= kx0)
                        {
                            continue;
                        }
                        axpy((kx1 - kx0) * c, 1f, cols, row + ky * run + kx0 * c, dx, img + (iy * w + x0 + kx0) * c);
                    }
                }
            }
        }
    }

    @Override
    public void lstmCellForward(final int batch, final int hidden, final float[] gates, final int gOff,
                                final float[] cPrev, final int cPrevOff, final float[] c, final int cOff,
                                final float[] tanhC, final int tanhCOff, final float[] h, final int hOff)
    {
        if (vector)
        {
            VectorKernels.lstmCellForward(batch, hidden, gates, gOff, cPrev, cPrevOff, c, cOff, tanhC, tanhCOff,
                h, hOff);
            return;
        }
        final int g4 = 4 * hidden;
        for (int r = 0; r < batch; r++)
        {
            final int g = gOff + r * g4;
            final int s = r * hidden;
            for (int j = 0; j < hidden; j++)
            {
                final float ig = sigmoid(gates[g + j]);
                final float fg = sigmoid(gates[g + hidden + j]);
                final float gg = (float) Math.tanh(gates[g + 2 * hidden + j]);
                final float og = sigmoid(gates[g + 3 * hidden + j]);
                gates[g + j] = ig;
                gates[g + hidden + j] = fg;
                gates[g + 2 * hidden + j] = gg;
                gates[g + 3 * hidden + j] = og;
                final float cNew = fg * cPrev[cPrevOff + s + j] + ig * gg;
                final float tc = (float) Math.tanh(cNew);
                c[cOff + s + j] = cNew;
                tanhC[tanhCOff + s + j] = tc;
                h[hOff + s + j] = og * tc;
            }
        }
    }

    @Override
    public void lstmCellBackward(final int batch, final int hidden, final float[] gates, final int gOff,
                                 final float[] cPrev, final int cPrevOff, final float[] tanhC, final int tanhCOff,
                                 final float[] dh, final int dhOff, final float[] dc, final int dcOff,
                                 final float[] dGates, final int dgOff)
    {
        if (vector)
        {
            VectorKernels.lstmCellBackward(batch, hidden, gates, gOff, cPrev, cPrevOff, tanhC, tanhCOff, dh, dhOff, dc, dcOff,
                dGates, dgOff);
            return;
        }
        final int g4 = 4 * hidden;
        for (int r = 0; r < batch; r++)
        {
            final int g = gOff + r * g4;
            final int dg = dgOff + r * g4;
            final int s = r * hidden;
            for (int j = 0; j < hidden; j++)
            {
                final float ig = gates[g + j];
                final float fg = gates[g + hidden + j];
                final float gg = gates[g + 2 * hidden + j];
                final float og = gates[g + 3 * hidden + j];
                final float tc = tanhC[tanhCOff + s + j];
                final float dhv = dh[dhOff + s + j];
                final float dcv = dc[dcOff + s + j] + dhv * og * (1f - tc * tc);
                dGates[dg + j] = dcv * gg * ig * (1f - ig);
                dGates[dg + hidden + j] = dcv * cPrev[cPrevOff + s + j] * fg * (1f - fg);
                dGates[dg + 2 * hidden + j] = dcv * ig * (1f - gg * gg);
                dGates[dg + 3 * hidden + j] = dhv * tc * og * (1f - og);
                dc[dcOff + s + j] = dcv * fg;
            }
        }
    }

    @Override
    public void adam(final int n, final float lr, final float beta1, final float beta2, final float eps,
                     final double c1, final double c2, final float[] theta, final float[] g, final float[] m,
                     final float[] v)
    {
        if (vector)
        {
            VectorKernels.adam(n, lr, beta1, beta2, eps, c1, c2, theta, g, m, v);
            return;
        }
        // θ -= lr·(m/c1)/(sqrt(v/c2)+ε), rewritten as θ -= (lr/c1)·m/(sqrt(v)·(1/sqrt(c2))+ε).
        final float stepSize = (float) (lr / c1);
        final float invSqrtC2 = (float) (1.0 / Math.sqrt(c2));
        final float oneMinusB1 = 1f - beta1;
        final float oneMinusB2 = 1f - beta2;
        for (int i = 0; i < n; i++)
        {
            final float gi = g[i];
            final float mi = beta1 * m[i] + oneMinusB1 * gi;
            final float vi = beta2 * v[i] + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            theta[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtC2 + eps);
        }
    }

    @Override
    public void rmsprop(final int n, final float lr, final float rho, final float momentum, final float eps,
                        final float[] theta, final float[] g, final float[] ms, final float[] mg, final float[] mom)
    {
        final float oneMinusRho = 1f - rho;
        for (int i = 0; i < n; i++)
        {
            final float gi = g[i];
            final float msi = rho * ms[i] + oneMinusRho * gi * gi;
            ms[i] = msi;
            float denom = msi;
            if (mg != null)
            {
                final float mgi = rho * mg[i] + oneMinusRho * gi;
                mg[i] = mgi;
                denom -= mgi * mgi;
            }
            final float update = lr * gi / (float) Math.sqrt(denom + eps);
            if (mom != null)
            {
                final float mo = momentum * mom[i] + update;
                mom[i] = mo;
                theta[i] -= mo;
            }
            else
            {
                theta[i] -= update;
            }
        }
    }

    @Override
    public void sgd(final int n, final float lr, final float momentum, final float[] theta, final float[] g,
                    final float[] buf)
    {
        if (buf == null)
        {
            for (int i = 0; i < n; i++)
            {
                theta[i] -= lr * g[i];
            }
            return;
        }
        for (int i = 0; i < n; i++)
        {
            final float b = momentum * buf[i] + g[i];
            buf[i] = b;
            theta[i] -= lr * b;
        }
    }
}
