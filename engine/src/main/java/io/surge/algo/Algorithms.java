package io.surge.algo;

import io.surge.agent.Algorithm;
import io.surge.agent.RunContext;
import io.surge.algo.dqn.DqnAlgorithm;
import io.surge.algo.impala.ImpalaAlgorithm;
import io.surge.algo.random.RandomAlgorithm;
import io.surge.agent.EvalPolicy;
import io.surge.config.CoreKeys;
import io.surge.config.RunConfig;

/**
 * Makes the algorithm a configuration names ({@code algo=}): one line per algorithm.
 */
public final class Algorithms
{
    private Algorithms()
    {
    }

    /**
     * The greedy policy stored in a checkpoint of a run, for {@code surge eval}.
     *
     * @param config     the run's configuration.
     * @param checkpoint the checkpoint folder.
     * @param maxBatch   observations per forward pass.
     * @return the policy.
     * @throws java.io.IOException if the checkpoint cannot be read.
     */
    public static EvalPolicy loadPolicy(final RunConfig config, final java.nio.file.Path checkpoint, final int maxBatch)
        throws java.io.IOException
    {
        final String algo = config.get(CoreKeys.ALGO);
        return switch (algo)
        {
            case "dqn", "apex" -> DqnAlgorithm.loadPolicy(config, checkpoint, maxBatch);
            case "impala" -> ImpalaAlgorithm.loadPolicy(config, checkpoint, maxBatch);
            default -> throw new IllegalArgumentException("algo=" + algo + " has no policy to evaluate");
        };
    }

    /**
     * Builds the algorithm of a run.
     *
     * @param context the run.
     * @return the algorithm, its roles made but not started.
     */
    public static Algorithm create(final RunContext context)
    {
        final String algo = context.config().get(CoreKeys.ALGO);
        return switch (algo)
        {
            case "random" -> new RandomAlgorithm(context);
            case "dqn" -> new DqnAlgorithm(context, false);
            case "apex" -> new DqnAlgorithm(context, true);
            case "impala" -> new ImpalaAlgorithm(context);
            default -> throw new IllegalArgumentException("algorithm not built in: " + algo);
        };
    }
}
