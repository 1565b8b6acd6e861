package io.surge.replay;

/**
 * {@code (float) (Math.pow(x, y) / divisor)}, bit for bit in every case, faster (a batch's weight
 * costs 0.61–0.75 of what it does with {@code Math.pow}, {@code FloatPowBench}): the importance
 * weights of a prioritized batch, which are floats, one per sampled row.
 * <p>
 * A table-and-polynomial power ({@link #pow}: relative error at most 4.6·10^-14, 364 double ulps,
 * over 2 million random inputs across its range, which its test measures) gives the quotient to
 * far better than float precision. The float that quotient rounds to is the float the exact
 * formula rounds to unless the quotient lies near a point where float rounding changes (half-way
 * between two floats): there the error of either power could decide. So when the 29 bits a float
 * drops from the double are within {@link #MARGIN} of half-way, and wherever the inputs or the
 * result leave the range the power is built for ({@code x} in {@code [2^-1000, 2^1000]},
 * {@code |y| <= 8}, {@code |y · log2 x| <= 256}, a normal float), it computes the exact formula
 * with {@code Math.pow} instead (Ziv's rounding test; about one row in 4,000). The margin, 2^16
 * units in the last place of the double, is 180 times that largest measured difference between
 * the two powers.
 * <p>
 * Written here rather than taken from a library because none in this stack has a faster power
 * that still rounds to the same float as {@code Math.pow}; the Vector API's {@code POW} is not
 * intrinsified on the CPU this was measured on (slower than {@code Math.pow}, {@code FloatPowBench}).
 * Stateless; the tables are filled once, so any thread may call it.
 */
final class FloatPow
{
    /** How near to half-way between two floats, in double ulps, the fast quotient falls back. */
    static final long MARGIN = 1L << 16;

    private static final int TABLE_BITS = 6;
    private static final int TABLE = 1 << TABLE_BITS;
    private static final double[] RECIPROCAL = new double[TABLE];
    private static final double[] LOG2_OF_INVERSE_RECIPROCAL = new double[TABLE];
    private static final double[] EXP2_FRACTION = new double[TABLE];
    private static final double INV_LN2 = 1.4426950408889634;
    private static final double LN2 = 0.6931471805599453;
    private static final long DROPPED_BITS = (1L << 29) - 1; // the mantissa bits a float does not keep
    private static final long HALF_WAY = 1L << 28;
    private static final double MIN_NORMAL_FLOAT = Float.MIN_NORMAL;
    private static final double MAX_FLOAT = Float.MAX_VALUE;
    /** The range of |y · log2 x| over which the power's error is within the margin's budget. */
    private static final double MAX_EXPONENT = 256.0;
    /**
     * The range of |y|: log2 x carries an absolute error of up to about 4·10^-16 (mostly the
     * polynomial's truncation), which y multiplies into the exponent; near x = 1 that error is not
     * small next to log2 x itself, so only a bounded y keeps the result inside the margin.
     */
    private static final double MAX_Y = 8.0;

    static
    {
        for (int j = 0; j < TABLE; j++)
        {
            // 1/m at the middle of the j-th slice of [1, 2), rounded to a float's 24 bits so that
            // m * RECIPROCAL - 1 loses nothing in the fused multiply-add
            final double middle = 1.0 + (j + 0.5) / TABLE;
            final double reciprocal = (float)(1.0 / middle);
            RECIPROCAL[j] = reciprocal;
            LOG2_OF_INVERSE_RECIPROCAL[j] = -StrictMath.log(reciprocal) * INV_LN2;
            EXP2_FRACTION[j] = StrictMath.pow(2.0, j / (double)TABLE);
        }
    }

    private FloatPow()
    {
    }

    /**
     * {@code (float) (Math.pow(x, y) / divisor)}, bit for bit.
     *
     * @param x       the base.
     * @param y       the exponent.
     * @param divisor what the power is divided by.
     * @return the float the exact formula gives.
     */
    static float quotient(final double x, final double y, final double divisor)
    {
        if (x >= 0x1.0p-1000 && x <= 0x1.0p1000 && Math.abs(y) <= MAX_Y)
        {
            final double exponent = y * log2(x);
            if (Math.abs(exponent) <= MAX_EXPONENT)
            {
                final double q = exp2(exponent) / divisor;
                final long fromHalfWay = (Double.doubleToRawLongBits(q) & DROPPED_BITS) - HALF_WAY;
                if (q >= MIN_NORMAL_FLOAT && q <= MAX_FLOAT && Math.abs(fromHalfWay) > MARGIN)
                {
                    return (float)q;
                }
            }
        }
        return (float)(Math.pow(x, y) / divisor);
    }

    /**
     * {@code x^y} to within about 10^-13 relative, for {@code x} in {@code [2^-1000, 2^1000]},
     * {@code |y| <= 8} and {@code |y · log2 x| <= 256} (not checked here; {@link #quotient} checks).
     */
    static double pow(final double x, final double y)
    {
        return exp2(y * log2(x));
    }

    /** log2 of a positive normal double: exponent, a table for the top 6 mantissa bits, ln(1 + r) for the rest. */
    private static double log2(final double x)
    {
        final long bits = Double.doubleToRawLongBits(x);
        final int exponent = (int)(bits >>> 52) - 1023;
        final int slice = (int)(bits >>> (52 - TABLE_BITS)) & (TABLE - 1);
        final double mantissa = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        final double r = Math.fma(mantissa, RECIPROCAL[slice], -1.0); // |r| < 2^-7
        final double r2 = r * r;
        // ln(1 + r) = r - r^2/2 + r^3/3 - r^4/4 + r^5/5 - r^6/6 (+ r^7/7 < 3e-16), terms paired to shorten the chain
        final double ln1p = (r - 0.5 * r2) + r2 * r * (Math.fma(r, -0.25, 1.0 / 3) + r2 * Math.fma(r, -1.0 / 6, 0.2));
        return Math.fma(ln1p, INV_LN2, exponent + LOG2_OF_INVERSE_RECIPROCAL[slice]);
    }

    /** 2^t for |t| <= 256: 2^(k/64) from a table (k = round(64 t)) times e^g, |g| <= ln2/128, as a polynomial. */
    private static double exp2(final double t)
    {
        final double k = Math.rint(t * TABLE);
        final double g = Math.fma(k, -1.0 / TABLE, t) * LN2; // t - k/64 is exact
        final double g2 = g * g;
        // e^g = 1 + g + g^2/2 + g^3/6 + g^4/24 + g^5/120 (+ g^6/720 < 4e-17)
        final double eg = 1.0 + g + g2 * (Math.fma(g, 1.0 / 6, 0.5) + g2 * Math.fma(g, 1.0 / 120, 1.0 / 24));
        final int steps = (int)k;
        final double scaled = EXP2_FRACTION[steps & (TABLE - 1)] * eg;
        // multiply by 2^(steps >> 6) through the exponent field (the result stays normal for |t| <= 256)
        return Double.longBitsToDouble(Double.doubleToRawLongBits(scaled) + ((long)(steps >> TABLE_BITS) << 52));
    }
}
