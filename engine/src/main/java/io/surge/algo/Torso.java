package io.surge.algo;

import io.surge.env.Space;
import io.surge.nn.Network;

import java.util.List;

/**
 * The shared body of every algorithm's network, chosen by the observation space: for image
 * observations {@code [C, H, W]} (MinAtar) MinAtar's torso (16 3×3 filters, stride 1, no padding,
 * ReLU, then 128 ReLU units) reading channels-first input; for flat observations an MLP of the
 * given hidden ReLU layers. Each algorithm adds its head.
 */
public final class Torso
{
    private Torso()
    {
    }

    /**
     * A builder holding the torso for an observation space.
     *
     * @param observation the observation space.
     * @param hidden      hidden ReLU layer sizes of the MLP torso (ignored for image observations).
     * @return the builder, ready for a head.
     */
    public static Network.Builder forObservation(final Space observation, final List<Integer> hidden)
    {
        if (observation instanceof Space.Box box && box.shape().length == 3)
        {
            final int[] shape = box.shape();
            return Network.builderChannelsFirst(shape[0], shape[1], shape[2]).conv2d(16, 3, 1, 0).relu().dense(128).relu();
        }
        final Network.Builder builder = Network.builder(observation.flatSize());
        for (final int units : hidden)
        {
            builder.dense(units).relu();
        }
        return builder;
    }
}
