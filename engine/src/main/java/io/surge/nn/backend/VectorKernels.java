package io.surge.nn.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link CpuBackend}'s elementwise kernels, same contracts. The
 * transcendental functions use the Vector API's lanewise EXP, EXPM1 and TANH, which C2 compiles to
 * the JDK's vector math library (a few ulp of error, well inside float32 training noise), where the
 * scalar {@link Math} versions cost tens of nanoseconds each. Every loop has a scalar tail, which
 * computes in float64 through {@link Math} like the scalar backend.
 */
final class VectorKernels
{
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private VectorKernels()
    {
    }

    private static FloatVector sigmoid(final FloatVector x)
    {
        return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    private static float sigmoid(final float x)
    {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    private static FloatVector activate(final Activation f, final FloatVector x)
    {
        return switch (f)
        {
            case IDENTITY -> x;
            case RELU -> x.max(0f);
            case TANH -> x.lanewise(VectorOperators.TANH);
            case SIGMOID -> sigmoid(x);
            case ELU ->
            {
                final VectorMask<Float> positive = x.compare(VectorOperators.GT, 0f);
                yield x.lanewise(VectorOperators.EXPM1).blend(x, positive);
            }
        };
    }

    static void biasActivation(final Activation f, final float[] x, final int xOff, final int rows, final int cols,
                               final float[] bias, final int biasOff)
    {
        final int cv = S.loopBound(cols);
        for (int r = 0; r < rows; r++)
        {
            final int row = xOff + r * cols;
            int j = 0;
            for (; j < cv; j += L)
            {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null)
                {
                    v = v.add(FloatVector.fromArray(S, bias, biasOff + j));
                }
                activate(f, v).intoArray(x, row + j);
            }
            for (; j < cols; j++)
            {
                final float v = bias != null ? x[row + j] + bias[biasOff + j] : x[row + j];
                x[row + j] = (float) f.apply(v);
            }
        }
    }

    static void activationBackward(final Activation f, final float[] y, final int yOff, final float[] dy,
                                   final int dyOff, final int n)
    {
        if (f == Activation.IDENTITY)
        {
            return;
        }
        final int nv = S.loopBound(n);
        int i = 0;
        for (; i < nv; i += L)
        {
            final FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            final FloatVector g = FloatVector.fromArray(S, dy, dyOff + i);
            final FloatVector out = switch (f)
            {
                case IDENTITY -> g;
                case RELU -> FloatVector.zero(S).blend(g, yv.compare(VectorOperators.GT, 0f));
                case TANH -> g.mul(yv.mul(yv).neg().add(1f));
                case SIGMOID -> g.mul(yv.mul(yv.neg().add(1f)));
                case ELU -> g.mul(yv.add(1f).blend(1f, yv.compare(VectorOperators.GT, 0f)));
            };
            out.intoArray(dy, dyOff + i);
        }
        for (; i < n; i++)
        {
            dy[dyOff + i] = (float) (dy[dyOff + i] * f.derivativeFromOutput(y[yOff + i]));
        }
    }

    static void columnSums(final float[] x, final int xOff, final int rows, final int cols, final float[] out,
                           final int outOff)
    {
        final int cv = S.loopBound(cols);
        for (int r = 0; r < rows; r++)
        {
            final int row = xOff + r * cols;
            int j = 0;
            for (; j < cv; j += L)
            {
                FloatVector.fromArray(S, out, outOff + j).add(FloatVector.fromArray(S, x, row + j))
                    .intoArray(out, outOff + j);
            }
            for (; j < cols; j++)
            {
                out[outOff + j] += x[row + j];
            }
        }
    }

    static void axpy(final int n, final float alpha, final float[] x, final int xOff, final float[] y, final int yOff)
    {
        final int nv = S.loopBound(n);
        int i = 0;
        for (; i < nv; i += L)
        {
            FloatVector.fromArray(S, x, xOff + i).mul(alpha).add(FloatVector.fromArray(S, y, yOff + i))
                .intoArray(y, yOff + i);
        }
        for (; i < n; i++)
        {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    static void lstmCellForward(final int batch, final int hidden, final float[] gates, final int gOff,
                                final float[] cPrev, final int cPrevOff, final float[] c, final int cOff,
                                final float[] tanhC, final int tanhCOff, final float[] h, final int hOff)
    {
        final int g4 = 4 * hidden;
        final int hv = S.loopBound(hidden);
        for (int r = 0; r < batch; r++)
        {
            final int g = gOff + r * g4;
            final int s = r * hidden;
            int j = 0;
            for (; j < hv; j += L)
            {
                final FloatVector ig = sigmoid(FloatVector.fromArray(S, gates, g + j));
                final FloatVector fg = sigmoid(FloatVector.fromArray(S, gates, g + hidden + j));
                final FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * hidden + j).lanewise(VectorOperators.TANH);
                final FloatVector og = sigmoid(FloatVector.fromArray(S, gates, g + 3 * hidden + j));
                ig.intoArray(gates, g + j);
                fg.intoArray(gates, g + hidden + j);
                gg.intoArray(gates, g + 2 * hidden + j);
                og.intoArray(gates, g + 3 * hidden + j);
                final FloatVector cNew = fg.fma(FloatVector.fromArray(S, cPrev, cPrevOff + s + j), ig.mul(gg));
                final FloatVector tc = cNew.lanewise(VectorOperators.TANH);
                cNew.intoArray(c, cOff + s + j);
                tc.intoArray(tanhC, tanhCOff + s + j);
                og.mul(tc).intoArray(h, hOff + s + j);
            }
            for (; j < hidden; j++)
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

    static void lstmCellBackward(final int batch, final int hidden, final float[] gates, final int gOff,
                                 final float[] cPrev, final int cPrevOff, final float[] tanhC, final int tanhCOff,
                                 final float[] dh, final int dhOff, final float[] dc, final int dcOff,
                                 final float[] dGates, final int dgOff)
    {
        final int g4 = 4 * hidden;
        final int hv = S.loopBound(hidden);
        for (int r = 0; r < batch; r++)
        {
            final int g = gOff + r * g4;
            final int dg = dgOff + r * g4;
            final int s = r * hidden;
            int j = 0;
            for (; j < hv; j += L)
            {
                final FloatVector ig = FloatVector.fromArray(S, gates, g + j);
                final FloatVector fg = FloatVector.fromArray(S, gates, g + hidden + j);
                final FloatVector gg = FloatVector.fromArray(S, gates, g + 2 * hidden + j);
                final FloatVector og = FloatVector.fromArray(S, gates, g + 3 * hidden + j);
                final FloatVector tc = FloatVector.fromArray(S, tanhC, tanhCOff + s + j);
                final FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + s + j);
                final FloatVector dcv = FloatVector.fromArray(S, dc, dcOff + s + j)
                    .add(dhv.mul(og).mul(tc.mul(tc).neg().add(1f)));
                dcv.mul(gg).mul(ig).mul(ig.neg().add(1f)).intoArray(dGates, dg + j);
                dcv.mul(FloatVector.fromArray(S, cPrev, cPrevOff + s + j)).mul(fg).mul(fg.neg().add(1f))
                    .intoArray(dGates, dg + hidden + j);
                dcv.mul(ig).mul(gg.mul(gg).neg().add(1f)).intoArray(dGates, dg + 2 * hidden + j);
                dhv.mul(tc).mul(og).mul(og.neg().add(1f)).intoArray(dGates, dg + 3 * hidden + j);
                dcv.mul(fg).intoArray(dc, dcOff + s + j);
            }
            for (; j < hidden; j++)
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

    static void adam(final int n, final float lr, final float beta1, final float beta2, final float eps,
                     final double c1, final double c2, final float[] theta, final float[] g, final float[] m,
                     final float[] v)
    {
        final float stepSize = (float) (lr / c1);
        final float invSqrtC2 = (float) (1.0 / Math.sqrt(c2));
        final float oneMinusB1 = 1f - beta1;
        final float oneMinusB2 = 1f - beta2;
        final int nv = S.loopBound(n);
        int i = 0;
        for (; i < nv; i += L)
        {
            final FloatVector gi = FloatVector.fromArray(S, g, i);
            final FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(oneMinusB1));
            final FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(gi).mul(oneMinusB2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            final FloatVector denom = vi.lanewise(VectorOperators.SQRT).mul(invSqrtC2).add(eps);
            FloatVector.fromArray(S, theta, i).sub(mi.mul(stepSize).div(denom)).intoArray(theta, i);
        }
        for (; i < n; i++)
        {
            final float gi = g[i];
            final float mi = beta1 * m[i] + oneMinusB1 * gi;
            final float vi = beta2 * v[i] + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            theta[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtC2 + eps);
        }
    }
}
