package io.surge.algo.returns;

/**
 * The invertible value rescaling of R2D2 (Pohlen et al. 2018, "Observe and Look Further"):
 * {@code h(x) = sign(x) (sqrt(|x| + 1) - 1) + ε x} and its exact inverse
 * {@code h⁻¹(y) = sign(y) (((sqrt(1 + 4ε(|y| + 1 + ε)) - 1) / (2ε))² - 1)}.
 *
 * <p>Both are evaluated in the operation order of rlax's {@code signed_hyperbolic} and
 * {@code signed_parabolic}, so results agree with them bit for bit:
 * <pre>
 * h(x)     = sign(x) * (sqrt(|x| + 1) - 1) + eps * x
 * h_inv(y) = sign(y) * (z * z - 1),   z = sqrt(1 + 4 * eps * (eps + 1 + |y|)) / 2 / eps - 1 / 2 / eps
 * </pre>
 * {@code sign} follows NumPy: {@code sign(±0) = +0}. The subtraction in {@code z} cancels, so
 * {@code h_inv(h(x))} is off from {@code x} by about 1e-13 absolute (large relative error only for
 * tiny |x|).
 *
 * <p>Stateless; thread-safe.
 */
public final class ValueRescaling
{
    /** The ε R2D2 and rlax use by default: 1e-3. */
    public static final double DEFAULT_EPS = 1e-3;

    private ValueRescaling()
    {
    }

    /**
     * The rescaling h.
     *
     * @param x   the value.
     * @param eps ε, positive.
     * @return h(x).
     */
    public static double h(final double x, final double eps)
    {
        return sign(x) * (Math.sqrt(Math.abs(x) + 1.0) - 1.0) + eps * x;
    }

    /**
     * The inverse rescaling h⁻¹.
     *
     * @param y   the rescaled value.
     * @param eps ε, positive; the same as for {@link #h(double, double)}.
     * @return h⁻¹(y).
     */
    public static double hInv(final double y, final double eps)
    {
        final double z = Math.sqrt(1.0 + 4.0 * eps * (eps + 1.0 + Math.abs(y))) / 2.0 / eps - 1.0 / 2.0 / eps;
        return sign(y) * (z * z - 1.0);
    }

    /**
     * h applied to {@code n} elements: {@code out[i] = h(x[i])}. {@code out} may be {@code x}.
     *
     * @param n   how many elements.
     * @param x   the values.
     * @param eps ε.
     * @param out where h goes.
     */
    public static void h(final int n, final double[] x, final double eps, final double[] out)
    {
        Checks.length("x", x, n);
        Checks.length("out", out, n);
        for (int i = 0; i < n; i++)
        {
            out[i] = h(x[i], eps);
        }
    }

    /**
     * h⁻¹ applied to {@code n} elements: {@code out[i] = h⁻¹(y[i])}. {@code out} may be {@code y}.
     *
     * @param n   how many elements.
     * @param y   the rescaled values.
     * @param eps ε.
     * @param out where h⁻¹ goes.
     */
    public static void hInv(final int n, final double[] y, final double eps, final double[] out)
    {
        Checks.length("y", y, n);
        Checks.length("out", out, n);
        for (int i = 0; i < n; i++)
        {
            out[i] = hInv(y[i], eps);
        }
    }

    /** NumPy's sign: -1, +1, or +0 for ±0 (and NaN stays NaN through the product it feeds). */
    private static double sign(final double x)
    {
        return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0);
    }
}
