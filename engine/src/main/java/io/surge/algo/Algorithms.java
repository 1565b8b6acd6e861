package io.surge.algo;

import io.surge.agent.Algorithm;
import io.surge.agent.RunContext;
import io.surge.algo.dqn.DqnAlgorithm;
import io.surge.algo.impala.ImpalaAlgorithm;
import io.surge.algo.random.RandomAlgorithm;
import io.surge.config.CoreKeys;

/**
 * Makes the algorithm a configuration names ({@code algo=}): one line per algorithm.
 */
public final class Algorithms
{
    private Algorithms()
    {
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
