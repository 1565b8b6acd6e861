package io.surge.env.classic;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibmTest
{
    @Test
    void squareShouldEqualTheLibrarysPowOfTwoEverywhere()
    {
        final Rng rng = new Rng(17L);
        int slowPath = 0;
        final int n = 400_000;
        for (int i = 0; i < n; i++)
        {
            final double x = switch (i % 4)
            {
                case 0 -> (rng.nextDouble() - 0.5) * 40;
                case 1 -> (rng.nextDouble() - 0.5) * Math.scalb(1.0, rng.nextInt(-60, 60));
                case 2 -> Double.longBitsToDouble(rng.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL); // any finite magnitude
                default -> (rng.nextDouble() - 0.5) * 0.6;
            };
            final double expected = Libm.pow(x, 2);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(Libm.square(x)), "x = " + x);
            slowPath += expected != x * x ? 1 : 0;
        }
        for (final double x : new double[] {0.0, -0.0, 1.0, -2.0, 0.5, Double.MIN_VALUE, 1e-160, 1e160, 1e200, Math.sqrt(Double.MAX_VALUE)})
        {
            assertEquals(Double.doubleToLongBits(Libm.pow(x, 2)), Double.doubleToLongBits(Libm.square(x)), "x = " + x);
        }
        System.out.println("pow(x, 2) != x*x on " + slowPath + " of " + n + " inputs [" + Libm.implementation() + "]");
    }

    @Test
    void sineAndCosineShouldBeWithinOneUlpOfJava()
    {
        final Rng rng = new Rng(3L);
        for (int i = 0; i < 100_000; i++)
        {
            final double x = (rng.nextDouble() - 0.5) * 100;
            assertEquals(Math.sin(x), Libm.sin(x), Math.ulp(Math.sin(x)), "sin " + x);
            assertEquals(Math.cos(x), Libm.cos(x), Math.ulp(Math.cos(x)), "cos " + x);
        }
    }

    @Test
    void sinCosShouldEqualSeparateSineAndCosine()
    {
        final Rng rng = new Rng(8L);
        final Libm.SinCos pair = new Libm.SinCos();
        for (int i = 0; i < 1_000_000; i++)
        {
            final double x = (i & 1) == 0 ? (rng.nextDouble() - 0.5) * 0.6 : (rng.nextDouble() - 0.5) * 200;
            pair.compute(x);
            assertEquals(Double.doubleToLongBits(Libm.sin(x)), Double.doubleToLongBits(pair.sin()), "sin " + x);
            assertEquals(Double.doubleToLongBits(Libm.cos(x)), Double.doubleToLongBits(pair.cos()), "cos " + x);
        }
    }

    @Test
    void shouldSayWhichImplementationIsInUse()
    {
        assertFalse(Libm.implementation().isBlank());
        assertTrue(Libm.usesLibm() == Libm.implementation().startsWith("C library"), Libm.implementation());
    }
}
