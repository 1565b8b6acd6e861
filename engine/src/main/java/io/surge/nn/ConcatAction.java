package io.surge.nn;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Appends the action part of the network's input to the current features, for Q(s, a) networks
 * over continuous actions (QT-Opt): each network input row is {@code [observation | action]};
 * the layers before this one see only the observation, the layers after it see
 * {@code [features | action]}. No gradient flows into the action.
 */
final class ConcatAction extends Layer
{
    final int actionSize;

    ConcatAction(final int featureSize, final int actionSize)
    {
        super(featureSize, featureSize + actionSize);
        this.actionSize = actionSize;
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
        return "concat action " + inputSize + " + " + actionSize + " -> " + outputSize;
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        final int stride = ws.network.inputSize();
        final int obs = ws.network.observationSize();
        for (int r = 0; r < ws.rows; r++)
        {
            System.arraycopy(in, inOff + r * inputSize, out, r * outputSize, inputSize);
            System.arraycopy(ws.input, ws.inputOff + r * stride + obs, out, r * outputSize + inputSize, actionSize);
        }
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        if (dIn != null)
        {
            for (int r = 0; r < ws.rows; r++)
            {
                System.arraycopy(dOut, r * outputSize, dIn, r * inputSize, inputSize);
            }
        }
    }
}
