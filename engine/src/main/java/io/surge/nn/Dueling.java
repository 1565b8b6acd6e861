package io.surge.nn;

import io.surge.nn.backend.Activation;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Dueling Q head (Wang et al. 2016, equation 9): a value stream V(s) and an advantage stream
 * A(s, a) over the same features, combined as {@code Q(s, a) = V(s) + A(s, a) - mean_a' A(s, a')}.
 * Each stream is either one linear layer, or (with {@code hidden > 0}) a ReLU layer of that width
 * followed by a linear layer, as in the paper's Atari network.
 */
final class Dueling extends Layer
{
    final int actions;
    final int hidden;
    final Dense valueHidden;
    final Dense value;
    final Dense advantageHidden;
    final Dense advantage;

    Dueling(final int in, final int actions, final int hidden, final Init init)
    {
        super(in, actions);
        this.actions = actions;
        this.hidden = hidden;
        if (hidden > 0)
        {
            valueHidden = new Dense(in, hidden, Activation.RELU, init);
            value = new Dense(hidden, 1, Activation.IDENTITY, init);
            advantageHidden = new Dense(in, hidden, Activation.RELU, init);
            advantage = new Dense(hidden, actions, Activation.IDENTITY, init);
        }
        else
        {
            valueHidden = null;
            advantageHidden = null;
            value = new Dense(in, 1, Activation.IDENTITY, init);
            advantage = new Dense(in, actions, Activation.IDENTITY, init);
        }
    }

    @Override
    void place(final int offset, final String name)
    {
        super.place(offset, name);
        int at = offset;
        if (hidden > 0)
        {
            valueHidden.place(at, name + ".value_hidden");
            at += valueHidden.parameterCount();
        }
        value.place(at, name + ".value");
        at += value.parameterCount();
        if (hidden > 0)
        {
            advantageHidden.place(at, name + ".advantage_hidden");
            at += advantageHidden.parameterCount();
        }
        advantage.place(at, name + ".advantage");
    }

    @Override
    int parameterCount()
    {
        int n = value.parameterCount() + advantage.parameterCount();
        if (hidden > 0)
        {
            n += valueHidden.parameterCount() + advantageHidden.parameterCount();
        }
        return n;
    }

    @Override
    void tensors(final List<ParameterTensor> out)
    {
        if (hidden > 0)
        {
            valueHidden.tensors(out);
        }
        value.tensors(out);
        if (hidden > 0)
        {
            advantageHidden.tensors(out);
        }
        advantage.tensors(out);
    }

    @Override
    void initialize(final float[] p, final RandomGenerator rng)
    {
        if (hidden > 0)
        {
            valueHidden.initialize(p, rng);
        }
        value.initialize(p, rng);
        if (hidden > 0)
        {
            advantageHidden.initialize(p, rng);
        }
        advantage.initialize(p, rng);
    }

    // Scratch, R rows: vh [R][H] | v [R] | ah [R][H] | a [R][A], and for training the same again for gradients.
    private static int vhOff()
    {
        return 0;
    }

    private int vOff(final int rows)
    {
        return rows * hidden;
    }

    private int ahOff(final int rows)
    {
        return vOff(rows) + rows;
    }

    private int aOff(final int rows)
    {
        return ahOff(rows) + rows * hidden;
    }

    private int half(final int rows)
    {
        return aOff(rows) + rows * actions;
    }

    @Override
    int scratchSize(final int maxBatch, final int maxSteps, final boolean training)
    {
        final int h = half(maxBatch * maxSteps);
        return training ? 2 * h : h;
    }

    @Override
    String describe()
    {
        return "dueling " + inputSize + " -> " + actions + (hidden > 0 ? " (streams of " + hidden + ")" : "");
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        final float[] s = ws.scratch[index];
        final int rows = ws.rows;
        final int r = ws.maxRows;
        if (hidden > 0)
        {
            valueHidden.forward(ws.backend, p, in, inOff, rows, s, vhOff());
            value.forward(ws.backend, p, s, vhOff(), rows, s, vOff(r));
            advantageHidden.forward(ws.backend, p, in, inOff, rows, s, ahOff(r));
            advantage.forward(ws.backend, p, s, ahOff(r), rows, s, aOff(r));
        }
        else
        {
            value.forward(ws.backend, p, in, inOff, rows, s, vOff(r));
            advantage.forward(ws.backend, p, in, inOff, rows, s, aOff(r));
        }
        for (int i = 0; i < rows; i++)
        {
            final int a = aOff(r) + i * actions;
            float mean = 0f;
            for (int j = 0; j < actions; j++)
            {
                mean += s[a + j];
            }
            mean /= actions;
            final float v = s[vOff(r) + i];
            for (int j = 0; j < actions; j++)
            {
                out[i * actions + j] = v + s[a + j] - mean;
            }
        }
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        final float[] s = ws.scratch[index];
        final int rows = ws.rows;
        final int r = ws.maxRows;
        final int d = half(r);
        for (int i = 0; i < rows; i++)
        {
            float sum = 0f;
            for (int j = 0; j < actions; j++)
            {
                sum += dOut[i * actions + j];
            }
            s[d + vOff(r) + i] = sum;
            final float mean = sum / actions;
            for (int j = 0; j < actions; j++)
            {
                s[d + aOff(r) + i * actions + j] = dOut[i * actions + j] - mean;
            }
        }
        if (hidden > 0)
        {
            value.backward(ws.backend, p, g, s, vhOff(), rows, s, vOff(r), s, d + vOff(r), s, d + vhOff(), 0f);
            valueHidden.backward(ws.backend, p, g, in, inOff, rows, s, vhOff(), s, d + vhOff(), dIn, 0, 0f);
            advantage.backward(ws.backend, p, g, s, ahOff(r), rows, s, aOff(r), s, d + aOff(r), s, d + ahOff(r), 0f);
            advantageHidden.backward(ws.backend, p, g, in, inOff, rows, s, ahOff(r), s, d + ahOff(r), dIn, 0, 1f);
        }
        else
        {
            value.backward(ws.backend, p, g, in, inOff, rows, s, vOff(r), s, d + vOff(r), dIn, 0, 0f);
            advantage.backward(ws.backend, p, g, in, inOff, rows, s, aOff(r), s, d + aOff(r), dIn, 0, 1f);
        }
    }
}
