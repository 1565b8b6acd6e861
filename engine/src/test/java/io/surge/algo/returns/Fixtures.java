package io.surge.algo.returns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surge.util.Rng;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: reference files from the class path, random arrays, allocation measurement. */
final class Fixtures
{
    static final double TOLERANCE = 1e-12;

    private Fixtures()
    {
    }

    static JsonNode refdata(final String name) throws IOException
    {
        try (InputStream in = Fixtures.class.getResourceAsStream("/refdata/" + name))
        {
            if (in == null)
            {
                throw new IOException("missing test resource /refdata/" + name);
            }
            return new ObjectMapper().readTree(in);
        }
    }

    /** A [rows][cols] JSON array flattened row-major. */
    static double[] flat(final JsonNode array)
    {
        if (!array.get(0).isArray())
        {
            final double[] out = new double[array.size()];
            for (int i = 0; i < out.length; i++)
            {
                out[i] = array.get(i).doubleValue();
            }
            return out;
        }
        final int cols = array.get(0).size();
        final double[] out = new double[array.size() * cols];
        for (int r = 0; r < array.size(); r++)
        {
            for (int c = 0; c < cols; c++)
            {
                out[r * cols + c] = array.get(r).get(c).doubleValue();
            }
        }
        return out;
    }

    static double[] flat3(final JsonNode array)
    {
        final int d1 = array.get(0).size();
        final int d2 = array.get(0).get(0).size();
        final double[] out = new double[array.size() * d1 * d2];
        for (int i = 0; i < array.size(); i++)
        {
            for (int j = 0; j < d1; j++)
            {
                for (int k = 0; k < d2; k++)
                {
                    out[(i * d1 + j) * d2 + k] = array.get(i).get(j).get(k).doubleValue();
                }
            }
        }
        return out;
    }

    static int[] ints(final JsonNode array)
    {
        final boolean nested = array.get(0).isArray();
        final int cols = nested ? array.get(0).size() : 1;
        final int[] out = new int[array.size() * cols];
        for (int r = 0; r < array.size(); r++)
        {
            for (int c = 0; c < cols; c++)
            {
                out[r * cols + c] = (nested ? array.get(r).get(c) : array.get(r)).intValue();
            }
        }
        return out;
    }

    static double threshold(final JsonNode value)
    {
        return value.isNull() ? VTrace.NO_CLIPPING : value.doubleValue();
    }

    static void assertClose(final String what, final double[] expected, final double[] got, final int n, final double tolerance)
    {
        for (int i = 0; i < n; i++)
        {
            final double deviation = Math.abs(got[i] - expected[i]) / Math.max(1.0, Math.abs(expected[i]));
            if (!(deviation <= tolerance))
            {
                fail(what + "[" + i + "]: got " + got[i] + ", expected " + expected[i] + " (rel " + deviation + ")");
            }
        }
    }

    static double[] uniform(final Rng rng, final int n, final double lo, final double hi)
    {
        final double[] out = new double[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return out;
    }

    static double[] normal(final Rng rng, final int n, final double sigma)
    {
        final double[] out = new double[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = sigma * rng.nextGaussian();
        }
        return out;
    }

    /** Discounts γ with about one episode end (γ = 0) in {@code 1/endEvery} steps. */
    static double[] discounts(final Rng rng, final int n, final double gamma, final int endEvery)
    {
        final double[] out = new double[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = rng.nextInt(endEvery) == 0 ? 0.0 : gamma;
        }
        return out;
    }

    static int[] actions(final Rng rng, final int n, final int numActions)
    {
        final int[] out = new int[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = rng.nextInt(numActions);
        }
        return out;
    }

    /** Copies column b of a [T, B] array into a [T] array. */
    static double[] column(final double[] array, final int timeSteps, final int batch, final int b)
    {
        final double[] out = new double[timeSteps];
        for (int t = 0; t < timeSteps; t++)
        {
            out[t] = array[t * batch + b];
        }
        return out;
    }

    /** Copies column b of a [T, B, A] array into a [T, A] array. */
    static double[] column(final double[] array, final int timeSteps, final int batch, final int numActions, final int b)
    {
        final double[] out = new double[timeSteps * numActions];
        for (int t = 0; t < timeSteps; t++)
        {
            System.arraycopy(array, (t * batch + b) * numActions, out, t * numActions, numActions);
        }
        return out;
    }

    static int[] column(final int[] array, final int timeSteps, final int batch, final int b)
    {
        final int[] out = new int[timeSteps];
        for (int t = 0; t < timeSteps; t++)
        {
            out[t] = array[t * batch + b];
        }
        return out;
    }

    /**
     * Bytes the current thread allocates over {@code calls} runs of {@code action} once warm
     * (the quietest of a few rounds, see {@link io.surge.testing.AllocationMeter}).
     */
    static long allocatedBytes(final Runnable action, final int warmUp, final int calls)
    {
        return io.surge.testing.AllocationMeter.bytesAllocated(action, warmUp, calls);
    }
}
