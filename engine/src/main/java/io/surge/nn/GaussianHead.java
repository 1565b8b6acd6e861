package io.surge.nn;

import io.surge.nn.backend.Activation;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Diagonal Gaussian policy head: a linear (or tanh-squashed) mean μ(s) and a state-independent
 * log standard deviation parameter, output per row as {@code [μ (A) | log σ (A)]}. Sampling and
 * log-probabilities are in {@link Policies} and {@link Losses}.
 */
final class GaussianHead extends Layer
{
    final int actions;
    final Dense mean;
    private final float initialLogStd;

    GaussianHead(final int in, final int actions, final Activation meanActivation, final float initialLogStd,
                 final Init init)
    {
        super(in, 2 * actions);
        this.actions = actions;
        this.mean = new Dense(in, actions, meanActivation, init);
        this.initialLogStd = initialLogStd;
    }

    int logStdOffset()
    {
        return offset + mean.parameterCount();
    }

    @Override
    void place(final int offset, final String name)
    {
        super.place(offset, name);
        mean.place(offset, name + ".mean");
    }

    @Override
    int parameterCount()
    {
        return mean.parameterCount() + actions;
    }

    @Override
    void tensors(final List<ParameterTensor> out)
    {
        mean.tensors(out);
        out.add(new ParameterTensor(name + ".log_std", new int[] {actions}, logStdOffset()));
    }

    @Override
    void initialize(final float[] p, final RandomGenerator rng)
    {
        mean.initialize(p, rng);
        Arrays.fill(p, logStdOffset(), logStdOffset() + actions, initialLogStd);
    }

    @Override
    int scratchSize(final int maxBatch, final int maxSteps, final boolean training)
    {
        final int n = maxBatch * maxSteps * actions;
        return training ? 2 * n : n;
    }

    @Override
    String describe()
    {
        return "gaussian " + inputSize + " -> mean " + actions + " + log_std " + actions;
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        final float[] s = ws.scratch[index];
        mean.forward(ws.backend, p, in, inOff, ws.rows, s, 0);
        for (int r = 0; r < ws.rows; r++)
        {
            System.arraycopy(s, r * actions, out, r * outputSize, actions);
            System.arraycopy(p, logStdOffset(), out, r * outputSize + actions, actions);
        }
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        final float[] s = ws.scratch[index];
        final int d = ws.maxRows * actions;
        final int ls = logStdOffset();
        for (int r = 0; r < ws.rows; r++)
        {
            System.arraycopy(dOut, r * outputSize, s, d + r * actions, actions);
            for (int j = 0; j < actions; j++)
            {
                g[ls + j] += dOut[r * outputSize + actions + j];
            }
        }
        mean.backward(ws.backend, p, g, in, inOff, ws.rows, s, 0, s, d, dIn, 0, 0f);
    }
}
