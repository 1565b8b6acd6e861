package io.surge.algo.dqn;

import io.surge.config.LearningKeys;
import io.surge.config.RunConfig;
import io.surge.env.Space;
import io.surge.nn.Network;

import java.util.List;

/**
 * Makes the Q-network of a run from the environment's spaces and the {@code network.*} keys:
 * an MLP over flat observations ({@code network.hidden}), or the MinAtar conv torso
 * (Young and Tian 2019) over {@code [C, 10, 10]} observations; a plain or dueling Q head.
 */
public final class QNetworks
{
    /** Hidden units of the dueling streams. */
    static final int DUELING_HIDDEN = 0;

    private QNetworks()
    {
    }

    /**
     * The Q-network.
     *
     * @param config      the configuration.
     * @param observation the observation space.
     * @param actions     the number of actions.
     * @return the network.
     */
    public static Network build(final RunConfig config, final Space observation, final int actions)
    {
        final boolean dueling = config.get(LearningKeys.DUELING);
        final Network.Builder builder;
        if (observation instanceof Space.Box box && box.shape().length == 3)
        {
            final int[] shape = box.shape();
            // [C, H, W] observations (MinAtar): the conv torso reads channels-first input.
            builder = Network.builderChannelsFirst(shape[0], shape[1], shape[2]).conv2d(16, 3, 1, 0).relu().dense(128).relu();
        }
        else
        {
            builder = Network.builder(observation.flatSize());
            final List<Integer> hidden = config.get(LearningKeys.HIDDEN);
            for (final int units : hidden)
            {
                builder.dense(units).relu();
            }
        }
        if (dueling)
        {
            builder.duelingHead(actions, DUELING_HIDDEN);
        }
        else
        {
            builder.qHead(actions);
        }
        return builder.build();
    }
}
