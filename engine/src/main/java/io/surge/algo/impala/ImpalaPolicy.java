package io.surge.algo.impala;

import io.surge.agent.EvalPolicy;
import io.surge.channel.ParameterReplica;
import io.surge.channel.ParameterStore;
import io.surge.nn.Network;
import io.surge.nn.Policies;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;

/**
 * A copy of the policy/value network's parameters with its own inference workspace, refreshed
 * from the learner's {@link ParameterStore}: what an actor samples its behaviour policy μ from,
 * and, as an {@link EvalPolicy}, the evaluator's greedy policy (argmax of the logits).
 *
 * <p>Threading: one thread (the actor's or the evaluator's). Allocation-free after construction.
 */
public final class ImpalaPolicy implements EvalPolicy
{
    private final Network network;
    private final ParameterReplica replica;
    private final Workspace workspace;
    private final int actions;
    private final int rowLength;

    /**
     * Makes a policy holding the store's newest parameters.
     *
     * @param network  the policy/value network (rows {@code [logits | value]}).
     * @param store    where the learner publishes.
     * @param maxBatch the largest batch of observations.
     */
    public ImpalaPolicy(final Network network, final ParameterStore store, final int maxBatch)
    {
        this(network, store, maxBatch, Backends.cpu());
    }

    /**
     * Makes a policy computing on a given backend.
     *
     * @param network  the policy/value network (rows {@code [logits | value]}).
     * @param store    where the learner publishes.
     * @param maxBatch the largest batch of observations.
     * @param backend  the backend of its workspace, used by this policy's thread only.
     */
    public ImpalaPolicy(final Network network, final ParameterStore store, final int maxBatch, final Backend backend)
    {
        this.network = network;
        this.replica = new ParameterReplica(store);
        this.workspace = network.newWorkspace(maxBatch, 1, false, backend);
        this.rowLength = network.outputSize();
        this.actions = rowLength - 1;
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
     * Logits and values of a batch.
     *
     * @param observations rows of the observation size.
     * @param offset       index of the first row.
     * @param count        rows.
     * @return the workspace's output, {@code count} rows of {@code [logits (A) | value]} from index
     *         0, valid until the next call.
     */
    public float[] forward(final float[] observations, final int offset, final int count)
    {
        return network.forward(replica.values(), workspace, observations, offset, count);
    }

    /**
     * Number of actions A.
     *
     * @return A.
     */
    public int actions()
    {
        return actions;
    }

    /**
     * Floats per output row, A + 1.
     *
     * @return the row length.
     */
    public int rowLength()
    {
        return rowLength;
    }

    @Override
    public float[] parameters()
    {
        return replica.values();
    }

    @Override
    public void act(final float[] observations, final int count, final int[] out)
    {
        final float[] rows = forward(observations, 0, count);
        for (int i = 0; i < count; i++)
        {
            out[i] = Policies.argmax(rows, i * rowLength, actions);
        }
    }
}
