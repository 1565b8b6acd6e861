package io.surge.nn;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A layer of a {@link Network}: stateless structure (sizes, where its parameters sit in the flat
 * vector); all numbers live in the caller's parameter and gradient vectors and in the
 * {@link Workspace}. Activations are rows of {@link #outputSize} floats (an image is one row in
 * NHWC order), {@code ws.rows} of them per pass (steps × batch for sequences).
 */
abstract class Layer
{
    final int inputSize;
    final int outputSize;
    /** Index of this layer's first parameter in the flat vector; set once when the network is built. */
    int offset;
    /** Name prefix of this layer's tensors, for example {@code "3"}. */
    String name;

    Layer(final int inputSize, final int outputSize)
    {
        this.inputSize = inputSize;
        this.outputSize = outputSize;
    }

    /** Sets the offset of this layer (and of any sub-layers) in the flat vector. */
    void place(final int offset, final String name)
    {
        this.offset = offset;
        this.name = name;
    }

    abstract int parameterCount();

    /** Appends this layer's parameter tensors, in flat-vector order. */
    abstract void tensors(List<ParameterTensor> out);

    /** Initialises this layer's parameters. */
    abstract void initialize(float[] p, RandomGenerator rng);

    /** Floats of per-layer scratch the workspace allocates for this layer. */
    int scratchSize(final int maxBatch, final int maxSteps, final boolean training)
    {
        return 0;
    }

    /** Per-sample floats of recurrent state this layer carries between sequence calls. */
    int stateSize()
    {
        return 0;
    }

    /** A one-line description for {@link Network#describe()}. */
    abstract String describe();

    /**
     * Computes {@code out[0, rows·outputSize)} from {@code in[inOff, inOff + rows·inputSize)}.
     */
    abstract void forward(Workspace ws, int index, float[] p, float[] in, int inOff, float[] out);

    /**
     * From {@code dOut} (the gradient with respect to this layer's output, which may be modified
     * in place), accumulates parameter gradients into {@code g} and, when {@code dIn} is not
     * null, writes (overwrites) the gradient with respect to the input into {@code dIn[0, ...)}.
     */
    abstract void backward(Workspace ws, int index, float[] p, float[] g, float[] in, int inOff, float[] out,
                           float[] dOut, float[] dIn);
}
