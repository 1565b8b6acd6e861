package io.surge.nn;

import io.surge.util.Rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checks. The loss is a fixed random linear function of the outputs,
 * {@code L = Σ c_k y_k}, so {@code dL/dy = c} exercises every path of the backward pass. The
 * analytic gradient comes from the float32 network; the numerical one from central differences
 * (h = 1e-6) of the float64 reference {@link Reference64} at the same (float32-representable)
 * point. The tolerance allows for float32 rounding in the analytic gradient.
 */
final class GradCheck
{
    private GradCheck()
    {
    }

    /** Checks a network; returns the number of parameters checked. */
    static int check(final Network net, final int steps, final int batch, final long seed, final int maxChecked)
    {
        final Rng rng = new Rng(seed);
        final float[] params = net.newParameters();
        net.initialize(params, seed);
        // Perturb every parameter a little so that zero biases and symmetric inits do not hide bugs.
        for (int i = 0; i < params.length; i++)
        {
            params[i] += (float) (0.05 * rng.nextGaussian());
        }
        final int rows = steps * batch;
        final float[] input = new float[rows * net.inputSize()];
        for (int i = 0; i < input.length; i++)
        {
            input[i] = (float) rng.nextGaussian();
        }
        final float[] state = net.stateSize() == 0 ? null : new float[batch * net.stateSize()];
        if (state != null)
        {
            for (int i = 0; i < state.length; i++)
            {
                state[i] = (float) (0.5 * rng.nextGaussian());
            }
        }
        final float[] c = new float[rows * net.outputSize()];
        for (int i = 0; i < c.length; i++)
        {
            c[i] = (float) rng.nextGaussian();
        }

        final Workspace ws = net.newWorkspace(batch, steps, true, io.surge.nn.backend.Backends.cpu());
        final float[] out = net.recurrent()
            ? net.forwardSequence(params, ws, input, 0, steps, batch, state, 0)
            : net.forward(params, ws, input, 0, rows);
        final float[] grads = net.newParameters();
        net.backward(params, grads, ws, c, 0);

        final double[] p64 = toDouble(params);
        final double[] in64 = toDouble(input);
        final double[] st64 = state == null ? null : toDouble(state);
        final double[] ref = Reference64.forward(net, p64, in64, steps, batch, st64);
        for (int i = 0; i < ref.length; i++)
        {
            assertEquals(ref[i], out[i], 1e-4 * (1 + Math.abs(ref[i])), "forward output " + i + " of " + net);
        }

        final int n = params.length;
        final int stride = n <= maxChecked ? 1 : n / maxChecked;
        final double[] numeric = new double[n];
        double sumSq = 0;
        int count = 0;
        final int start = stride == 1 ? 0 : (int) (seed % stride);
        for (int i = start; i < n; i += stride)
        {
            numeric[i] = numericGradient(net, p64, in64, st64, c, steps, batch, i);
            sumSq += numeric[i] * numeric[i];
            count++;
        }
        final double rms = Math.sqrt(sumSq / Math.max(1, count));
        assertTrue(rms > 0, "all checked gradients are zero: the check would prove nothing");
        for (int i = start; i < n; i += stride)
        {
            final double tol = 2e-3 * Math.abs(numeric[i]) + 2e-4 * rms + 1e-6;
            assertEquals(numeric[i], grads[i], tol, "gradient of parameter " + i + " (" + tensorOf(net, i) + ") in\n" + net);
        }
        return count;
    }

    static double numericGradient(final Network net, final double[] p, final double[] in, final double[] state,
                                  final float[] c, final int steps, final int batch, final int i)
    {
        final double h = 1e-6;
        final double saved = p[i];
        p[i] = saved + h;
        final double plus = dot(Reference64.forward(net, p, in, steps, batch, state), c);
        p[i] = saved - h;
        final double minus = dot(Reference64.forward(net, p, in, steps, batch, state), c);
        p[i] = saved;
        return (plus - minus) / (2 * h);
    }

    private static double dot(final double[] y, final float[] c)
    {
        double s = 0;
        for (int i = 0; i < y.length; i++)
        {
            s += y[i] * c[i];
        }
        return s;
    }

    static double[] toDouble(final float[] x)
    {
        final double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++)
        {
            d[i] = x[i];
        }
        return d;
    }

    static String tensorOf(final Network net, final int index)
    {
        for (final ParameterTensor t : net.tensors())
        {
            if (index >= t.offset() && index < t.offset() + t.size())
            {
                return t.name() + "[" + (index - t.offset()) + "]";
            }
        }
        return "?";
    }
}
