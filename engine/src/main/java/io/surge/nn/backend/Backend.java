package io.surge.nn.backend;

/**
 * The numeric kernels every layer, loss and optimizer of {@code io.surge.nn} is computed with.
 * All tensors are row-major {@code float[]}s addressed by an offset (and a leading dimension for
 * matrices), so a layer's weights are a view into a model's one flat parameter vector.
 *
 * <p>The interface is deliberately narrow (a GEMM, a few fused elementwise kernels, reductions,
 * the optimizer updates): a GPU implementation is one class that mirrors these arrays on the
 * device. Nothing here allocates.
 *
 * <p>Threading: an instance may hold scratch buffers (GEMM packing) and is used by one thread at a
 * time. Every {@link io.surge.nn.Workspace} owns its own backend instance, so a workspace's owner
 * owns its backend. Implementations with intra-op threads parallelise inside one call and return
 * only when it is complete.
 */
public interface Backend
{
    /**
     * A short name for logs and benchmark tables, for example {@code cpu-vector(256 bit, 1 thread)}.
     *
     * @return the name.
     */
    String name();

    /**
     * General matrix multiply, row-major: {@code C = op(A) · op(B) + beta · C} where op(A) is
     * m × k and op(B) is k × n. With {@code transA}, A is stored k × m (op(A) = Aᵀ); with
     * {@code transB}, B is stored n × k. When {@code beta} is 0, C is not read (it may hold
     * anything, NaN included).
     *
     * @param transA whether A is stored transposed.
     * @param transB whether B is stored transposed.
     * @param m      rows of op(A) and C.
     * @param n      columns of op(B) and C.
     * @param k      the shared dimension.
     * @param a      A's array.
     * @param aOff   index of A's first element.
     * @param lda    A's leading dimension (its stored row length).
     * @param b      B's array.
     * @param bOff   index of B's first element.
     * @param ldb    B's leading dimension.
     * @param beta   scale of the existing C: 0 overwrites, 1 accumulates.
     * @param c      C's array.
     * @param cOff   index of C's first element.
     * @param ldc    C's leading dimension.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * In place {@code x[r][j] = f(x[r][j] + bias[j])} over a rows × cols block (row length cols).
     *
     * @param f       the activation.
     * @param x       the block's array.
     * @param xOff    index of its first element.
     * @param rows    number of rows.
     * @param cols    number of columns.
     * @param bias    the bias vector of length cols, or null for none.
     * @param biasOff index of the bias's first element.
     */
    void biasActivation(Activation f, float[] x, int xOff, int rows, int cols, float[] bias, int biasOff);

    /**
     * In place {@code dy[i] *= f'(x_i)} for i in [0, n), with the derivative computed from the
     * stored outputs {@code y} (see {@link Activation}).
     *
     * @param f     the activation.
     * @param y     the activation's outputs.
     * @param yOff  index of the first output.
     * @param dy    the gradients with respect to the outputs, turned into those with respect to the inputs.
     * @param dyOff index of the first gradient.
     * @param n     number of elements.
     */
    void activationBackward(Activation f, float[] y, int yOff, float[] dy, int dyOff, int n);

    /**
     * Accumulates the column sums of a rows × cols block: {@code out[j] += Σ_r x[r][j]} (the
     * gradient of a bias).
     *
     * @param x      the block.
     * @param xOff   index of its first element.
     * @param rows   number of rows.
     * @param cols   number of columns.
     * @param out    the sums, accumulated into.
     * @param outOff index of the first sum.
     */
    void columnSums(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    /**
     * {@code y[i] += alpha · x[i]} for i in [0, n).
     *
     * @param n     number of elements.
     * @param alpha the scale.
     * @param x     source.
     * @param xOff  index of the first source element.
     * @param y     destination, accumulated into.
     * @param yOff  index of the first destination element.
     */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /**
     * {@code x[i] *= alpha} for i in [0, n).
     *
     * @param n     number of elements.
     * @param alpha the scale.
     * @param x     the array.
     * @param xOff  index of the first element.
     */
    void scale(int n, float alpha, float[] x, int xOff);

    /**
     * The sum of squares {@code Σ x[i]²} over [0, n), accumulated in float64.
     *
     * @param x    the array.
     * @param xOff index of the first element.
     * @param n    number of elements.
     * @return the sum of squares.
     */
    double sumSquares(float[] x, int xOff, int n);

    /**
     * Unfolds image patches into rows for a convolution as a GEMM. The input is a batch of images
     * in NHWC layout (sample, row, column, channel); the output has one row per output position
     * (sample, oy, ox) and {@code kh·kw·c} columns ordered (ky, kx, channel) — the channels-last
     * weight order, in which each kernel row is one contiguous run of the image — with zeros where
     * the window covers the padding.
     *
     * @param x      the images.
     * @param xOff   index of the first element.
     * @param batch  number of images.
     * @param h      image height.
     * @param w      image width.
     * @param c      channels.
     * @param kh     kernel height.
     * @param kw     kernel width.
     * @param stride stride (both directions).
     * @param pad    zero padding (all four sides).
     * @param cols   the output, {@code batch·oh·ow} rows of {@code kh·kw·c}.
     * @param colsOff index of the first output element.
     */
    void im2col(float[] x, int xOff, int batch, int h, int w, int c, int kh, int kw, int stride, int pad,
                float[] cols, int colsOff);

    /**
     * The adjoint of {@link #im2col}: accumulates (adds) each row's patch gradient back into the
     * image gradient {@code dx} (NHWC), skipping padding.
     *
     * @param cols   the patch gradients, laid out as {@link #im2col} writes them.
     * @param colsOff index of the first patch gradient.
     * @param batch  number of images.
     * @param h      image height.
     * @param w      image width.
     * @param c      channels.
     * @param kh     kernel height.
     * @param kw     kernel width.
     * @param stride stride.
     * @param pad    padding.
     * @param dx     the image gradients, accumulated into.
     * @param dxOff  index of the first image gradient.
     */
    void col2im(float[] cols, int colsOff, int batch, int h, int w, int c, int kh, int kw, int stride, int pad,
                float[] dx, int dxOff);

    /**
     * One LSTM cell step over a batch, pointwise part. On entry {@code gates} holds the
     * pre-activations {@code [batch][4·hidden]} in PyTorch's order (input i, forget f, cell g,
     * output o); on return it holds the activated gates σ(i), σ(f), tanh(g), σ(o). Then
     * {@code c' = σ(f)·c + σ(i)·tanh(g)}, {@code h' = σ(o)·tanh(c')}; tanh(c') is stored too for backward.
     *
     * @param batch    rows.
     * @param hidden   hidden size H.
     * @param gates    pre-activations in, activated gates out, {@code [batch][4H]}.
     * @param gOff     index of the first gate.
     * @param cPrev    previous cell state {@code [batch][H]}.
     * @param cPrevOff index of its first element.
     * @param c        new cell state, written.
     * @param cOff     index of its first element.
     * @param tanhC    tanh of the new cell state, written.
     * @param tanhCOff index of its first element.
     * @param h        new hidden state, written.
     * @param hOff     index of its first element.
     */
    void lstmCellForward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cPrevOff,
                         float[] c, int cOff, float[] tanhC, int tanhCOff, float[] h, int hOff);

    /**
     * Backward of {@link #lstmCellForward}: from the gradients with respect to h' and c', writes
     * the gradients with respect to the gate pre-activations and overwrites {@code dc} with the
     * gradient with respect to the previous cell state.
     *
     * @param batch    rows.
     * @param hidden   hidden size H.
     * @param gates    activated gates from the forward step.
     * @param gOff     index of the first gate.
     * @param cPrev    previous cell state.
     * @param cPrevOff index of its first element.
     * @param tanhC    tanh of the new cell state.
     * @param tanhCOff index of its first element.
     * @param dh       gradient with respect to h'.
     * @param dhOff    index of its first element.
     * @param dc       in: gradient with respect to c' (from the next step); out: with respect to c.
     * @param dcOff    index of its first element.
     * @param dGates   gradients with respect to the gate pre-activations, written {@code [batch][4H]}.
     * @param dgOff    index of the first.
     */
    void lstmCellBackward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cPrevOff,
                          float[] tanhC, int tanhCOff, float[] dh, int dhOff, float[] dc, int dcOff,
                          float[] dGates, int dgOff);

    /**
     * One Adam step (Kingma and Ba 2015, Algorithm 1) over n parameters:
     * {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; θ -= lr·(m / c1) / (sqrt(v / c2) + ε)}
     * where the caller passes the bias corrections {@code c1 = 1 - β1^t}, {@code c2 = 1 - β2^t}.
     *
     * @param n      number of parameters.
     * @param lr     learning rate.
     * @param beta1  first-moment decay.
     * @param beta2  second-moment decay.
     * @param eps    ε.
     * @param c1     1 - β1^t.
     * @param c2     1 - β2^t.
     * @param theta  parameters, updated.
     * @param g      gradients.
     * @param m      first moments, updated.
     * @param v      second moments, updated.
     */
    void adam(int n, float lr, float beta1, float beta2, float eps, double c1, double c2,
              float[] theta, float[] g, float[] m, float[] v);

    /**
     * One RMSProp step in the form of the A3C paper and TensorFlow's RMSPropOptimizer (ε inside
     * the square root, optional momentum and centering as used by IMPALA):
     * {@code ms = ρ·ms + (1-ρ)·g²; mg = ρ·mg + (1-ρ)·g (centered only);
     * mom = μ·mom + lr·g / sqrt(ms - mg² + ε); θ -= mom}. Without centering mg is not used
     * (pass null); without momentum (μ = 0) {@code mom} may be null and θ -= lr·g/sqrt(ms + ε).
     *
     * @param n        number of parameters.
     * @param lr       learning rate.
     * @param rho      decay ρ.
     * @param momentum momentum μ.
     * @param eps      ε (inside the square root).
     * @param theta    parameters, updated.
     * @param g        gradients.
     * @param ms       mean squares, updated.
     * @param mg       mean gradients (centered), updated, or null.
     * @param mom      momentum buffer, updated, or null when μ = 0.
     */
    void rmsprop(int n, float lr, float rho, float momentum, float eps,
                 float[] theta, float[] g, float[] ms, float[] mg, float[] mom);

    /**
     * One SGD step with (heavy-ball) momentum, as PyTorch's SGD: {@code buf = μ·buf + g; θ -= lr·buf};
     * with μ = 0, {@code buf} may be null and θ -= lr·g.
     *
     * @param n        number of parameters.
     * @param lr       learning rate.
     * @param momentum μ.
     * @param theta    parameters, updated.
     * @param g        gradients.
     * @param buf      momentum buffer, updated, or null when μ = 0.
     */
    void sgd(int n, float lr, float momentum, float[] theta, float[] g, float[] buf);
}
