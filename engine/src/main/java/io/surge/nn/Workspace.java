package io.surge.nn;

import io.surge.nn.backend.Backend;

/**
 * The preallocated buffers of one use of a {@link Network}: each layer's activations (and, for a
 * training workspace, their gradients), layer scratch (im2col patches, LSTM gates), the recurrent
 * state out, and the backend (with its GEMM packing buffers) that computes in them. Sized for at
 * most {@link #maxBatch()} samples of at most {@link #maxSteps()} steps, so passes allocate nothing.
 *
 * <p>One workspace per concurrent use: a DQN learner keeps one for the online network on s (with
 * backward), one for the online network on s' and one for the target network on s' (both
 * inference-only); each actor keeps its own. The output of the last forward pass stays readable
 * ({@link #output()}) until the next pass in the same workspace.
 *
 * <p>Threading: not thread-safe; owned by one thread at a time.
 */
public final class Workspace
{
    final Network network;
    final Backend backend;
    final int maxBatch;
    final int maxSteps;
    final int maxRows;
    final boolean training;
    final float[][] act;
    final float[][] grad;
    final float[][] scratch;
    final float[] obs;
    final float[] stateOut;

    // The current pass.
    int rows;
    int batch;
    int steps;
    float[] input;
    int inputOff;
    float[] stateIn;
    int stateInOff;
    boolean forwarded;

    Workspace(final Network network, final int maxBatch, final int maxSteps, final boolean training,
              final Backend backend)
    {
        if (maxBatch < 1 || maxSteps < 1)
        {
            throw new IllegalArgumentException("workspace: maxBatch=" + maxBatch + " and maxSteps=" + maxSteps
                + " must both be at least 1");
        }
        if ((long) maxBatch * maxSteps > Integer.MAX_VALUE / 4)
        {
            throw new IllegalArgumentException("workspace: maxBatch x maxSteps is too large");
        }
        this.network = network;
        this.backend = backend;
        this.maxBatch = maxBatch;
        this.maxSteps = maxSteps;
        this.maxRows = maxBatch * maxSteps;
        this.training = training;
        final Layer[] layers = network.layers();
        act = new float[layers.length][];
        grad = new float[layers.length][];
        scratch = new float[layers.length][];
        for (int i = 0; i < layers.length; i++)
        {
            act[i] = new float[Math.multiplyExact(maxRows, layers[i].outputSize)];
            grad[i] = training ? new float[maxRows * layers[i].outputSize] : null;
            scratch[i] = new float[layers[i].scratchSize(maxBatch, maxSteps, training)];
        }
        obs = network.actionInputSize() > 0 ? new float[maxRows * network.observationSize()] : null;
        stateOut = new float[maxBatch * network.stateSize()];
    }

    /**
     * The network this workspace belongs to.
     *
     * @return the network.
     */
    public Network network()
    {
        return network;
    }

    /**
     * The backend computing in this workspace.
     *
     * @return the backend.
     */
    public Backend backend()
    {
        return backend;
    }

    /**
     * The largest batch a pass may have.
     *
     * @return max batch.
     */
    public int maxBatch()
    {
        return maxBatch;
    }

    /**
     * The longest sequence a pass may have (1 for feed-forward use).
     *
     * @return max steps.
     */
    public int maxSteps()
    {
        return maxSteps;
    }

    /**
     * Whether this workspace keeps what {@link Network#backward} needs.
     *
     * @return true for a training workspace.
     */
    public boolean training()
    {
        return training;
    }

    /**
     * The output of the last forward pass: {@link #rows()} rows of {@link Network#outputSize()}
     * floats from index 0 (time-major for sequences: row {@code t·batch + b}).
     *
     * @return the output buffer (owned by this workspace).
     */
    public float[] output()
    {
        return act[act.length - 1];
    }

    /**
     * Rows of the last pass (steps × batch).
     *
     * @return the row count.
     */
    public int rows()
    {
        return rows;
    }

    /**
     * The recurrent state after the last sequence pass: per sample {@link Network#stateSize()}
     * floats (for each LSTM layer, h then c), sample b at {@code b·stateSize}. It may be passed
     * back as the next pass's initial state (actors stepping one step at a time).
     *
     * @return the state buffer (owned by this workspace).
     */
    public float[] state()
    {
        return stateOut;
    }
}
