package io.surge.algo.dqn;

import io.surge.algo.Torso;
import io.surge.config.LearningKeys;
import io.surge.config.RunConfig;
import io.surge.env.Space;
import io.surge.nn.Network;


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
        final Network.Builder builder = Torso.forObservation(observation, config.get(LearningKeys.HIDDEN));
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
