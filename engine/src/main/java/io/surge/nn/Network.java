package io.surge.nn;

import io.surge.nn.backend.Activation;
import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;
import io.surge.util.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A network's structure: its layers and where each layer's parameters sit in one flat
 * {@code float[]}. A network holds no numbers and no buffers, so it is immutable and shared
 * freely between threads; parameters, gradients and optimizer state are the caller's flat
 * vectors, and every pass runs in a caller's {@link Workspace}.
 *
 * <pre>{@code
 * Network net = Network.mlp(4, 256, 256, 2);                 // ReLU hidden layers, linear output
 * float[] theta = net.newParameters(); net.initialize(theta, seed);
 * float[] grads = net.newParameters();
 * Workspace ws = net.newWorkspace(256, true);                // training, batch <= 256
 * float[] q = net.forward(theta, ws, obs, 0, batch);         // q[b * outputSize() + a]
 * ... loss writes dq ...
 * net.backward(theta, grads, ws, dq, 0);                     // accumulates into grads
 * }</pre>
 *
 * <p>Activations are row-major {@code [rows][features]}; images are NHWC rows (row, column,
 * channel), so a flatten is free; sequences are time-major ({@code [steps][batch][features]}).
 *
 * <p>Threading: immutable and thread-safe; the passes are as thread-safe as their workspace
 * (one thread per workspace) and must not run concurrently with a writer of the parameters.
 */
public final class Network
{
    private final Layer[] layers;
    private final int observationSize;
    private final int actionInputSize;
    private final int parameterCount;
    private final int stateSize;
    private final boolean recurrent;
    private final List<ParameterTensor> tensors;

    private Network(final Layer[] layers, final int observationSize, final int actionInputSize)
    {
        this.layers = layers;
        this.observationSize = observationSize;
        this.actionInputSize = actionInputSize;
        int offset = 0;
        int state = 0;
        boolean rec = false;
        for (int i = 0; i < layers.length; i++)
        {
            layers[i].place(offset, Integer.toString(i));
            offset = Math.addExact(offset, layers[i].parameterCount());
            if (layers[i] instanceof Lstm lstm)
            {
                lstm.stateOffset = state;
                state += lstm.stateSize();
                rec = true;
            }
        }
        this.parameterCount = offset;
        this.stateSize = state;
        this.recurrent = rec;
        final List<ParameterTensor> list = new ArrayList<>();
        for (final Layer layer : layers)
        {
            layer.tensors(list);
        }
        this.tensors = Collections.unmodifiableList(list);
    }

    /**
     * A builder for a network over flat inputs of {@code inputSize} floats.
     *
     * @param inputSize the observation size.
     * @return the builder.
     */
    public static Builder builder(final int inputSize)
    {
        return new Builder(0, 0, inputSize);
    }

    /**
     * A builder for a network over images of height × width × channels, NHWC (MinAtar's
     * {@code 10×10×n} observations, stacked Atari frames {@code 84×84×4}).
     *
     * @param height   rows.
     * @param width    columns.
     * @param channels channels.
     * @return the builder.
     */
    public static Builder builder(final int height, final int width, final int channels)
    {
        return new Builder(height, width, channels);
    }

    /**
     * Starts a network over channels-first images {@code [channels][height][width]} (for example
     * MinAtar observations): a first parameter-free layer reorders each row to the channels-last
     * layout the convolutions use.
     *
     * @param channels channels.
     * @param height   image height.
     * @param width    image width.
     * @return the builder.
     */
    public static Builder builderChannelsFirst(final int channels, final int height, final int width)
    {
        final Builder builder = builder(height, width, channels);
        return builder.add(new ChannelsFirst(channels, height, width));
    }

    /**
     * A multi-layer perceptron: ReLU hidden layers and a linear output, Glorot-uniform weights.
     *
     * @param sizes input size, hidden sizes..., output size (at least two numbers).
     * @return the network.
     */
    public static Network mlp(final int... sizes)
    {
        return mlp(Activation.RELU, sizes);
    }

    /**
     * A multi-layer perceptron with the given hidden activation and a linear output.
     *
     * @param hidden the activation of the hidden layers.
     * @param sizes  input size, hidden sizes..., output size (at least two numbers).
     * @return the network.
     */
    public static Network mlp(final Activation hidden, final int... sizes)
    {
        if (sizes.length < 2)
        {
            throw new IllegalArgumentException("mlp needs an input and an output size, got " + Arrays.toString(sizes));
        }
        final Builder b = builder(sizes[0]);
        for (int i = 1; i < sizes.length - 1; i++)
        {
            b.dense(sizes[i], hidden);
        }
        return b.dense(sizes[sizes.length - 1]).build();
    }

    /**
     * The MinAtar Q-network of Young and Tian (2019): a 3×3 convolution with 16 filters (stride 1,
     * no padding) and ReLU, a 128-unit ReLU layer and a linear layer of one output per action.
     *
     * @param channels the game's number of channels (input 10×10×channels).
     * @param actions  number of actions.
     * @return the network.
     */
    public static Network minAtar(final int channels, final int actions)
    {
        return builder(10, 10, channels).conv2d(16, 3, 1, 0).relu().dense(128).relu().dense(actions).build();
    }

    /**
     * The torso of the Nature DQN (Mnih et al. 2015) on 84×84×4 frames: convolutions 32 8×8/4,
     * 64 4×4/2, 64 3×3/1, each with ReLU, then a 512-unit ReLU layer; heads are added by the caller.
     *
     * @return a builder holding the torso.
     */
    public static Builder natureTorso()
    {
        return builder(84, 84, 4).conv2d(32, 8, 4, 0).relu().conv2d(64, 4, 2, 0).relu().conv2d(64, 3, 1, 0).relu()
            .dense(512).relu();
    }

    Layer[] layers()
    {
        return layers;
    }

    /**
     * Floats per input row: the observation, followed by the action for Q(s, a) networks.
     *
     * @return the input size.
     */
    public int inputSize()
    {
        return observationSize + actionInputSize;
    }

    /**
     * Floats of observation per input row.
     *
     * @return the observation size.
     */
    public int observationSize()
    {
        return observationSize;
    }

    /**
     * Floats of action per input row (0 unless the network was built with {@link Builder#actionInput}).
     *
     * @return the action input size.
     */
    public int actionInputSize()
    {
        return actionInputSize;
    }

    /**
     * Floats per output row.
     *
     * @return the output size.
     */
    public int outputSize()
    {
        return layers[layers.length - 1].outputSize;
    }

    /**
     * Length of the flat parameter (and gradient) vector.
     *
     * @return the parameter count.
     */
    public int parameterCount()
    {
        return parameterCount;
    }

    /**
     * Per-sample floats of recurrent state (0 for feed-forward networks).
     *
     * @return the state size.
     */
    public int stateSize()
    {
        return stateSize;
    }

    /**
     * Whether the network has an LSTM and so must run through {@link #forwardSequence}.
     *
     * @return true when recurrent.
     */
    public boolean recurrent()
    {
        return recurrent;
    }

    /**
     * The named parameter tensors, in flat-vector order, covering it exactly.
     *
     * @return an unmodifiable list.
     */
    public List<ParameterTensor> tensors()
    {
        return tensors;
    }

    /**
     * A zero vector of {@link #parameterCount()} floats (parameters, gradients, optimizer moments).
     *
     * @return a new vector.
     */
    public float[] newParameters()
    {
        return new float[parameterCount];
    }

    /**
     * Initialises parameters with each layer's scheme, from a seed: the same seed gives the
     * same parameters. Layer i draws from {@code new Rng(Rng.deriveSeed(seed, i))}.
     *
     * @param params the vector to fill.
     * @param seed   the seed.
     */
    public void initialize(final float[] params, final long seed)
    {
        checkParams(params, "params");
        for (int i = 0; i < layers.length; i++)
        {
            layers[i].initialize(params, new Rng(Rng.deriveSeed(seed, i)));
        }
    }

    /**
     * A workspace with a new single-threaded CPU backend, for sequences of one step.
     *
     * @param maxBatch the largest batch.
     * @param training whether backward passes will run in it.
     * @return the workspace.
     */
    public Workspace newWorkspace(final int maxBatch, final boolean training)
    {
        return new Workspace(this, maxBatch, 1, training, Backends.cpu());
    }

    /**
     * A workspace for sequences (or, with {@code maxSteps} 1, single steps) on a given backend.
     * The backend must not be shared with a workspace used by another thread.
     *
     * @param maxBatch the largest batch.
     * @param maxSteps the longest sequence.
     * @param training whether backward passes will run in it.
     * @param backend  the backend that computes in it.
     * @return the workspace.
     */
    public Workspace newWorkspace(final int maxBatch, final int maxSteps, final boolean training,
                                  final Backend backend)
    {
        return new Workspace(this, maxBatch, maxSteps, training, backend);
    }

    /**
     * Forward pass over a batch of inputs. Allocation-free.
     *
     * @param params the parameters.
     * @param ws     the workspace (of this network); its buffers are overwritten.
     * @param input  the inputs, {@code batch} rows of {@link #inputSize()} floats; must stay
     *               unchanged until a following {@link #backward}.
     * @param inOff  index of the first input.
     * @param batch  number of rows, at most {@code ws.maxBatch() · ws.maxSteps()}.
     * @return the workspace's output buffer: {@code batch} rows of {@link #outputSize()} from index 0.
     * @throws IllegalStateException for a recurrent network (use {@link #forwardSequence}).
     */
    public float[] forward(final float[] params, final Workspace ws, final float[] input, final int inOff,
                           final int batch)
    {
        if (recurrent)
        {
            throw new IllegalStateException("recurrent network: use forwardSequence with an initial state");
        }
        if (batch > ws.maxRows)
        {
            throw new IllegalArgumentException("batch " + batch + " exceeds the workspace's " + ws.maxRows + " rows");
        }
        return run(params, ws, input, inOff, 1, batch, batch, null, 0);
    }

    /**
     * Forward pass over a time-major sequence {@code [steps][batch][inputSize]} from an initial
     * recurrent state. Afterwards {@link Workspace#state()} holds the final state. Allocation-free.
     *
     * @param params     the parameters.
     * @param ws         the workspace.
     * @param input      the inputs; must stay unchanged until a following {@link #backward}.
     * @param inOff      index of the first input.
     * @param steps      sequence length, at most {@code ws.maxSteps()}.
     * @param batch      sequences, at most {@code ws.maxBatch()}.
     * @param stateIn    initial states, per sample {@link #stateSize()} floats ({@code null}: zeros);
     *                   may be {@code ws.state()} itself.
     * @param stateInOff index of the first state.
     * @return the output buffer: {@code steps·batch} rows, row {@code t·batch + b}.
     */
    public float[] forwardSequence(final float[] params, final Workspace ws, final float[] input, final int inOff,
                                   final int steps, final int batch, final float[] stateIn, final int stateInOff)
    {
        if (steps < 1 || steps > ws.maxSteps || batch > ws.maxBatch)
        {
            throw new IllegalArgumentException("sequence of " + steps + " steps x " + batch
                + " does not fit the workspace (" + ws.maxSteps + " steps x " + ws.maxBatch + ")");
        }
        if (stateIn != null && stateIn.length < stateInOff + batch * stateSize)
        {
            throw new IllegalArgumentException("stateIn holds fewer than " + batch + " states of " + stateSize);
        }
        return run(params, ws, input, inOff, steps, batch, steps * batch, stateIn, stateInOff);
    }

    private float[] run(final float[] params, final Workspace ws, final float[] input, final int inOff,
                        final int steps, final int batch, final int rows, final float[] stateIn, final int stateInOff)
    {
        if (ws.network != this)
        {
            throw new IllegalArgumentException("the workspace belongs to another network");
        }
        checkParams(params, "params");
        if (batch < 1)
        {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (inOff < 0 || input.length - inOff < (long) rows * inputSize())
        {
            throw new IllegalArgumentException("input holds fewer than " + rows + " rows of " + inputSize()
                + " floats from index " + inOff);
        }
        ws.forwarded = false;
        ws.rows = rows;
        ws.batch = batch;
        ws.steps = steps;
        ws.input = input;
        ws.inputOff = inOff;
        ws.stateIn = stateIn;
        ws.stateInOff = stateInOff;
        float[] x = input;
        int xOff = inOff;
        if (actionInputSize > 0)
        {
            final int stride = inputSize();
            for (int r = 0; r < rows; r++)
            {
                System.arraycopy(input, inOff + r * stride, ws.obs, r * observationSize, observationSize);
            }
            x = ws.obs;
            xOff = 0;
        }
        for (int i = 0; i < layers.length; i++)
        {
            layers[i].forward(ws, i, params, x, xOff, ws.act[i]);
            x = ws.act[i];
            xOff = 0;
        }
        ws.forwarded = true;
        return x;
    }

    /**
     * Backward pass of the last forward pass in {@code ws}: accumulates (adds) the gradient of
     * the loss with respect to every parameter into {@code grads}, given the gradient with
     * respect to the outputs. Zero {@code grads} first for a fresh gradient. No gradient is
     * computed for the inputs. Allocation-free.
     *
     * @param params  the parameters of the forward pass (unchanged since).
     * @param grads   the gradient vector, accumulated into.
     * @param ws      the training workspace of the forward pass.
     * @param dOutput gradient with respect to the outputs, laid out as the output.
     * @param dOff    index of its first element.
     */
    public void backward(final float[] params, final float[] grads, final Workspace ws, final float[] dOutput,
                         final int dOff)
    {
        if (ws.network != this)
        {
            throw new IllegalArgumentException("the workspace belongs to another network");
        }
        if (!ws.training)
        {
            throw new IllegalStateException("backward needs a training workspace (newWorkspace(..., true, ...))");
        }
        if (!ws.forwarded)
        {
            throw new IllegalStateException("backward needs a forward pass in this workspace first");
        }
        checkParams(params, "params");
        checkParams(grads, "grads");
        final int last = layers.length - 1;
        System.arraycopy(dOutput, dOff, ws.grad[last], 0, ws.rows * outputSize());
        for (int i = last; i >= 0; i--)
        {
            final float[] in;
            final int inOff;
            if (i > 0)
            {
                in = ws.act[i - 1];
                inOff = 0;
            }
            else if (actionInputSize > 0)
            {
                in = ws.obs;
                inOff = 0;
            }
            else
            {
                in = ws.input;
                inOff = ws.inputOff;
            }
            layers[i].backward(ws, i, params, grads, in, inOff, ws.act[i], ws.grad[i], i > 0 ? ws.grad[i - 1] : null);
        }
    }

    private void checkParams(final float[] v, final String what)
    {
        if (v.length != parameterCount)
        {
            throw new IllegalArgumentException(what + " has " + v.length + " floats, the network has "
                + parameterCount + " parameters");
        }
    }

    /**
     * A multi-line description: one line per layer with its shapes, then the parameter count.
     *
     * @return the description.
     */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("input ").append(observationSize);
        if (actionInputSize > 0)
        {
            sb.append(" + action ").append(actionInputSize);
        }
        sb.append('\n');
        for (int i = 0; i < layers.length; i++)
        {
            sb.append(i).append(": ").append(layers[i].describe()).append('\n');
        }
        return sb.append(parameterCount).append(" parameters").toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }

    /**
     * Builds a {@link Network} layer by layer. Activations written right after a Dense or Conv2d
     * layer are fused into it; a Dense layer after an image flattens it (NHWC order, free).
     * {@link #init(Init)} sets the weight initialisation of the layers added after it
     * (default Glorot uniform).
     *
     * <p>Threading: not thread-safe; use from one thread, then share the built network.
     */
    public static final class Builder
    {
        private final List<Layer> layers = new ArrayList<>();
        private final int observationSize;
        private int actionSize;
        private int h;
        private int w;
        private int c;
        private int size;
        private Init init = Init.glorotUniform();

        private Builder(final int h, final int w, final int c)
        {
            if (c <= 0 || h < 0 || w < 0)
            {
                throw new IllegalArgumentException("input shape must be positive");
            }
            this.h = h;
            this.w = w;
            this.c = c;
            this.size = h == 0 ? c : h * w * c;
            this.observationSize = size;
        }

        private boolean image()
        {
            return h > 0;
        }

        private Builder add(final Layer layer)
        {
            layers.add(layer);
            size = layer.outputSize;
            return this;
        }

        /**
         * Declares that each input row is {@code [observation | action]} with an action of
         * {@code actionSize} floats, joined to the features by {@link #concatAction()} (QT-Opt's Q(s, a)).
         *
         * @param actionSize floats of action.
         * @return this builder.
         */
        public Builder actionInput(final int actionSize)
        {
            if (!layers.isEmpty() || actionSize <= 0)
            {
                throw new IllegalArgumentException("actionInput must come first and be positive");
            }
            this.actionSize = actionSize;
            return this;
        }

        /**
         * Sets the weight initialisation of the layers added next.
         *
         * @param init the scheme.
         * @return this builder.
         */
        public Builder init(final Init init)
        {
            this.init = init;
            return this;
        }

        /**
         * A linear layer of {@code units} outputs (flattens an image input).
         *
         * @param units outputs.
         * @return this builder.
         */
        public Builder dense(final int units)
        {
            return dense(units, Activation.IDENTITY);
        }

        /**
         * A dense layer with a fused activation.
         *
         * @param units      outputs.
         * @param activation the activation.
         * @return this builder.
         */
        public Builder dense(final int units, final Activation activation)
        {
            positive(units, "dense units");
            h = 0;
            return add(new Dense(size, units, activation, init));
        }

        /**
         * A 2-D convolution over the current image.
         *
         * @param filters output channels.
         * @param kernel  square kernel size.
         * @param stride  stride.
         * @param padding zero padding on each side.
         * @return this builder.
         */
        public Builder conv2d(final int filters, final int kernel, final int stride, final int padding)
        {
            if (!image())
            {
                throw new IllegalStateException("conv2d needs an image input (builder(height, width, channels))");
            }
            positive(filters, "filters");
            positive(kernel, "kernel");
            positive(stride, "stride");
            if (padding < 0)
            {
                throw new IllegalArgumentException("padding must not be negative");
            }
            final Conv2d conv = new Conv2d(h, w, c, filters, kernel, stride, padding, Activation.IDENTITY, init);
            h = conv.oh;
            w = conv.ow;
            c = filters;
            return add(conv);
        }

        /**
         * An LSTM layer; the network becomes recurrent (time-major sequences).
         *
         * @param hidden hidden size.
         * @return this builder.
         */
        public Builder lstm(final int hidden)
        {
            positive(hidden, "hidden");
            h = 0;
            return add(new Lstm(size, hidden, init, Init.orthogonal(1.0)));
        }

        /**
         * ReLU (fused into a preceding Dense or Conv2d without activation).
         *
         * @return this builder.
         */
        public Builder relu()
        {
            return activation(Activation.RELU);
        }

        /**
         * tanh.
         *
         * @return this builder.
         */
        public Builder tanh()
        {
            return activation(Activation.TANH);
        }

        /**
         * ELU (α = 1).
         *
         * @return this builder.
         */
        public Builder elu()
        {
            return activation(Activation.ELU);
        }

        /**
         * An elementwise activation, fused into the previous layer where possible.
         *
         * @param f the activation.
         * @return this builder.
         */
        public Builder activation(final Activation f)
        {
            if (!layers.isEmpty())
            {
                final Layer last = layers.get(layers.size() - 1);
                if (last instanceof Dense d && d.activation == Activation.IDENTITY)
                {
                    layers.set(layers.size() - 1, d.withActivation(f));
                    return this;
                }
                if (last instanceof Conv2d cv && cv.activation == Activation.IDENTITY)
                {
                    layers.set(layers.size() - 1, cv.withActivation(f));
                    return this;
                }
            }
            return add(new ActivationLayer(size, f));
        }

        /**
         * Treats the current image as a flat vector (NHWC order). Costs nothing: activations are
         * always stored flat.
         *
         * @return this builder.
         */
        public Builder flatten()
        {
            h = 0;
            return this;
        }

        /**
         * Joins the action part of the input to the features (see {@link #actionInput(int)}).
         *
         * @return this builder.
         */
        public Builder concatAction()
        {
            if (actionSize == 0)
            {
                throw new IllegalStateException("concatAction needs actionInput(n) first");
            }
            h = 0;
            return add(new ConcatAction(size, actionSize));
        }

        /**
         * Plain Q head: a linear layer of one output per action.
         *
         * @param actions number of actions.
         * @return this builder.
         */
        public Builder qHead(final int actions)
        {
            return dense(actions);
        }

        /**
         * Dueling Q head (Wang et al. 2016).
         *
         * @param actions number of actions.
         * @param hidden  width of each stream's hidden ReLU layer, 0 for linear streams.
         * @return this builder.
         */
        public Builder duelingHead(final int actions, final int hidden)
        {
            positive(actions, "actions");
            h = 0;
            return add(new Dueling(size, actions, hidden, init));
        }

        /**
         * Policy logits and state value (A3C, IMPALA): each output row is
         * {@code [logits (actions) | value]}. Tensors {@code policy.*} (orthogonal, gain 0.01) and
         * {@code value.*} (orthogonal, gain 1).
         *
         * @param actions number of actions.
         * @return this builder.
         */
        public Builder policyValueHead(final int actions)
        {
            positive(actions, "actions");
            h = 0;
            return add(new Dense(size, Activation.IDENTITY, new String[] {"policy", "value"}, new int[] {actions, 1},
                new Init[] {Init.orthogonal(0.01), Init.orthogonal(1.0)}));
        }

        /**
         * Diagonal Gaussian policy head: each output row is {@code [mean (actions) | log_std (actions)]}.
         *
         * @param actions       action dimensions.
         * @param meanActivation IDENTITY for an unbounded mean, TANH for one in [-1, 1].
         * @param initialLogStd initial log standard deviation.
         * @return this builder.
         */
        public Builder gaussianHead(final int actions, final Activation meanActivation, final float initialLogStd)
        {
            positive(actions, "actions");
            h = 0;
            return add(new GaussianHead(size, actions, meanActivation, initialLogStd, init));
        }

        /**
         * Deterministic policy head (evolution strategies): a tanh layer of {@code actions} outputs in [-1, 1].
         *
         * @param actions action dimensions.
         * @return this builder.
         */
        public Builder deterministicHead(final int actions)
        {
            return dense(actions, Activation.TANH);
        }

        /**
         * Builds the network.
         *
         * @return the network.
         */
        public Network build()
        {
            if (layers.isEmpty())
            {
                throw new IllegalStateException("a network needs at least one layer");
            }
            boolean concat = false;
            for (final Layer l : layers)
            {
                concat |= l instanceof ConcatAction;
            }
            if (actionSize > 0 && !concat)
            {
                throw new IllegalStateException("actionInput was declared but concatAction was never added");
            }
            return new Network(layers.toArray(new Layer[0]), observationSize, actionSize);
        }

        private static void positive(final int v, final String what)
        {
            if (v <= 0)
            {
                throw new IllegalArgumentException(what + " must be positive, got " + v);
            }
        }
    }
}
