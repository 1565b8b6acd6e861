package io.surge.nn;

import io.surge.nn.backend.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

class GradientCheckTest
{
    @ParameterizedTest
    @EnumSource(Activation.class)
    void denseLayerGradientsShouldMatchFiniteDifferencesForEveryActivation(final Activation f)
    {
        final Network net = Network.builder(5).dense(7, f).dense(3).build();
        GradCheck.check(net, 1, 4, 1, 10_000);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void standaloneActivationLayersShouldMatchFiniteDifferences(final Activation f)
    {
        // A tanh layer followed by f: f cannot be fused, so it is a layer of its own, and its input
        // gradient feeds the first layer's parameters.
        final Network net = Network.builder(4).dense(6, Activation.TANH).activation(f).dense(2).build();
        assertTrue(net.describe().contains(f.name().toLowerCase(java.util.Locale.ROOT)), net.describe());
        GradCheck.check(net, 1, 3, 2, 10_000);
    }

    @Test
    void mlpGradientsShouldMatchFiniteDifferences()
    {
        GradCheck.check(Network.mlp(4, 16, 16, 2), 1, 8, 3, 10_000);
    }

    @Test
    void convLayersWithStrideAndPaddingShouldMatchFiniteDifferences()
    {
        final Network net = Network.builder(7, 6, 3)
            .conv2d(4, 3, 1, 1).relu()
            .conv2d(5, 3, 2, 1).elu()
            .conv2d(3, 2, 1, 0)
            .flatten().dense(4).build();
        GradCheck.check(net, 1, 2, 4, 10_000);
    }

    @Test
    void natureDqnShapedTorsoShouldMatchFiniteDifferences()
    {
        // The Nature DQN's kernels and strides (8x8/4, 4x4/2, 3x3/1) on a smaller input and fewer channels.
        final Network net = Network.builder(36, 36, 2)
            .conv2d(4, 8, 4, 0).relu()
            .conv2d(4, 4, 2, 0).relu()
            .conv2d(4, 3, 1, 0).relu()
            .dense(8).relu().dense(3).build();
        GradCheck.check(net, 1, 2, 5, 10_000);
    }

    @Test
    void minAtarConvNetShouldMatchFiniteDifferences()
    {
        final Network net = Network.minAtar(4, 6);
        final int checked = GradCheck.check(net, 1, 3, 6, 700);
        assertTrue(checked >= 600, "checked " + checked);
    }

    @Test
    void channelsFirstMinAtarNetShouldMatchFiniteDifferences()
    {
        final Network net = Network.builderChannelsFirst(4, 10, 10).conv2d(16, 3, 1, 0).relu().dense(128).relu().dense(6)
            .build();
        final int checked = GradCheck.check(net, 1, 3, 19, 700);
        assertTrue(checked >= 600, "checked " + checked);
    }

    @Test
    void channelsFirstInputShouldEqualChannelsLastInputPermuted()
    {
        final Network first = Network.builderChannelsFirst(3, 4, 5).conv2d(2, 3, 1, 1).relu().dense(4).build();
        final Network last = Network.builder(4, 5, 3).conv2d(2, 3, 1, 1).relu().dense(4).build();
        final float[] params = first.newParameters();
        first.initialize(params, 5);
        final java.util.Random random = new java.util.Random(1);
        final int batch = 2;
        final float[] chw = new float[batch * 60];
        final float[] hwc = new float[batch * 60];
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int pixel = 0; pixel < 20; pixel++)
                {
                    final float v = (float)random.nextGaussian();
                    chw[b * 60 + c * 20 + pixel] = v;
                    hwc[b * 60 + pixel * 3 + c] = v;
                }
            }
        }
        final float[] a = first.forward(params, first.newWorkspace(batch, false), chw, 0, batch).clone();
        final float[] b = last.forward(params, last.newWorkspace(batch, false), hwc, 0, batch);
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(b, batch * 4), java.util.Arrays.copyOf(a, batch * 4));
    }

    @Test
    void lstmOverTenStepsShouldMatchFiniteDifferences()
    {
        final Network net = Network.builder(5).dense(6, Activation.TANH).lstm(8).dense(3).build();
        GradCheck.check(net, 10, 3, 7, 10_000);
    }

    @Test
    void stackedLstmsWithOneStepShouldMatchFiniteDifferences()
    {
        final Network net = Network.builder(3).lstm(4).lstm(5).relu().dense(2).build();
        GradCheck.check(net, 1, 2, 8, 10_000);
        GradCheck.check(net, 4, 2, 9, 10_000);
    }

    @Test
    void plainQHeadShouldMatchFiniteDifferences()
    {
        GradCheck.check(Network.builder(6).dense(8).relu().qHead(4).build(), 1, 5, 10, 10_000);
    }

    @Test
    void duelingHeadWithLinearStreamsShouldMatchFiniteDifferences()
    {
        GradCheck.check(Network.builder(6).dense(8).relu().duelingHead(4, 0).build(), 1, 5, 11, 10_000);
    }

    @Test
    void duelingHeadWithHiddenStreamsShouldMatchFiniteDifferences()
    {
        GradCheck.check(Network.builder(6).dense(8).relu().duelingHead(3, 5).build(), 1, 5, 12, 10_000);
    }

    @Test
    void policyValueHeadShouldMatchFiniteDifferences()
    {
        GradCheck.check(Network.builder(6).dense(8).tanh().policyValueHead(4).build(), 1, 5, 13, 10_000);
    }

    @Test
    void stateActionQNetworkShouldMatchFiniteDifferences()
    {
        final Network net = Network.builder(5).actionInput(2).dense(6).relu().concatAction().dense(7).relu().dense(1)
            .build();
        GradCheck.check(net, 1, 4, 14, 10_000);
    }

    @Test
    void convStateActionQNetworkShouldMatchFiniteDifferences()
    {
        final Network net = Network.builder(5, 5, 2).actionInput(3).conv2d(3, 3, 1, 0).relu().concatAction()
            .dense(6).relu().dense(1).build();
        GradCheck.check(net, 1, 3, 15, 10_000);
    }

    @Test
    void gaussianPolicyHeadShouldMatchFiniteDifferences()
    {
        GradCheck.check(Network.builder(4).dense(6).tanh().gaussianHead(3, Activation.IDENTITY, -0.5f).build(),
            1, 5, 16, 10_000);
        GradCheck.check(Network.builder(4).dense(6).tanh().gaussianHead(2, Activation.TANH, 0f).build(),
            1, 3, 17, 10_000);
    }

    @Test
    void deterministicPolicyHeadShouldMatchFiniteDifferences()
    {
        GradCheck.check(Network.builder(4).dense(6).tanh().deterministicHead(2).build(), 1, 3, 18, 10_000);
    }
}
