package io.surge.nn;

import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each loss's value against a float64 reference written from its formula, and its gradient
 * against central finite differences of that reference.
 */
class LossesTest
{
    private static final double H = 1e-6;

    /** Compares value and gradient; {@code ref} evaluates the loss in float64 at given outputs. */
    private static void check(final float[] out, final float[] grad, final double value,
                              final ToDoubleFunction<double[]> ref)
    {
        final double[] x = GradCheck.toDouble(out);
        final double expected = ref.applyAsDouble(x);
        assertEquals(expected, value, 1e-5 * (1 + Math.abs(expected)), "loss value");
        boolean nonZero = false;
        for (int i = 0; i < x.length; i++)
        {
            final double saved = x[i];
            x[i] = saved + H;
            final double plus = ref.applyAsDouble(x);
            x[i] = saved - H;
            final double minus = ref.applyAsDouble(x);
            x[i] = saved;
            final double numeric = (plus - minus) / (2 * H);
            nonZero |= numeric != 0;
            assertEquals(numeric, grad[i], 1e-4 * (1 + Math.abs(numeric)), "gradient " + i);
        }
        assertTrue(nonZero, "the check would prove nothing");
    }

    private static float[] random(final int n, final long seed, final double scale)
    {
        final Rng rng = new Rng(seed);
        final float[] x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float) (scale * rng.nextGaussian());
        }
        return x;
    }

    private static double huber(final double x, final double d)
    {
        return Math.abs(x) <= d ? 0.5 * x * x : d * (Math.abs(x) - 0.5 * d);
    }

    @Test
    void mseShouldMatchReference()
    {
        final float[] p = random(10, 1, 1);
        final float[] t = random(10, 2, 1);
        final float[] g = new float[10];
        final double loss = Losses.mse(p, 0, t, 0, 10, 0.1f, g, 0);
        check(p, g, loss, x -> {
            double s = 0;
            for (int i = 0; i < 10; i++)
            {
                s += (x[i] - t[i]) * (x[i] - t[i]);
            }
            return 0.1 * s;
        });
    }

    @Test
    void huberShouldMatchReferenceOnBothSidesOfDelta()
    {
        final float[] p = random(20, 3, 2);
        final float[] t = random(20, 4, 0.1);
        final float[] g = new float[20];
        final double loss = Losses.huber(p, 0, t, 0, 20, 1f, 0.5f, g, 0);
        check(p, g, loss, x -> {
            double s = 0;
            for (int i = 0; i < 20; i++)
            {
                s += huber(x[i] - t[i], 1);
            }
            return 0.5 * s;
        });
    }

    @Test
    void tdHuberShouldPutGradientOnlyIntoChosenActionsAndWritePriorities()
    {
        final int b = 6;
        final int a = 3;
        final float[] q = random(b * a, 5, 2);
        final int[] act = {0, 2, 1, 1, 0, 2};
        final float[] y = random(b, 6, 2);
        final float[] w = {1f, 0.5f, 0.25f, 1f, 0.75f, 0.1f};
        final float[] dq = new float[b * a];
        final float[] prio = new float[b];
        final double loss = Losses.tdHuber(q, 0, b, a, act, 0, y, 0, w, 0, 1f, 1f / b, dq, 0, prio, 0);
        check(q, dq, loss, x -> {
            double s = 0;
            for (int i = 0; i < b; i++)
            {
                s += w[i] * huber(x[i * a + act[i]] - y[i], 1);
            }
            return s / b;
        });
        for (int i = 0; i < b; i++)
        {
            assertEquals(Math.abs(q[i * a + act[i]] - y[i]), prio[i], 1e-6);
            for (int j = 0; j < a; j++)
            {
                if (j != act[i])
                {
                    assertEquals(0f, dq[i * a + j]);
                }
            }
        }
    }

    @Test
    void doubleQTargetsShouldEvaluateTheOnlineArgmaxWithTheTargetNetwork()
    {
        final float[] online = {1f, 5f, 2f, /**/ 0f, -1f, 3f};
        final float[] target = {10f, 20f, 30f, /**/ 40f, 50f, 60f};
        final float[] r = {1f, -1f};
        final float[] disc = {0.99f, 0f};
        final float[] y = new float[2];
        Losses.doubleQTargets(online, 0, target, 0, 2, 3, r, 0, disc, 0, y, 0);
        assertEquals(1f + 0.99f * 20f, y[0], 1e-5);
        assertEquals(-1f, y[1], 1e-6);
    }

    private static double lse(final double[] x, final int off, final int n)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++)
        {
            max = Math.max(max, x[off + j]);
        }
        double s = 0;
        for (int j = 0; j < n; j++)
        {
            s += Math.exp(x[off + j] - max);
        }
        return max + Math.log(s);
    }

    @Test
    void crossEntropyShouldMatchReference()
    {
        final float[] z = random(4 * 5, 7, 2);
        final int[] labels = {4, 0, 2, 2};
        final float[] g = new float[20];
        final double loss = Losses.crossEntropy(z, 0, 4, 5, 5, labels, 0, 0.25f, g, 0);
        check(z, g, loss, x -> {
            double s = 0;
            for (int r = 0; r < 4; r++)
            {
                s -= x[r * 5 + labels[r]] - lse(x, r * 5, 5);
            }
            return 0.25 * s;
        });
    }

    @Test
    void entropyShouldMatchReferenceOnStridedLogits()
    {
        // Rows of 4 logits + 1 value (policy/value head layout): only the logits carry gradient.
        final int ld = 5;
        final float[] z = random(3 * ld, 8, 1.5);
        final float[] g = new float[3 * ld];
        final double loss = Losses.entropy(z, 0, 3, 4, ld, -0.01f, g, 0);
        check(z, g, loss, x -> {
            double s = 0;
            for (int r = 0; r < 3; r++)
            {
                final double l = lse(x, r * ld, 4);
                for (int j = 0; j < 4; j++)
                {
                    final double lp = x[r * ld + j] - l;
                    s -= Math.exp(lp) * lp;
                }
            }
            return -0.01 * s;
        });
    }

    @Test
    void policyGradientShouldMatchReference()
    {
        final int ld = 4;
        final float[] z = random(5 * ld, 9, 1);
        final int[] act = {0, 1, 2, 0, 1};
        final float[] adv = random(5, 10, 1);
        final float[] g = new float[5 * ld];
        final double loss = Losses.policyGradient(z, 0, 5, 3, ld, act, 0, adv, 0, 0.2f, g, 0);
        check(z, g, loss, x -> {
            double s = 0;
            for (int r = 0; r < 5; r++)
            {
                s -= adv[r] * (x[r * ld + act[r]] - lse(x, r * ld, 3));
            }
            return 0.2 * s;
        });
        final float[] lp = new float[5];
        Losses.actionLogProbs(z, 0, 5, 3, ld, act, 0, lp, 0);
        final double[] x = GradCheck.toDouble(z);
        for (int r = 0; r < 5; r++)
        {
            assertEquals(x[r * ld + act[r]] - lse(x, r * ld, 3), lp[r], 1e-6);
        }
        final float[] all = new float[5 * 3];
        Losses.logSoftmax(z, 0, 5, 3, ld, all, 0, 3);
        for (int r = 0; r < 5; r++)
        {
            assertEquals(lp[r], all[r * 3 + act[r]], 1e-6);
        }
    }

    @Test
    void valueBaselineShouldMatchReferenceOnTheValueColumn()
    {
        final int ld = 4;
        final float[] out = random(5 * ld, 11, 1);
        final float[] targets = random(5, 12, 1);
        final float[] g = new float[5 * ld];
        final double loss = Losses.valueBaseline(out, 3, ld, 5, targets, 0, 0.5f, g, 3);
        check(out, g, loss, x -> {
            double s = 0;
            for (int r = 0; r < 5; r++)
            {
                final double d = x[r * ld + 3] - targets[r];
                s += 0.5 * d * d;
            }
            return 0.5 * s;
        });
    }

    @Test
    void gaussianPolicyGradientShouldMatchReference()
    {
        final int dims = 2;
        final int rows = 3;
        final float[] out = random(rows * 2 * dims, 13, 0.5);
        final float[] act = random(rows * dims, 14, 1);
        final float[] adv = random(rows, 15, 1);
        final float[] g = new float[out.length];
        final double loss = Losses.gaussianPolicyGradient(out, 0, rows, dims, act, 0, adv, 0, 1f, g, 0);
        final ToDoubleFunction<double[]> ref = x -> {
            double s = 0;
            for (int r = 0; r < rows; r++)
            {
                double lp = 0;
                for (int j = 0; j < dims; j++)
                {
                    final double mu = x[r * 2 * dims + j];
                    final double ls = x[r * 2 * dims + dims + j];
                    final double z = (act[r * dims + j] - mu) / Math.exp(ls);
                    lp += -0.5 * z * z - ls - 0.5 * Math.log(2 * Math.PI);
                }
                s -= adv[r] * lp;
            }
            return s;
        };
        check(out, g, loss, ref);
        final float[] lp = new float[rows];
        Losses.gaussianLogProbs(out, 0, rows, dims, act, 0, lp, 0);
        final float[] one = {1f, 0f, 0f};
        // With advantage 1 on row 0 only, the loss is -log π(a_0).
        final double l0 = Losses.gaussianPolicyGradient(out, 0, 1, dims, act, 0, one, 0, 1f, new float[out.length], 0);
        assertEquals(-l0, lp[0], 1e-5);
    }
}
