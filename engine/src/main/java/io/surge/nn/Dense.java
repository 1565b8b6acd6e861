package io.surge.nn;

import io.surge.nn.backend.Activation;
import io.surge.nn.backend.Backend;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fully connected layer {@code y = f(x·Wᵀ + b)} with W stored {@code [out, in]} (PyTorch's
 * order) followed by b {@code [out]}, and an optional fused activation f. The output rows may be
 * named in groups (the policy/value head stores {@code policy} rows then the {@code value} row,
 * each group its own tensors and initialisation).
 */
final class Dense extends Layer
{
    final Activation activation;
    private final String[] groupNames;
    private final int[] groupRows;
    private final Init[] groupInits;

    Dense(final int in, final int out, final Activation activation, final Init init)
    {
        this(in, activation, new String[] {""}, new int[] {out}, new Init[] {init});
    }

    Dense(final int in, final Activation activation, final String[] groupNames, final int[] groupRows,
          final Init[] groupInits)
    {
        super(in, sum(groupRows));
        this.activation = activation;
        this.groupNames = groupNames.clone();
        this.groupRows = groupRows.clone();
        this.groupInits = groupInits.clone();
    }

    private static int sum(final int[] xs)
    {
        int s = 0;
        for (final int x : xs)
        {
            s += x;
        }
        return s;
    }

    Dense withActivation(final Activation f)
    {
        return new Dense(inputSize, f, groupNames, groupRows, groupInits);
    }

    int weightOffset()
    {
        return offset;
    }

    int biasOffset()
    {
        return offset + outputSize * inputSize;
    }

    @Override
    int parameterCount()
    {
        return outputSize * inputSize + outputSize;
    }

    @Override
    void tensors(final List<ParameterTensor> out)
    {
        int row = 0;
        for (int gi = 0; gi < groupNames.length; gi++)
        {
            out.add(new ParameterTensor(prefix(gi) + "weight", new int[] {groupRows[gi], inputSize},
                weightOffset() + row * inputSize));
            row += groupRows[gi];
        }
        row = 0;
        for (int gi = 0; gi < groupNames.length; gi++)
        {
            out.add(new ParameterTensor(prefix(gi) + "bias", new int[] {groupRows[gi]}, biasOffset() + row));
            row += groupRows[gi];
        }
    }

    private String prefix(final int group)
    {
        return groupNames[group].isEmpty() ? name + "." : name + "." + groupNames[group] + ".";
    }

    @Override
    void initialize(final float[] p, final RandomGenerator rng)
    {
        int row = 0;
        for (int gi = 0; gi < groupNames.length; gi++)
        {
            groupInits[gi].fill(p, weightOffset() + row * inputSize, groupRows[gi], inputSize, groupRows[gi], rng);
            row += groupRows[gi];
        }
        java.util.Arrays.fill(p, biasOffset(), biasOffset() + outputSize, 0f);
    }

    @Override
    String describe()
    {
        return "dense " + inputSize + " -> " + outputSize + (activation == Activation.IDENTITY ? "" : " " + activation);
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        forward(ws.backend, p, in, inOff, ws.rows, out, 0);
    }

    void forward(final Backend be, final float[] p, final float[] x, final int xOff, final int rows,
                 final float[] y, final int yOff)
    {
        be.gemm(false, true, rows, outputSize, inputSize, x, xOff, inputSize, p, weightOffset(), inputSize,
            0f, y, yOff, outputSize);
        be.biasActivation(activation, y, yOff, rows, outputSize, p, biasOffset());
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        backward(ws.backend, p, g, in, inOff, ws.rows, out, 0, dOut, 0, dIn, 0, 0f);
    }

    /** Backward with explicit buffers; dIn (if not null) is {@code dInBeta·dIn + dOut·W}. */
    void backward(final Backend be, final float[] p, final float[] g, final float[] x, final int xOff,
                  final int rows, final float[] y, final int yOff, final float[] dy, final int dyOff,
                  final float[] dIn, final int dInOff, final float dInBeta)
    {
        be.activationBackward(activation, y, yOff, dy, dyOff, rows * outputSize);
        be.gemm(true, false, outputSize, inputSize, rows, dy, dyOff, outputSize, x, xOff, inputSize,
            1f, g, weightOffset(), inputSize);
        be.columnSums(dy, dyOff, rows, outputSize, g, biasOffset());
        if (dIn != null)
        {
            be.gemm(false, false, rows, inputSize, outputSize, dy, dyOff, outputSize, p, weightOffset(), inputSize,
                dInBeta, dIn, dInOff, inputSize);
        }
    }
}
