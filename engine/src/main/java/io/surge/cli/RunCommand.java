package io.surge.cli;

import io.surge.agent.Run;
import io.surge.algo.Algorithms;
import io.surge.config.ConfigException;
import io.surge.config.RunConfig;
import io.surge.metrics.ProgressLine;
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
