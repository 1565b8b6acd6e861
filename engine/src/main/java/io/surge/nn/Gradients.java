package io.surge.nn;

import io.surge.nn.backend.Backend;

/**
 * Operations on whole gradient vectors: global-norm clipping (Pascanu et al. 2013, as in
 * IMPALA/R2D2 learners) and a non-finite check. Allocation-free.
 *
 * <p>Threading: stateless, thread-safe (the backend passed in is not).
 */
public final class Gradients
{
    private Gradients()
    {
    }

    /**
     * The global L2 norm {@code sqrt(Σ g_i²)}, accumulated in float64.
     *
     * @param backend backend.
     * @param grads   the gradient vector.
     * @return the norm.
     */
    public static double globalNorm(final Backend backend, final float[] grads)
    {
        return Math.sqrt(backend.sumSquares(grads, 0, grads.length));
    }

    /**
     * Scales the gradient by {@code maxNorm / norm} when its global norm exceeds {@code maxNorm}
     * (a non-finite norm is returned and the vector left as is, for the caller to report).
     *
     * @param backend backend.
     * @param grads   the gradient vector, scaled in place.
     * @param maxNorm the largest norm allowed, &gt; 0.
     * @return the norm before clipping.
     */
    public static double clipByGlobalNorm(final Backend backend, final float[] grads, final double maxNorm)
    {
        if (!(maxNorm > 0))
        {
            throw new IllegalArgumentException("maxNorm must be positive, got " + maxNorm);
        }
        final double norm = globalNorm(backend, grads);
        if (norm > maxNorm && Double.isFinite(norm))
        {
            backend.scale(grads.length, (float) (maxNorm / norm), grads, 0);
        }
        return norm;
    }

    /**
     * Index of the first NaN or infinite element, or -1 when all are finite.
     *
     * @param v the vector.
     * @return the index or -1.
     */
    public static int firstNonFinite(final float[] v)
    {
        for (int i = 0; i < v.length; i++)
        {
            if (!Float.isFinite(v[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
