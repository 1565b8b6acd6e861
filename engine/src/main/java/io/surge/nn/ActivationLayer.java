package io.surge.nn;

import io.surge.nn.backend.Activation;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A standalone elementwise activation, for where it cannot be fused into the layer before it
 * (first layer, after an LSTM or a head). The builder fuses it into a preceding Dense or Conv2d.
 */
final class ActivationLayer extends Layer
{
    final Activation activation;

    ActivationLayer(final int size, final Activation activation)
    {
        super(size, size);
        this.activation = activation;
    }

    @Override
    int parameterCount()
    {
        return 0;
    }

    @Override
    void tensors(final List<ParameterTensor> out)
    {
    }

    @Override
    void initialize(final float[] p, final RandomGenerator rng)
    {
    }

    @Override
    String describe()
    {
        return activation.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        final int n = ws.rows * outputSize;
        System.arraycopy(in, inOff, out, 0, n);
        ws.backend.biasActivation(activation, out, 0, ws.rows, outputSize, null, 0);
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        if (dIn != null)
        {
            final int n = ws.rows * outputSize;
            System.arraycopy(dOut, 0, dIn, 0, n);
            ws.backend.activationBackward(activation, out, 0, dIn, 0, n);
        }
    }
}
