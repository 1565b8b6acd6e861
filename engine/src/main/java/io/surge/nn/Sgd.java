package io.surge.nn;

import io.surge.nn.backend.Backend;

import java.util.List;

/**
 * Stochastic gradient descent with heavy-ball momentum in PyTorch's form:
 * {@code buf = μ·buf + g; θ -= lr·buf} (plain SGD when μ = 0).
 */
public final class Sgd extends Optimizer
{
    private final float momentum;
    private final float[] buf;

    /**
     * SGD.
     *
     * @param backend      backend computing the update.
     * @param size         number of parameters.
     * @param learningRate learning rate.
     * @param momentum     μ in [0, 1).
     */
    public Sgd(final Backend backend, final int size, final float learningRate, final float momentum)
    {
        super(backend, size, learningRate);
        if (!(momentum >= 0f && momentum < 1f))
        {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.buf = momentum > 0f ? new float[size] : null;
    }

    @Override
    void update(final float[] params, final float[] grads)
    {
        backend.sgd(size, learningRate, momentum, params, grads, buf);
    }

    @Override
    public String kind()
    {
        return "sgd";
    }

    @Override
    public List<String> stateNames()
    {
        return buf == null ? List.of() : List.of("momentum");
    }

    @Override
    public List<float[]> stateVectors()
    {
        return buf == null ? List.of() : List.of(buf);
    }
}
