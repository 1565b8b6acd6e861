package io.surge.nn;

import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two optimizer steps from θ0 = (0.5, -1, 2) with g1 = (0.1, -0.2, 0.3), g2 = (-0.05, 0.4, 0).
 * Expected values were worked out in float64 from the update equations written in each class's
 * javadoc (one line each), independently of the code under test. For example Adam's first step
 * is θ - lr·g/(|g| + ε) = θ - 0.01·sign(g) because m̂1 = g and v̂1 = g².
 */
class OptimizerTest
{
    private static final float[][] G = {{0.1f, -0.2f, 0.3f}, {-0.05f, 0.4f, 0f}};

    private static float[] run(final Optimizer opt, final double[]... expected)
    {
        final float[] theta = {0.5f, -1f, 2f};
        for (int t = 0; t < G.length; t++)
        {
            opt.step(theta, G[t]);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(expected[t][i], theta[i], 2e-6, opt.kind() + " step " + (t + 1) + " parameter " + i);
            }
        }
        assertEquals(2, opt.steps());
        return theta;
    }

    @Test
    void adamShouldTakeBiasCorrectedSteps()
    {
        run(new Adam(Backends.cpu(), 3, 0.01f),
            new double[] {0.4900000009999999, -0.9900000004999999, 1.9900000003333334},
            new double[] {0.4873366309403391, -0.9936610356546036, 1.9832994181079155});
    }

    @Test
    void rmsPropShouldPutEpsilonInsideTheSquareRootWithMomentum()
    {
        run(new RmsProp(Backends.cpu(), 3, 0.01f, 0.9f, 0.5f, 0.01f, false),
            new double[] {0.4904653741075441, -0.9830969149054297, 1.9782357124966996},
            new double[] {0.4904331983994199, -0.9978949001069084, 1.9673535687450494});
    }

    @Test
    void centeredRmsPropShouldSubtractTheSquaredMeanGradient()
    {
        run(new RmsProp(Backends.cpu(), 3, 0.01f, 0.9f, 0.5f, 0.01f, true),
            new double[] {0.4904217371477885, -0.9828501414857491, 1.977701175612585},
            new double[] {0.49037114402845133, -0.9977171838563654, 1.9665517634188776});
    }

    @Test
    void rmsPropWithoutMomentumShouldStepByTheScaledGradient()
    {
        final float[] theta = {1f};
        final RmsProp opt = new RmsProp(Backends.cpu(), 1, 0.1f, 0.99f, 0f, 0.1f, false);
        opt.step(theta, new float[] {2f});
        // ms = 0.01·4 = 0.04; θ = 1 - 0.1·2/sqrt(0.04 + 0.1).
        assertEquals(1 - 0.2 / Math.sqrt(0.14), theta[0], 1e-6);
        assertEquals(1, opt.stateVectors().size());
    }

    @Test
    void sgdShouldAccumulateMomentum()
    {
        run(new Sgd(Backends.cpu(), 3, 0.1f, 0.9f),
            new double[] {0.49, -0.98, 1.97},
            new double[] {0.486, -1.002, 1.943});
    }

    @Test
    void scalarAndVectorBackendsShouldGiveTheSameSteps()
    {
        final Backend[] backends = {Backends.cpu(), Backends.cpuScalar()};
        final float[][] out = new float[2][];
        for (int b = 0; b < 2; b++)
        {
            out[b] = run(new Adam(backends[b], 3, 0.01f),
                new double[] {0.4900000009999999, -0.9900000004999999, 1.9900000003333334},
                new double[] {0.4873366309403391, -0.9936610356546036, 1.9832994181079155});
        }
        for (int i = 0; i < 3; i++)
        {
            assertEquals(out[0][i], out[1][i]);
        }
    }

    @Test
    void shouldRejectBadHyperParametersAndSizes()
    {
        assertThrows(IllegalArgumentException.class, () -> new Adam(Backends.cpu(), 3, 0.01f, 1f, 0.999f, 1e-8f));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(Backends.cpu(), 3, 0.01f, 0.9f, 0f, 0f, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Backends.cpu(), 3, -1f, 0f));
        final Adam adam = new Adam(Backends.cpu(), 3, 0.01f);
        assertThrows(IllegalArgumentException.class, () -> adam.step(new float[4], new float[4]));
    }

    @Test
    void clippingShouldScaleToTheMaximumNormAndReportTheOriginal()
    {
        final float[] g = {3f, 4f};
        final double norm = Gradients.clipByGlobalNorm(Backends.cpu(), g, 1.0);
        assertEquals(5.0, norm, 1e-9);
        assertEquals(0.6f, g[0], 1e-7);
        assertEquals(0.8f, g[1], 1e-7);
        final float[] small = {0.3f, 0.4f};
        Gradients.clipByGlobalNorm(Backends.cpu(), small, 1.0);
        assertEquals(0.3f, small[0]);
        assertEquals(-1, Gradients.firstNonFinite(small));
        assertEquals(1, Gradients.firstNonFinite(new float[] {0f, Float.NaN}));
    }
}
