package io.surge.cli;

import io.surge.metrics.CounterSnapshot;
import io.surge.metrics.CountersFile;
import org.agrona.concurrent.errors.ErrorLogReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code surge stat RUN_DIR}: prints a run's live counters, with rates, from another process.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = {
        "Print a run's live counters and rates per second.",
        "Reads RUN_DIR/counters.dat while the run goes on (from another process) and says whether",
        "the run is still alive (heartbeat), has finished, or failed.",
        "Exit status: 0 read, 2 not a run directory."})
final class StatCommand implements Callable<Integer>
{

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    private Path runDir;

    @Option(names = "--watch", paramLabel = "MS", description = "Print again every MS milliseconds until the run ends.")
    private Long watchMs;

    @Option(names = "--errors", description = "Print the run's distinct errors instead of its counters.")
    private boolean errors;

    @Option(names = "--stale-after", paramLabel = "MS", defaultValue = "5000",
        description = "A heartbeat older than this means the run is no longer alive (default: ${DEFAULT-VALUE}).")
    private long staleAfterMs;

    @Override
    public Integer call() throws Exception
    {
        final Path file = Files.isDirectory(runDir) ? runDir.resolve(CountersFile.FILE_NAME) : runDir;
        if (!Files.exists(file))
        {
            System.err.println("surge stat: " + runDir + " is not a run directory (no " + CountersFile.FILE_NAME + ")");
            return 2;
        }
        if (staleAfterMs < 1)
        {
            System.err.println("surge stat: --stale-after must be at least 1 ms, got " + staleAfterMs);
            return 2;
        }
        if (watchMs != null && watchMs < 10)
        {
            System.err.println("surge stat: --watch must be at least 10 ms, got " + watchMs);
            return 2;
        }
        final CountersFile counters;
        try
        {
            counters = CountersFile.open(file);
        }
        catch (final IOException ex)
        {
            System.err.println("surge stat: " + ex.getMessage());
            return 2;
        }
        try
        {
            if (errors)
            {
                printErrors(counters, System.out);
                return 0;
            }
            final PrintStream out = System.out;
            CounterSnapshot previous = CounterSnapshot.take(counters);
            if (watchMs == null)
            {
                if (liveness(counters).startsWith("alive"))
                {
                    Thread.sleep(500);
                }
                final CounterSnapshot now = CounterSnapshot.take(counters);
                print(counters, previous, now, out);
                return 0;
            }
            while (true)
            {
                Thread.sleep(watchMs);
                final CounterSnapshot now = CounterSnapshot.take(counters);
                print(counters, previous, now, out);
                out.println();
                previous = now;
                if (!liveness(counters).startsWith("alive"))
                {
                    return 0;
                }
            }
        }
        finally
        {
            counters.close();
        }
    }

    /**
     * Words for the run's state: alive, finished, failed, or no longer alive (stale heartbeat).
     *
     * @param counters the mapped file.
     * @return the words.
     */
    String liveness(final CountersFile counters)
    {
        final long ageMs = System.currentTimeMillis() - counters.heartbeatTimeMs();
        return switch (counters.status())
        {
            case CountersFile.STATUS_FINISHED -> "finished";
            case CountersFile.STATUS_FAILED -> "failed (see surge stat --errors and events.log)";
            default -> ageMs > staleAfterMs ?
                String.format(Locale.ROOT, "no longer alive: last heartbeat %.1f s ago (pid %d)", ageMs / 1000.0, counters.pid()) :
                String.format(Locale.ROOT, "alive (pid %d, heartbeat %.1f s ago)", counters.pid(), ageMs / 1000.0);
        };
    }

    private void print(
        final CountersFile counters, final CounterSnapshot before, final CounterSnapshot now, final PrintStream out)
    {
        final double seconds = Math.max(1e-9, (now.timeNs() - before.timeNs()) / 1e9);
        out.printf(Locale.ROOT, "run id %d  started %s  %s%n",
            counters.runId(), Instant.ofEpochMilli(counters.startTimeMs()), liveness(counters));
        out.printf(Locale.ROOT, "%4s  %-40s %18s %14s%n", "id", "counter", "value", "rate/s");
        for (int i = 0; i < now.ids().length; i++)
        {
            final long previous = i < before.values().length && before.ids()[i] == now.ids()[i] ? before.values()[i] : now.values()[i];
            out.printf(Locale.ROOT, "%4d  %-40s %,18d %,14.1f%n",
                now.ids()[i], now.labels()[i], now.values()[i], (now.values()[i] - previous) / seconds);
        }
    }

    private static void printErrors(final CountersFile counters, final PrintStream out)
    {
        final int count = ErrorLogReader.read(counters.errorLogBuffer(),
            (observationCount, firstTimestamp, lastTimestamp, encodedException) ->
            {
                out.printf(Locale.ROOT, "%d observations from %s to %s:%n%s%n",
                    observationCount, Instant.ofEpochMilli(firstTimestamp), Instant.ofEpochMilli(lastTimestamp),
                    encodedException);
            });
        out.println(count + " distinct errors");
    }
}
