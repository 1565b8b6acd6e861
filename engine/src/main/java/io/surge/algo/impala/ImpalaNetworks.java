package io.surge.algo.impala;

import io.surge.algo.Torso;
import io.surge.config.LearningKeys;
import io.surge.config.RunConfig;
import io.surge.env.Space;
import io.surge.nn.Network;

import java.util.List;

/**
 * Makes IMPALA's policy/value network from the environment's spaces: an MLP torso over flat
 * observations ({@code network.hidden}, ReLU), or the MinAtar torso of Young and Tian (2019) over
 * {@code [C, H, W]} observations (a 3×3 convolution with 16 filters, stride 1, ReLU, then a
 * 128-unit ReLU layer); then one linear layer giving each row {@code [logits (A) | value]}.
 */
public final class ImpalaNetworks
{
    private ImpalaNetworks()
    {
    }

    /**
     * The network.
     *
     * @param config      the configuration.
     * @param observation the observation space.
     * @param actions     the number of actions.
     * @return the network, output rows of {@code actions + 1}.
     */
    public static Network build(final RunConfig config, final Space observation, final int actions)
    {
        return build(observation, actions, config.get(LearningKeys.HIDDEN));
    }

    /**
     * The network, from explicit sizes.
     *
     * @param observation the observation space.
     * @param actions     the number of actions.
     * @param hidden      hidden ReLU layers of the MLP torso (ignored for image observations).
     * @return the network.
     */
    public static Network build(final Space observation, final int actions, final List<Integer> hidden)
    {
        return Torso.forObservation(observation, hidden).policyValueHead(actions).build();
    }
}
