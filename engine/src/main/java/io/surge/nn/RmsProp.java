package io.surge.nn;

import io.surge.nn.backend.Backend;

import java.util.ArrayList;
import java.util.List;

/**
 * RMSProp as in the A3C paper (Mnih et al. 2016, shared statistics g) and TensorFlow's
 * RMSPropOptimizer used by IMPALA: {@code ms = ρ·ms + (1-ρ)·g²}; centered:
 * {@code mg = ρ·mg + (1-ρ)·g} and the denominator uses {@code ms - mg²};
 * {@code mom = μ·mom + lr·g / sqrt(denominator + ε)}; {@code θ -= mom}. Note ε is
 * <em>inside</em> the square root (PyTorch adds it outside). The mean square starts at zero.
 */
public final class RmsProp extends Optimizer
{
    private final float rho;
    private final float momentum;
    private final float eps;
    private final boolean centered;
    private final float[] ms;
    private final float[] mg;
    private final float[] mom;

    /**
     * RMSProp.
     *
     * @param backend      backend computing the update.
     * @param size         number of parameters.
     * @param learningRate learning rate.
     * @param rho          decay ρ in [0, 1) (A3C: 0.99, IMPALA: 0.99).
     * @param momentum     momentum μ in [0, 1) (IMPALA: 0).
     * @param eps          ε &gt; 0 inside the square root (A3C: 0.1, IMPALA: 0.01).
     * @param centered     whether to subtract the squared mean gradient (Graves 2013).
     */
    public RmsProp(final Backend backend, final int size, final float learningRate, final float rho,
                   final float momentum, final float eps, final boolean centered)
    {
        super(backend, size, learningRate);
        if (!(rho >= 0f && rho < 1f && momentum >= 0f && momentum < 1f && eps > 0f))
        {
            throw new IllegalArgumentException("RMSProp needs 0 <= rho, momentum < 1 and eps > 0; got rho=" + rho
                + " momentum=" + momentum + " eps=" + eps);
        }
        this.rho = rho;
        this.momentum = momentum;
        this.eps = eps;
        this.centered = centered;
        this.ms = new float[size];
        this.mg = centered ? new float[size] : null;
        this.mom = momentum > 0f ? new float[size] : null;
    }

    @Override
    void update(final float[] params, final float[] grads)
    {
        backend.rmsprop(size, learningRate, rho, momentum, eps, params, grads, ms, mg, mom);
    }

    @Override
    public String kind()
    {
        return centered ? "rmsprop-centered" : "rmsprop";
    }

    @Override
    public List<String> stateNames()
    {
        final List<String> names = new ArrayList<>(List.of("ms"));
        if (centered)
        {
            names.add("mg");
        }
        if (mom != null)
        {
            names.add("mom");
        }
        return List.copyOf(names);
    }

    @Override
    public List<float[]> stateVectors()
    {
        final List<float[]> vs = new ArrayList<>();
        vs.add(ms);
        if (centered)
        {
            vs.add(mg);
        }
        if (mom != null)
        {
            vs.add(mom);
        }
        return List.copyOf(vs);
    }
}
