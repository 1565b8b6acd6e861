package io.surge.nn;

import io.surge.nn.backend.Backend;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) with bias correction: at step t,
 * {@code m = β1·m + (1-β1)·g}, {@code v = β2·v + (1-β2)·g²},
 * {@code θ -= lr · (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)} — the same update as PyTorch's Adam
 * without weight decay.
 */
public final class Adam extends Optimizer
{
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float[] m;
    private final float[] v;

    /**
     * Adam with the paper's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8.
     *
     * @param backend      backend computing the update.
     * @param size         number of parameters.
     * @param learningRate learning rate.
     */
    public Adam(final Backend backend, final int size, final float learningRate)
    {
        this(backend, size, learningRate, 0.9f, 0.999f, 1e-8f);
    }

    /**
     * Adam with explicit hyper-parameters (Rainbow and Ape-X use ε = 1.5e-4 and 1e-4-scale rates).
     *
     * @param backend      backend computing the update.
     * @param size         number of parameters.
     * @param learningRate learning rate.
     * @param beta1        first-moment decay in [0, 1).
     * @param beta2        second-moment decay in [0, 1).
     * @param eps          ε &gt; 0.
     */
    public Adam(final Backend backend, final int size, final float learningRate, final float beta1, final float beta2,
                final float eps)
    {
        super(backend, size, learningRate);
        if (!(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f && eps > 0f))
        {
            throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and eps > 0; got beta1=" + beta1
                + " beta2=" + beta2 + " eps=" + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new float[size];
        this.v = new float[size];
    }

    @Override
    void update(final float[] params, final float[] grads)
    {
        final double c1 = 1.0 - Math.pow(beta1, steps);
        final double c2 = 1.0 - Math.pow(beta2, steps);
        backend.adam(size, learningRate, beta1, beta2, eps, c1, c2, params, grads, m, v);
    }

    @Override
    public String kind()
    {
        return "adam";
    }

    @Override
    public List<String> stateNames()
    {
        return List.of("m", "v");
    }

    @Override
    public List<float[]> stateVectors()
    {
        return List.of(m, v);
    }
}
