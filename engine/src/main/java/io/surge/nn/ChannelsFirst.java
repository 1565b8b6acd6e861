package io.surge.nn;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Reorders each input row from channels-first {@code [C][H][W]} (the layout of MinAtar
 * observations) to the channels-last {@code [H][W][C]} the convolution layers read. Its backward
 * pass applies the inverse permutation. No parameters.
 */
final class ChannelsFirst extends Layer
{
    private final int c;
    private final int hw;

    ChannelsFirst(final int c, final int h, final int w)
    {
        super(c * h * w, c * h * w);
        this.c = c;
        this.hw = h * w;
    }

    int channels()
    {
        return c;
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
        return "channels-first [" + c + "][" + hw + "] to channels-last";
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        final int size = inputSize;
        for (int r = 0; r < ws.rows; r++)
        {
            final int src = inOff + r * size;
            final int dst = r * size;
            for (int ch = 0; ch < c; ch++)
            {
                final int from = src + ch * hw;
                for (int pixel = 0; pixel < hw; pixel++)
                {
                    out[dst + pixel * c + ch] = in[from + pixel];
                }
            }
        }
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        if (dIn == null)
        {
            return;
        }
        final int size = inputSize;
        for (int r = 0; r < ws.rows; r++)
        {
            final int base = r * size;
            for (int ch = 0; ch < c; ch++)
            {
                for (int pixel = 0; pixel < hw; pixel++)
                {
                    dIn[base + ch * hw + pixel] = dOut[base + pixel * c + ch];
                }
            }
        }
    }
}
