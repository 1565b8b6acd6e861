package io.surge.algo.dqn;

import io.surge.agent.EvalPolicy;
import io.surge.channel.ParameterReplica;
import io.surge.channel.ParameterStore;
import io.surge.nn.Network;
import io.surge.nn.Policies;
import io.surge.nn.Workspace;

/**
 * A copy of the Q-network's parameters with its own inference workspace, refreshed from the
 * learner's {@link ParameterStore}: what actors act with and the evaluator evaluates.
 *
 * <p>Threading: one thread (the actor's or the evaluator's). Allocation-free after construction.
 */
public final class QPolicy implements EvalPolicy
{
    private final Network network;
    private final ParameterReplica replica;
    private final Workspace workspace;
    private final int actions;

    /**
     * Makes a policy.
     *
     * @param network  the Q-network.
     * @param store    where the learner publishes.
     * @param maxBatch the largest batch of observations.
     */
    public QPolicy(final Network network, final ParameterStore store, final int maxBatch)
    {
        this.network = network;
        this.replica = new ParameterReplica(store);
        this.workspace = network.newWorkspace(maxBatch, false);
        this.actions = network.outputSize();
    }

    @Override
    public long sync()
    {
        return replica.sync();
    }

    /**
     * The version of the parameters held.
     *
     * @return the version.
     */
    public long version()
    {
        return replica.version();
    }

    /**
     * Q-values of a batch.
     *
     * @param observations rows from index 0.
     * @param count        rows.
     * @return the workspace's output: {@code count} rows of {@link #actions()} values, valid until
     *         the next call.
     */
    public float[] q(final float[] observations, final int count)
    {
        return network.forward(replica.values(), workspace, observations, 0, count);
    }

    /**
     * Number of actions.
     *
     * @return the count.
     */
    public int actions()
    {
        return actions;
    }

    @Override
    public void act(final float[] observations, final int count, final int[] out)
    {
        final float[] q = q(observations, count);
        for (int i = 0; i < count; i++)
        {
            out[i] = Policies.argmax(q, i * actions, actions);
        }
    }

    @Override
    public float[] parameters()
    {
        return replica.values();
    }
}
