package io.surge.cli;

import io.surge.agent.EvalPolicy;
import io.surge.agent.Evaluator;
import io.surge.algo.Algorithms;
import io.surge.algo.random.RandomAlgorithm;
import io.surge.checkpoint.CheckpointStore;
import io.surge.config.ConfigException;
import io.surge.config.RunConfig;
import io.surge.env.VectorEnv;
import io.surge.metrics.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code surge eval RUN_DIR}: greedy episodes with a run's newest checkpoint. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {
        "Evaluate a run's checkpoint with greedy episodes.",
        "Loads RUN_DIR/config.properties and the newest checkpoint (or --best, or --checkpoint), runs N episodes",
        "on fresh environments and prints the mean, standard deviation, min and max return.",
        "Exit status: 0 done, 2 not a run directory or no checkpoint."})
final class EvalCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    private Path runDir;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "100", description = "Episodes (default: ${DEFAULT-VALUE}).")
    private int episodes;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "12345", description = "Seed of the evaluation environments (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "A checkpoint folder instead of the newest one.")
    private Path checkpoint;

    @Option(names = "--best", description = "The weights of the run's best evaluation (checkpoints/best) instead of the newest checkpoint.")
    private boolean best;

    @Override
    public Integer call()
    {
        if (best && checkpoint != null)
        {
            System.err.println("surge eval: --best and --checkpoint name two different checkpoints; give one");
            return 2;
        }
        if (episodes < 1)
        {
            System.err.println("surge eval: --episodes must be at least 1, got " + episodes);
            return 2;
        }
        final RunDirectory directory;
        final RunConfig config;
        final Path chosen;
        try
        {
            directory = RunDirectory.open(runDir);
            config = RunConfig.load(directory.configFile(), List.of());
            final CheckpointStore store = new CheckpointStore(directory.checkpointsDir(), Integer.MAX_VALUE);
            chosen = checkpoint != null ? checkpoint : best ? store.best() : store.latest();
        }
        catch (final IOException ex)
        {
            System.err.println("surge eval: " + ex.getMessage());
            return 2;
        }
        catch (final ConfigException ex)
        {
            System.err.println("surge eval: the run's configuration is invalid: " + ex.getMessage());
            return 2;
        }
        if (chosen == null || !Files.isRegularFile(chosen.resolve(CheckpointStore.STATE_FILE)))
        {
            System.err.println("surge eval: no complete " + (best ? "best-evaluation " : "") + "checkpoint in " +
                (chosen == null ? directory.checkpointsDir() : chosen) + (best ? " (it is written when an evaluation " +
                "sets a new best, with checkpoint.best=true)" : ""));
            return 2;
        }
        int envs = 1;
        for (int d = Math.min(episodes, 32); d >= 1; d--)
        {
            if (episodes % d == 0)
            {
                envs = d;
                break;
            }
        }
        final EvalPolicy policy;
        try
        {
            policy = Algorithms.loadPolicy(config, chosen, envs);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            System.err.println("surge eval: " + ex.getMessage());
            return 2;
        }
        final long start = System.nanoTime();
        final Evaluator evaluator = new Evaluator(new VectorEnv(envs, RandomAlgorithm.envFactory(config)), policy, episodes, 0,
            () -> 0L, seed, 1 << 20, null);
        final double mean = evaluator.evaluateNow();
        evaluator.onClose();
        System.out.printf(Locale.ROOT, "checkpoint %s%n", chosen);
        System.out.printf(Locale.ROOT, "%d greedy episodes on %s (seed %d): mean %.2f  std %.2f  min %.1f  in %.1f s%n",
            episodes, config.get(io.surge.config.CoreKeys.ENV_ID), seed, mean, evaluator.lastStd(), evaluator.lastMin(),
            (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
