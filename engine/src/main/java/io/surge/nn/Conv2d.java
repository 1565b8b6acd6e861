package io.surge.nn;

import io.surge.nn.backend.Activation;
import io.surge.nn.backend.Backend;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * 2-D convolution over NHWC images (one image is one activation row, ordered row, column,
 * channel), computed as im2col and one GEMM for the whole batch: patches
 * {@code [rows·oh·ow, c·kh·kw]} times Wᵀ give the output {@code [rows·oh·ow, filters]}, which is
 * the NHWC output directly. The weight is stored channels-last, {@code [filters, kh, kw, c]}, so
 * that each kernel row of a patch is one contiguous run of the image (the safetensors export
 * permutes it to PyTorch's {@code [filters, c, kh, kw]}); the bias {@code [filters]} follows. An
 * activation may be fused.
 */
final class Conv2d extends Layer
{
    final int h;
    final int w;
    final int c;
    final int filters;
    final int kh;
    final int kw;
    final int stride;
    final int pad;
    final int oh;
    final int ow;
    final Activation activation;
    private final Init init;

    Conv2d(final int h, final int w, final int c, final int filters, final int kernel, final int stride,
           final int pad, final Activation activation, final Init init)
    {
        super(h * w * c, outSize(h, kernel, stride, pad) * outSize(w, kernel, stride, pad) * filters);
        if (outSize(h, kernel, stride, pad) <= 0 || outSize(w, kernel, stride, pad) <= 0)
        {
            throw new IllegalArgumentException("conv2d: a " + kernel + "x" + kernel + " kernel with stride " + stride
                + " and padding " + pad + " does not fit a " + h + "x" + w + " input");
        }
        this.h = h;
        this.w = w;
        this.c = c;
        this.filters = filters;
        this.kh = kernel;
        this.kw = kernel;
        this.stride = stride;
        this.pad = pad;
        this.oh = outSize(h, kernel, stride, pad);
        this.ow = outSize(w, kernel, stride, pad);
        this.activation = activation;
        this.init = init;
    }

    static int outSize(final int size, final int kernel, final int stride, final int pad)
    {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    Conv2d withActivation(final Activation f)
    {
        return new Conv2d(h, w, c, filters, kh, stride, pad, f, init);
    }

    int patchSize()
    {
        return c * kh * kw;
    }

    int weightOffset()
    {
        return offset;
    }

    int biasOffset()
    {
        return offset + filters * patchSize();
    }

    @Override
    int parameterCount()
    {
        return filters * patchSize() + filters;
    }

    @Override
    void tensors(final List<ParameterTensor> out)
    {
        out.add(new ParameterTensor(name + ".weight", new int[] {filters, kh, kw, c}, weightOffset()));
        out.add(new ParameterTensor(name + ".bias", new int[] {filters}, biasOffset()));
    }

    @Override
    void initialize(final float[] p, final RandomGenerator rng)
    {
        init.fill(p, weightOffset(), filters, patchSize(), filters * kh * kw, rng);
        Arrays.fill(p, biasOffset(), biasOffset() + filters, 0f);
    }

    @Override
    int scratchSize(final int maxBatch, final int maxSteps, final boolean training)
    {
        final int cols = maxBatch * maxSteps * oh * ow * patchSize();
        return training ? 2 * cols : cols;
    }

    @Override
    String describe()
    {
        return "conv2d " + h + "x" + w + "x" + c + " -> " + oh + "x" + ow + "x" + filters + " (kernel " + kh + "x" + kw
            + ", stride " + stride + ", padding " + pad + ")" + (activation == Activation.IDENTITY ? "" : " " + activation);
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        final Backend be = ws.backend;
        final float[] cols = ws.scratch[index];
        final int positions = ws.rows * oh * ow;
        be.im2col(in, inOff, ws.rows, h, w, c, kh, kw, stride, pad, cols, 0);
        be.gemm(false, true, positions, filters, patchSize(), cols, 0, patchSize(), p, weightOffset(), patchSize(),
            0f, out, 0, filters);
        be.biasActivation(activation, out, 0, positions, filters, p, biasOffset());
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        final Backend be = ws.backend;
        final float[] cols = ws.scratch[index];
        final int positions = ws.rows * oh * ow;
        be.activationBackward(activation, out, 0, dOut, 0, positions * filters);
        be.gemm(true, false, filters, patchSize(), positions, dOut, 0, filters, cols, 0, patchSize(),
            1f, g, weightOffset(), patchSize());
        be.columnSums(dOut, 0, positions, filters, g, biasOffset());
        if (dIn != null)
        {
            final int dColsOff = ws.maxBatch * ws.maxSteps * oh * ow * patchSize();
            be.gemm(false, false, positions, patchSize(), filters, dOut, 0, filters, p, weightOffset(), patchSize(),
                0f, cols, dColsOff, patchSize());
            Arrays.fill(dIn, 0, ws.rows * inputSize, 0f);
            be.col2im(cols, dColsOff, ws.rows, h, w, c, kh, kw, stride, pad, dIn, 0);
        }
    }
}
