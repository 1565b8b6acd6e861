package io.surge.nn;

import java.util.random.RandomGenerator;

/**
 * Weight initialisation schemes, each drawn from a seeded generator so that the same seed gives
 * the same weights. Fan-in and fan-out follow PyTorch's convention: for a weight of shape
 * {@code [out, in, k...]}, fan-in = in · Πk and fan-out = out · Πk. Biases start at zero.
 *
 * <ul>
 *   <li>{@link #glorotUniform()}: U(-a, a), a = gain · sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio 2010);</li>
 *   <li>{@link #heNormal()}: N(0, 2 / fanIn) (He et al. 2015), for ReLU layers;</li>
 *   <li>{@link #heUniform()}: U(-a, a), a = sqrt(6 / fanIn);</li>
 *   <li>{@link #orthogonal(double)}: a (semi-)orthogonal matrix of shape {@code [out, fanIn]} from the
 *       QR decomposition of a Gaussian matrix, signs fixed by R's diagonal, times gain (Saxe et al. 2014);</li>
 *   <li>{@link #uniform(double)}: U(-a, a) for a given a;</li>
 *   <li>{@link #zeros()}.</li>
 * </ul>
 *
 * @param kind the scheme.
 * @param gain the gain (orthogonal, Glorot) or bound (uniform).
 */
public record Init(Kind kind, double gain)
{
    /** The schemes. */
    public enum Kind
    {
        /** Glorot (Xavier) uniform. */
        GLOROT_UNIFORM,
        /** He (Kaiming) normal. */
        HE_NORMAL,
        /** He (Kaiming) uniform. */
        HE_UNIFORM,
        /** Orthogonal. */
        ORTHOGONAL,
        /** Uniform with a given bound. */
        UNIFORM,
        /** All zeros. */
        ZEROS
    }

    /**
     * Glorot uniform with gain 1.
     *
     * @return the scheme.
     */
    public static Init glorotUniform()
    {
        return new Init(Kind.GLOROT_UNIFORM, 1.0);
    }

    /**
     * He normal.
     *
     * @return the scheme.
     */
    public static Init heNormal()
    {
        return new Init(Kind.HE_NORMAL, 1.0);
    }

    /**
     * He uniform.
     *
     * @return the scheme.
     */
    public static Init heUniform()
    {
        return new Init(Kind.HE_UNIFORM, 1.0);
    }

    /**
     * Orthogonal with a gain (sqrt(2) for ReLU layers, 0.01 for policy logits, 1 for values, as in
     * the common PPO/IMPALA implementations).
     *
     * @param gain the gain.
     * @return the scheme.
     */
    public static Init orthogonal(final double gain)
    {
        return new Init(Kind.ORTHOGONAL, gain);
    }

    /**
     * Uniform in [-bound, bound].
     *
     * @param bound the bound.
     * @return the scheme.
     */
    public static Init uniform(final double bound)
    {
        return new Init(Kind.UNIFORM, bound);
    }

    /**
     * All zeros.
     *
     * @return the scheme.
     */
    public static Init zeros()
    {
        return new Init(Kind.ZEROS, 0);
    }

    /**
     * Fills a weight view.
     *
     * @param p      the flat vector.
     * @param offset first element.
     * @param rows   the first dimension (out).
     * @param fanIn  elements per row (in · Πk).
     * @param fanOut out · Πk.
     * @param rng    the generator.
     */
    void fill(final float[] p, final int offset, final int rows, final int fanIn, final int fanOut,
              final RandomGenerator rng)
    {
        final int n = rows * fanIn;
        switch (kind)
        {
            case GLOROT_UNIFORM ->
            {
                final double a = gain * Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < n; i++)
                {
                    p[offset + i] = (float) ((rng.nextDouble() * 2 - 1) * a);
                }
            }
            case HE_NORMAL ->
            {
                final double s = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < n; i++)
                {
                    p[offset + i] = (float) (rng.nextGaussian() * s);
                }
            }
            case HE_UNIFORM ->
            {
                final double a = Math.sqrt(6.0 / fanIn);
                for (int i = 0; i < n; i++)
                {
                    p[offset + i] = (float) ((rng.nextDouble() * 2 - 1) * a);
                }
            }
            case UNIFORM ->
            {
                for (int i = 0; i < n; i++)
                {
                    p[offset + i] = (float) ((rng.nextDouble() * 2 - 1) * gain);
                }
            }
            case ZEROS -> java.util.Arrays.fill(p, offset, offset + n, 0f);
            case ORTHOGONAL -> orthogonalFill(p, offset, rows, fanIn, rng);
        }
    }

    private void orthogonalFill(final float[] p, final int offset, final int rows, final int cols,
                                final RandomGenerator rng)
    {
        // Orthonormalise the columns of a tall Gaussian matrix (big × small) by modified
        // Gram-Schmidt (= thin QR with positive diag(R), the sign fix), then write it so that the
        // rows (rows <= cols) or the columns (rows > cols) of the weight are orthonormal.
        final int big = Math.max(rows, cols);
        final int small = Math.min(rows, cols);
        final double[][] q = new double[small][big];
        for (int j = 0; j < small; j++)
        {
            for (int i = 0; i < big; i++)
            {
                q[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < small; j++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int prev = 0; prev < j; prev++)
                {
                    double dot = 0;
                    for (int i = 0; i < big; i++)
                    {
                        dot += q[prev][i] * q[j][i];
                    }
                    for (int i = 0; i < big; i++)
                    {
                        q[j][i] -= dot * q[prev][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < big; i++)
            {
                norm += q[j][i] * q[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < big; i++)
            {
                q[j][i] /= norm;
            }
        }
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                final double v = rows <= cols ? q[r][c] : q[c][r];
                p[offset + r * cols + c] = (float) (gain * v);
            }
        }
    }
}
