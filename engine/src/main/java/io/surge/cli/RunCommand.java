package io.surge.cli;

import io.surge.agent.Run;
import io.surge.algo.Algorithms;
import io.surge.checkpoint.CheckpointStore;
import io.surge.config.ConfigException;
import io.surge.config.Key;
import io.surge.config.KeyCatalog;
import io.surge.config.RunConfig;
import io.surge.metrics.ProgressLine;
import io.surge.metrics.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code surge run FILE}: runs the configuration in a new run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
        "Run the algorithm a properties file describes.",
        "Makes a new run directory <run.root>/<name>-<time>/ with config.properties, metrics.csv,",
        "counters.dat, latency/, checkpoints/ and events.log.",
        "Exit status: 0 done, 1 the run failed, 2 bad configuration."})
final class RunCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE", description = "The run's .properties file.")
    private Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the file (repeatable).")
    private List<String> overrides = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "No progress line and no summary.")
    private boolean quiet;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
        description = "Continue the stopped run in RUN_DIR from its newest checkpoint (same configuration; only limits, "
            + "reporting, threading, idle, evaluation and checkpoint keys may change).")
    private Path resume;

    /** Keys that may differ between a run and its resumption. */
    static boolean mayChangeOnResume(final String key)
    {
        return key.startsWith("run.") || key.startsWith("report.") || key.startsWith("idle.") ||
            key.startsWith("checkpoint.") || key.startsWith("eval.") || key.equals("threading") || key.equals("name") ||
            key.equals("deterministic");
    }

    private String prepareResume(final RunConfig config, final Run run)
    {
        final RunDirectory directory;
        final Path checkpoint;
        try
        {
            directory = RunDirectory.open(resume);
            checkpoint = new CheckpointStore(directory.checkpointsDir(), Integer.MAX_VALUE).latest();
        }
        catch (final java.io.IOException ex)
        {
            return ex.getMessage();
        }
        if (checkpoint == null)
        {
            return resume + " has no complete checkpoint in " + directory.checkpointsDir();
        }
        final RunConfig previous;
        try
        {
            previous = RunConfig.load(directory.configFile(), List.of());
        }
        catch (final ConfigException ex)
        {
            return "the run's own configuration " + directory.configFile() + " is invalid: " + ex.getMessage();
        }
        final List<String> differences = new ArrayList<>();
        for (final Key<?> key : KeyCatalog.keys().values())
        {
            if (!mayChangeOnResume(key.name()) && !java.util.Objects.equals(previous.get(key), config.get(key)))
            {
                differences.add(key.name() + " was " + previous.get(key) + ", now " + config.get(key));
            }
        }
        if (!differences.isEmpty())
        {
            return "the configuration differs from the run's in keys that cannot change on resume: " +
                String.join("; ", differences);
        }
        run.resume(directory, checkpoint);
        if (!quiet)
        {
            System.out.println("resuming " + directory.path() + " from " + checkpoint.getFileName());
        }
        return null;
    }

    @Override
    public Integer call() throws Exception
    {
        final RunConfig config;
        try
        {
            config = RunConfig.load(file, overrides);
        }
        catch (final ConfigException ex)
        {
            System.err.println("surge: configuration error: " + ex.getMessage());
            return 2;
        }
        final Run run = new Run(config, Algorithms::create, ProgressLine.forStdout(quiet), quiet ? null : System.out);
        if (resume != null)
        {
            final String problem = prepareResume(config, run);
            if (problem != null)
            {
                System.err.println("surge: cannot resume: " + problem);
                return 2;
            }
        }
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            run.requestStop();
            try
            {
                finished.await();
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
        }, "surge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            final Run.Result result = run.execute();
            return result.failed() ? 1 : 0;
        }
        finally
        {
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // The JVM is already exiting through the hook.
            }
        }
    }
}
