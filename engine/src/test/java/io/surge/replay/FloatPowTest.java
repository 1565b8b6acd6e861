package io.surge.replay;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloatPowTest
{
    private static void assertSameAsFormula(final double x, final double y, final double divisor)
    {
        final float expected = (float)(Math.pow(x, y) / divisor);
        final float got = FloatPow.quotient(x, y, divisor);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got),
            () -> "x=" + x + " y=" + y + " divisor=" + divisor + ": expected " + expected + ", got " + got);
    }

    @Test
    void shouldRoundToTheFloatOfTheExactFormulaOnImportanceWeights()
    {
        final Rng rng = new Rng(41);
        for (int i = 0; i < 2_000_000; i++)
        {
            // as the replay calls it: x = (p / total) * n over many orders of magnitude, y = -beta,
            // divided by the largest weight (the power of the smallest x)
            final double x = Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(80) - 40);
            final double y = -rng.nextDouble();
            final double smallest = x * rng.nextDouble();
            assertSameAsFormula(x, y, Math.pow(smallest, y));
        }
    }

    @Test
    void shouldRoundToTheFloatOfTheExactFormulaOverItsWholeRange()
    {
        final Rng rng = new Rng(42);
        for (int i = 0; i < 2_000_000; i++)
        {
            final double x = Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(2001) - 1000);
            final double y = (rng.nextDouble() - 0.5) * 8;
            final double divisor = Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(41) - 20);
            assertSameAsFormula(x, y, divisor);
        }
    }

    @Test
    void shouldFallBackToTheExactFormulaNextToHalfWayBetweenTwoFloats()
    {
        // x^-0.5 = 1/sqrt(x): choose x so that the exact quotient lies within a few ulps of the
        // point half-way between two floats, where only the exact formula can decide
        final Rng rng = new Rng(43);
        int nearHalfWay = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final float below = (float)(0.01 + rng.nextDouble());
            final double halfWay = (below + (double)Math.nextUp(below)) / 2;
            final double x = 1.0 / (halfWay * halfWay);
            final double exact = Math.pow(x, -0.5);
            final long fromHalfWay = (Double.doubleToRawLongBits(exact) & ((1L << 29) - 1)) - (1L << 28);
            if (Math.abs(fromHalfWay) <= FloatPow.MARGIN)
            {
                nearHalfWay++;
            }
            assertSameAsFormula(x, -0.5, 1.0);
            assertSameAsFormula(Math.nextUp(x), -0.5, 1.0);
            assertSameAsFormula(Math.nextDown(x), -0.5, 1.0);
        }
        assertTrue(nearHalfWay > 90_000, "the cases must sit next to half-way: " + nearHalfWay);
    }

    @Test
    void shouldGiveTheFormulaOutsideTheFastRange()
    {
        final double[] xs = {0.0, Double.MIN_VALUE, 0x1.0p-1030, 0x1.0p-1001, 0x1.0p1001, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NaN, -1.0, 1.0, 2.0, 1e300};
        final double[] ys = {0.0, -0.0, -1.0, -0.4, 1.0, 8.0, -8.0, 9.0, 300.0, -300.0, 1e10, Double.NaN, Double.POSITIVE_INFINITY};
        final double[] divisors = {1.0, 0.0, Double.POSITIVE_INFINITY, Double.NaN, 1e-300, 3.0};
        for (final double x : xs)
        {
            for (final double y : ys)
            {
                for (final double divisor : divisors)
                {
                    assertSameAsFormula(x, y, divisor);
                }
            }
        }
        // bases next to 1 with large exponents: log2 x is tiny there and y would magnify its error
        for (int e = 20; e <= 52; e += 4)
        {
            for (final double y : new double[] {-7.5, 7.9, -1e3, 1e6, -1e12})
            {
                assertSameAsFormula(1.0 + Math.scalb(1.0, -e), y, 1.0);
                assertSameAsFormula(1.0 - Math.scalb(1.0, -e), y, 3.0);
            }
        }
        // quotients that are subnormal floats, half-way between two of them (where float rounding
        // changes though the double's low bits are far from half-way): the exact formula decides
        for (int k = 1; k < 4096; k++)
        {
            final double halfWay = (k + 0.5) * Float.MIN_VALUE;
            assertSameAsFormula(halfWay, 1.0, 1.0);
            assertSameAsFormula(halfWay * 0x1.0p40, 1.0, 0x1.0p40);
        }
    }

    @Test
    void shouldKeepThePowerFarInsideTheMarginOnItsRange()
    {
        // the rounding test is exact only if the two powers differ by far less than the margin
        final Rng rng = new Rng(44);
        double worstRelative = 0.0;
        long worstUlps = 0;
        for (int i = 0; i < 2_000_000; i++)
        {
            // the whole range, and one in four next to 1, where log2 x's two parts cancel
            final double x = i % 4 == 0 ? 1.0 + (rng.nextDouble() - 0.5) * Math.scalb(1.0, -rng.nextInt(50))
                : Math.scalb(1.0 + rng.nextDouble(), rng.nextInt(2001) - 1000);
            final double log2 = Math.log(x) / Math.log(2.0);
            // |y log2 x| up to the 256 the fast path allows
            final double y = (rng.nextDouble() * 2 - 1) * Math.min(8.0, 256.0 / Math.max(1.0, Math.abs(log2)));
            final double exact = Math.pow(x, y);
            final double fast = FloatPow.pow(x, y);
            worstRelative = Math.max(worstRelative, Math.abs(fast - exact) / exact);
            worstUlps = Math.max(worstUlps, Math.abs(Double.doubleToRawLongBits(fast) - Double.doubleToRawLongBits(exact)));
        }
        assertTrue(worstRelative < 1e-13, "relative error " + worstRelative);
        assertTrue(worstUlps * 100 < FloatPow.MARGIN, "ulps " + worstUlps);
    }
}
