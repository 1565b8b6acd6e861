package io.surge.nn;

import io.surge.nn.backend.Backend;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A single-layer LSTM (Hochreiter and Schmidhuber 1997, with forget gate) over a time-major
 * sequence: the input rows are {@code [steps][batch][in]} and the output rows
 * {@code [steps][batch][hidden]} are the hidden states h_t. Gates follow PyTorch's order and
 * equations: {@code i, f, g, o = σ, σ, tanh, σ of (x_t·W_ihᵀ + h_{t-1}·W_hhᵀ + b)};
 * {@code c_t = f·c_{t-1} + i·g}; {@code h_t = o·tanh(c_t)}. Parameters: W_ih {@code [4H, in]},
 * W_hh {@code [4H, H]}, one bias {@code [4H]} (PyTorch's b_ih + b_hh).
 *
 * <p>The input projection of all steps is one GEMM; each step adds {@code h_{t-1}·W_hhᵀ}.
 * Backward is backpropagation through time over the whole sequence; the weight gradients are
 * three GEMMs over all steps at the end. The initial state comes from the caller; no gradient
 * flows into it (R2D2 stores it in replay and does not learn it).
 *
 * <p>Per-sample state layout: {@code [h (H) | c (H)]} at this layer's state offset.
 */
final class Lstm extends Layer
{
    final int hidden;
    private final Init init;
    private final Init recurrentInit;
    /** Offset of this layer's h and c in the per-sample recurrent state. */
    int stateOffset;

    Lstm(final int in, final int hidden, final Init init, final Init recurrentInit)
    {
        super(in, hidden);
        this.hidden = hidden;
        this.init = init;
        this.recurrentInit = recurrentInit;
    }

    int wihOffset()
    {
        return offset;
    }

    int whhOffset()
    {
        return offset + 4 * hidden * inputSize;
    }

    int biasOffset()
    {
        return whhOffset() + 4 * hidden * hidden;
    }

    @Override
    int parameterCount()
    {
        return 4 * hidden * inputSize + 4 * hidden * hidden + 4 * hidden;
    }

    @Override
    void tensors(final List<ParameterTensor> out)
    {
        out.add(new ParameterTensor(name + ".weight_ih_l0", new int[] {4 * hidden, inputSize}, wihOffset()));
        out.add(new ParameterTensor(name + ".weight_hh_l0", new int[] {4 * hidden, hidden}, whhOffset()));
        out.add(new ParameterTensor(name + ".bias", new int[] {4 * hidden}, biasOffset()));
    }

    @Override
    void initialize(final float[] p, final RandomGenerator rng)
    {
        init.fill(p, wihOffset(), 4 * hidden, inputSize, 4 * hidden, rng);
        recurrentInit.fill(p, whhOffset(), 4 * hidden, hidden, 4 * hidden, rng);
        Arrays.fill(p, biasOffset(), biasOffset() + 4 * hidden, 0f);
        // Forget-gate bias 1 (Jozefowicz et al. 2015): remember by default.
        Arrays.fill(p, biasOffset() + hidden, biasOffset() + 2 * hidden, 1f);
    }

    @Override
    int stateSize()
    {
        return 2 * hidden;
    }

    // Scratch layout (floats), R = maxBatch·maxSteps rows, B = maxBatch:
    //   gates [R][4H] | c [R][H] | tanhC [R][H] | h0 [B][H] | c0 [B][H] | W_hhᵀ [H][4H]
    //   training only: dGates [R][4H] | dh [B][H] | dc [B][H]
    private int gatesOff()
    {
        return 0;
    }

    private int cOff(final Workspace ws)
    {
        return ws.maxRows * 4 * hidden;
    }

    private int tanhCOff(final Workspace ws)
    {
        return cOff(ws) + ws.maxRows * hidden;
    }

    private int h0Off(final Workspace ws)
    {
        return tanhCOff(ws) + ws.maxRows * hidden;
    }

    private int c0Off(final Workspace ws)
    {
        return h0Off(ws) + ws.maxBatch * hidden;
    }

    private int whhTOff(final Workspace ws)
    {
        return c0Off(ws) + ws.maxBatch * hidden;
    }

    private int dGatesOff(final Workspace ws)
    {
        return whhTOff(ws) + 4 * hidden * hidden;
    }

    private int dhOff(final Workspace ws)
    {
        return dGatesOff(ws) + ws.maxRows * 4 * hidden;
    }

    private int dcOff(final Workspace ws)
    {
        return dhOff(ws) + ws.maxBatch * hidden;
    }

    @Override
    int scratchSize(final int maxBatch, final int maxSteps, final boolean training)
    {
        final int rows = maxBatch * maxSteps;
        final int forward = rows * 6 * hidden + 2 * maxBatch * hidden + 4 * hidden * hidden;
        return training ? forward + rows * 4 * hidden + 2 * maxBatch * hidden : forward;
    }

    @Override
    String describe()
    {
        return "lstm " + inputSize + " -> " + hidden;
    }

    @Override
    void forward(final Workspace ws, final int index, final float[] p, final float[] in, final int inOff,
                 final float[] out)
    {
        final Backend be = ws.backend;
        final float[] s = ws.scratch[index];
        final int batch = ws.batch;
        final int steps = ws.steps;
        final int g4 = 4 * hidden;
        // Initial state: copy from the caller's per-sample layout (or zeros).
        final float[] stateIn = ws.stateIn;
        for (int b = 0; b < batch; b++)
        {
            if (stateIn == null)
            {
                Arrays.fill(s, h0Off(ws) + b * hidden, h0Off(ws) + (b + 1) * hidden, 0f);
                Arrays.fill(s, c0Off(ws) + b * hidden, c0Off(ws) + (b + 1) * hidden, 0f);
            }
            else
            {
                final int src = ws.stateInOff + b * ws.network.stateSize() + stateOffset;
                System.arraycopy(stateIn, src, s, h0Off(ws) + b * hidden, hidden);
                System.arraycopy(stateIn, src + hidden, s, c0Off(ws) + b * hidden, hidden);
            }
        }
        // Input projection of every step at once, plus the bias.
        be.gemm(false, true, steps * batch, g4, inputSize, in, inOff, inputSize, p, wihOffset(), inputSize,
            0f, s, gatesOff(), g4);
        be.biasActivation(io.surge.nn.backend.Activation.IDENTITY, s, gatesOff(), steps * batch, g4, p, biasOffset());
        // W_hhᵀ once per sequence, so each step's product is a GEMM without a transposed operand.
        final int whhT = whhTOff(ws);
        for (int r = 0; r < g4; r++)
        {
            for (int j = 0; j < hidden; j++)
            {
                s[whhT + j * g4 + r] = p[whhOffset() + r * hidden + j];
            }
        }
        for (int t = 0; t < steps; t++)
        {
            final float[] hPrev = t == 0 ? s : out;
            final int hPrevOff = t == 0 ? h0Off(ws) : (t - 1) * batch * hidden;
            final int cPrevOff = t == 0 ? c0Off(ws) : cOff(ws) + (t - 1) * batch * hidden;
            final int gOff = gatesOff() + t * batch * g4;
            be.gemm(false, false, batch, g4, hidden, hPrev, hPrevOff, hidden, s, whhT, g4, 1f, s, gOff, g4);
            be.lstmCellForward(batch, hidden, s, gOff, s, cPrevOff, s, cOff(ws) + t * batch * hidden,
                s, tanhCOff(ws) + t * batch * hidden, out, t * batch * hidden);
        }
        // Final state into the workspace's per-sample state.
        final int last = (steps - 1) * batch * hidden;
        for (int b = 0; b < batch; b++)
        {
            final int dst = b * ws.network.stateSize() + stateOffset;
            System.arraycopy(out, last + b * hidden, ws.stateOut, dst, hidden);
            System.arraycopy(s, cOff(ws) + last + b * hidden, ws.stateOut, dst + hidden, hidden);
        }
    }

    @Override
    void backward(final Workspace ws, final int index, final float[] p, final float[] g, final float[] in,
                  final int inOff, final float[] out, final float[] dOut, final float[] dIn)
    {
        final Backend be = ws.backend;
        final float[] s = ws.scratch[index];
        final int batch = ws.batch;
        final int steps = ws.steps;
        final int g4 = 4 * hidden;
        final int bh = batch * hidden;
        final int dh = dhOff(ws);
        final int dc = dcOff(ws);
        Arrays.fill(s, dh, dh + bh, 0f);
        Arrays.fill(s, dc, dc + bh, 0f);
        for (int t = steps - 1; t >= 0; t--)
        {
            // dh holds the gradient flowing back from step t+1; add this step's output gradient.
            be.axpy(bh, 1f, dOut, t * bh, s, dh);
            final int cPrevOff = t == 0 ? c0Off(ws) : cOff(ws) + (t - 1) * bh;
            final int dgOff = dGatesOff(ws) + t * batch * g4;
            be.lstmCellBackward(batch, hidden, s, gatesOff() + t * batch * g4, s, cPrevOff,
                s, tanhCOff(ws) + t * bh, s, dh, s, dc, s, dgOff);
            if (t > 0)
            {
                be.gemm(false, false, batch, hidden, g4, s, dgOff, g4, p, whhOffset(), hidden, 0f, s, dh, hidden);
            }
        }
        final int dg = dGatesOff(ws);
        // dW_hh += Σ_t dGates_tᵀ · h_{t-1}: step 0 against h0, steps 1.. against the outputs 0..T-2.
        be.gemm(true, false, g4, hidden, batch, s, dg, g4, s, h0Off(ws), hidden, 1f, g, whhOffset(), hidden);
        if (steps > 1)
        {
            be.gemm(true, false, g4, hidden, (steps - 1) * batch, s, dg + batch * g4, g4, out, 0, hidden,
                1f, g, whhOffset(), hidden);
        }
        be.gemm(true, false, g4, inputSize, steps * batch, s, dg, g4, in, inOff, inputSize,
            1f, g, wihOffset(), inputSize);
        be.columnSums(s, dg, steps * batch, g4, g, biasOffset());
        if (dIn != null)
        {
            be.gemm(false, false, steps * batch, inputSize, g4, s, dg, g4, p, wihOffset(), inputSize,
                0f, dIn, 0, inputSize);
        }
    }
}
