package io.surge.nn;

import io.surge.nn.backend.Activation;

/**
 * An independent float64 implementation of every layer's forward pass, written directly from
 * the equations with naive loops (no im2col, no GEMM, no fused kernels). The gradient checks
 * differentiate it by central finite differences and compare with the float32 backward passes.
 */
final class Reference64
{
    private Reference64()
    {
    }

    /** Output rows (steps × batch, time-major) of the network at parameters p. */
    static double[] forward(final Network net, final double[] p, final double[] input, final int steps,
                            final int batch, final double[] stateIn)
    {
        final int rows = steps * batch;
        final int obs = net.observationSize();
        double[] x = new double[rows * obs];
        for (int r = 0; r < rows; r++)
        {
            System.arraycopy(input, r * net.inputSize(), x, r * obs, obs);
        }
        for (final Layer layer : net.layers())
        {
            x = layer(net, layer, p, x, input, steps, batch, stateIn);
        }
        return x;
    }

    private static double[] layer(final Network net, final Layer layer, final double[] p, final double[] x,
                                  final double[] input, final int steps, final int batch, final double[] stateIn)
    {
        final int rows = steps * batch;
        if (layer instanceof Dense d)
        {
            return dense(p, d.weightOffset(), d.biasOffset(), d.inputSize, d.outputSize, d.activation, x, rows);
        }
        if (layer instanceof ActivationLayer a)
        {
            final double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++)
            {
                y[i] = a.activation.apply(x[i]);
            }
            return y;
        }
        if (layer instanceof Conv2d c)
        {
            return conv(p, c, x, rows);
        }
        if (layer instanceof ChannelsFirst cf)
        {
            // [C][H*W] -> [H*W][C] per row, written independently of the layer's loops.
            final int size = cf.inputSize;
            final int channels = cf.channels();
            final int pixels = size / channels;
            final double[] y = new double[x.length];
            for (int r = 0; r < rows; r++)
            {
                for (int i = 0; i < size; i++)
                {
                    final int ch = i / pixels;
                    final int pixel = i % pixels;
                    y[r * size + pixel * channels + ch] = x[r * size + i];
                }
            }
            return y;
        }
        if (layer instanceof Lstm l)
        {
            return lstm(net, p, l, x, steps, batch, stateIn);
        }
        if (layer instanceof Dueling du)
        {
            final double[] v;
            final double[] a;
            if (du.hidden > 0)
            {
                v = denseLayer(p, du.value, denseLayer(p, du.valueHidden, x, rows), rows);
                a = denseLayer(p, du.advantage, denseLayer(p, du.advantageHidden, x, rows), rows);
            }
            else
            {
                v = denseLayer(p, du.value, x, rows);
                a = denseLayer(p, du.advantage, x, rows);
            }
            final int n = du.actions;
            final double[] q = new double[rows * n];
            for (int r = 0; r < rows; r++)
            {
                double mean = 0;
                for (int j = 0; j < n; j++)
                {
                    mean += a[r * n + j];
                }
                mean /= n;
                for (int j = 0; j < n; j++)
                {
                    q[r * n + j] = v[r] + a[r * n + j] - mean;
                }
            }
            return q;
        }
        if (layer instanceof ConcatAction ca)
        {
            final double[] y = new double[rows * ca.outputSize];
            for (int r = 0; r < rows; r++)
            {
                System.arraycopy(x, r * ca.inputSize, y, r * ca.outputSize, ca.inputSize);
                System.arraycopy(input, r * net.inputSize() + net.observationSize(), y, r * ca.outputSize + ca.inputSize,
                    ca.actionSize);
            }
            return y;
        }
        if (layer instanceof GaussianHead g)
        {
            final double[] mu = denseLayer(p, g.mean, x, rows);
            final int n = g.actions;
            final double[] y = new double[rows * 2 * n];
            for (int r = 0; r < rows; r++)
            {
                for (int j = 0; j < n; j++)
                {
                    y[r * 2 * n + j] = mu[r * n + j];
                    y[r * 2 * n + n + j] = p[g.logStdOffset() + j];
                }
            }
            return y;
        }
        throw new IllegalStateException("no reference for " + layer.getClass());
    }

    private static double[] denseLayer(final double[] p, final Dense d, final double[] x, final int rows)
    {
        return dense(p, d.weightOffset(), d.biasOffset(), d.inputSize, d.outputSize, d.activation, x, rows);
    }

    static double[] dense(final double[] p, final int w, final int b, final int in, final int out,
                          final Activation f, final double[] x, final int rows)
    {
        final double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < out; o++)
            {
                double s = p[b + o];
                for (int i = 0; i < in; i++)
                {
                    s += p[w + o * in + i] * x[r * in + i];
                }
                y[r * out + o] = f.apply(s);
            }
        }
        return y;
    }

    private static double[] conv(final double[] p, final Conv2d c, final double[] x, final int rows)
    {
        final double[] y = new double[rows * c.outputSize];
        for (int s = 0; s < rows; s++)
        {
            for (int oy = 0; oy < c.oh; oy++)
            {
                for (int ox = 0; ox < c.ow; ox++)
                {
                    for (int f = 0; f < c.filters; f++)
                    {
                        double sum = p[c.biasOffset() + f];
                        for (int ch = 0; ch < c.c; ch++)
                        {
                            for (int ky = 0; ky < c.kh; ky++)
                            {
                                for (int kx = 0; kx < c.kw; kx++)
                                {
                                    final int iy = oy * c.stride - c.pad + ky;
                                    final int ix = ox * c.stride - c.pad + kx;
                                    if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w)
                                    {
                                        continue;
                                    }
                                    final double wv = p[c.weightOffset() + ((f * c.kh + ky) * c.kw + kx) * c.c + ch];
                                    sum += wv * x[s * c.inputSize + (iy * c.w + ix) * c.c + ch];
                                }
                            }
                        }
                        y[s * c.outputSize + (oy * c.ow + ox) * c.filters + f] = c.activation.apply(sum);
                    }
                }
            }
        }
        return y;
    }

    private static double sigmoid(final double x)
    {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[] lstm(final Network net, final double[] p, final Lstm l, final double[] x, final int steps,
                                 final int batch, final double[] stateIn)
    {
        final int hdim = l.hidden;
        final int in = l.inputSize;
        final double[] y = new double[steps * batch * hdim];
        for (int b = 0; b < batch; b++)
        {
            final double[] h = new double[hdim];
            final double[] c = new double[hdim];
            if (stateIn != null)
            {
                for (int j = 0; j < hdim; j++)
                {
                    h[j] = stateIn[b * net.stateSize() + l.stateOffset + j];
                    c[j] = stateIn[b * net.stateSize() + l.stateOffset + hdim + j];
                }
            }
            for (int t = 0; t < steps; t++)
            {
                final double[] pre = new double[4 * hdim];
                for (int gidx = 0; gidx < 4 * hdim; gidx++)
                {
                    double s = p[l.biasOffset() + gidx];
                    for (int i = 0; i < in; i++)
                    {
                        s += p[l.wihOffset() + gidx * in + i] * x[(t * batch + b) * in + i];
                    }
                    for (int j = 0; j < hdim; j++)
                    {
                        s += p[l.whhOffset() + gidx * hdim + j] * h[j];
                    }
                    pre[gidx] = s;
                }
                for (int j = 0; j < hdim; j++)
                {
                    final double ig = sigmoid(pre[j]);
                    final double fg = sigmoid(pre[hdim + j]);
                    final double gg = Math.tanh(pre[2 * hdim + j]);
                    final double og = sigmoid(pre[3 * hdim + j]);
                    c[j] = fg * c[j] + ig * gg;
                    h[j] = og * Math.tanh(c[j]);
                    y[(t * batch + b) * hdim + j] = h[j];
                }
            }
        }
        return y;
    }
}
