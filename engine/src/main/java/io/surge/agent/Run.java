package io.surge.agent;

import io.surge.config.CoreKeys;
import io.surge.config.RunConfig;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EpisodeReports;
import io.surge.metrics.EventLog;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.MetricsCsv;
import io.surge.metrics.ProgressLine;
import io.surge.metrics.ReturnWindow;
import io.surge.metrics.RunCounters;
import io.surge.metrics.RunDirectory;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One run from start to summary, on the calling (control) thread: makes the run directory,
 * writes the resolved configuration, maps the counters, builds the algorithm, places its roles
 * on threads, then loops (heartbeat, episode reports, {@code metrics.csv} rows, the progress
 * line, stop conditions) until a limit is reached, the algorithm is done, a fatal error
 * happens or a stop is requested; then stops the roles and writes latencies and the summary.
 *
 * <p>Threading: {@link #execute()} on the control thread; {@link #requestStop()} from any thread
 * (for example a shutdown hook).
 */
public final class Run
{
    /** Engine columns of {@code metrics.csv}, before the algorithm's own. */
    public static final List<String> ENGINE_COLUMNS =
        List.of("wall_s", "env_steps", "fps", "episodes", "return_mean_100", "episode_length_mean_100");

    /**
     * What a finished run reports.
     *
     * @param directory  the run directory.
     * @param envSteps   environment steps taken.
     * @param episodes   episodes finished.
     * @param returnMean mean return of the last 100 episodes (NaN if none).
     * @param wallS      wall-clock seconds.
     * @param failed     true if a fatal error stopped it.
     * @param summary    the summary lines printed.
     */
    public record Result(
        RunDirectory directory, long envSteps, long episodes, double returnMean, double wallS, boolean failed,
        List<String> summary)
    {
    }

    private static void fill(
        final double[] row, final double elapsedS, final long steps, final double fps, final long episodes,
        final ReturnWindow returns, final ReturnWindow lengths)
    {
        row[0] = elapsedS;
        row[1] = steps;
        row[2] = fps;
        row[3] = episodes;
        row[4] = returns.mean();
        row[5] = lengths.mean();
    }

    private static void write(
        final MetricsCsv csv, final MetricsCsv timingCsv, final double[] row, final int[] logical,
        final double[] logicalRow, final int[] timing, final double[] timingRow, final long steps) throws IOException
    {
        for (int i = 0; i < logical.length; i++)
        {
            logicalRow[i] = row[logical[i]];
        }
        csv.row(logicalRow);
        if (timingCsv != null)
        {
            timingRow[0] = steps;
            for (int i = 0; i < timing.length; i++)
            {
                timingRow[i + 1] = row[timing[i]];
            }
            timingCsv.row(timingRow);
        }
    }

    /**
     * Whether a column depends on the wall clock (goes to timing.csv in deterministic mode).
     *
     * @param column the column's name.
     * @return true for wall_s, fps and rates per second.
     */
    static boolean isTimingColumn(final String column)
    {
        return column.equals("wall_s") || column.equals("fps") || column.endsWith("_per_s");
    }

    private static int[] indicesWhere(final List<String> columns, final boolean timing)
    {
        return java.util.stream.IntStream.range(0, columns.size())
            .filter(i -> isTimingColumn(columns.get(i)) == timing).toArray();
    }

    private static int[] allIndices(final int n)
    {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static List<String> pick(final List<String> columns, final int[] indices)
    {
        final List<String> picked = new ArrayList<>();
        for (final int i : indices)
        {
            picked.add(columns.get(i));
        }
        return picked;
    }

    private static List<String> timingColumns(final List<String> columns, final int[] indices)
    {
        final List<String> picked = new ArrayList<>();
        picked.add("env_steps");
        picked.addAll(pick(columns, indices));
        return picked;
    }

    private final RunConfig config;
    private final Function<RunContext, Algorithm> factory;
    private final ProgressLine progress;
    private final java.io.PrintStream out;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private RunDirectory resumeDirectory;
    private java.nio.file.Path resumeCheckpoint;

    /**
     * Continues a stopped run in its own directory from one of its checkpoints instead of
     * starting a new one: counters are restored from the checkpoint, {@code metrics.csv} and
     * {@code events.log} are appended to, and the previous {@code counters.dat} is kept as
     * {@code counters.dat.<n>}.
     *
     * @param directory  the run directory.
     * @param checkpoint the checkpoint folder to continue from.
     * @return this.
     */
    public Run resume(final RunDirectory directory, final java.nio.file.Path checkpoint)
    {
        this.resumeDirectory = directory;
        this.resumeCheckpoint = checkpoint;
        return this;
    }

    /**
     * Prepares a run.
     *
     * @param config   the validated configuration.
     * @param factory  makes the algorithm from the context.
     * @param progress the progress line.
     * @param out      where the summary goes (null for none).
     */
    public Run(
        final RunConfig config,
        final Function<RunContext, Algorithm> factory,
        final ProgressLine progress,
        final java.io.PrintStream out)
    {
        this.config = config;
        this.factory = factory;
        this.progress = progress;
        this.out = out;
    }

    /** Asks the run to stop at its next check (thread-safe). */
    public void requestStop()
    {
        stopRequested.set(true);
    }

    /**
     * Runs to the end.
     *
     * @return what happened.
     * @throws IOException if the run directory or its files cannot be written.
     */
    public Result execute() throws IOException
    {
        final long startNs = System.nanoTime();
        final RunDirectory dir;
        java.util.Map<String, String> restored = java.util.Map.of();
        if (resumeDirectory == null)
        {
            dir = RunDirectory.create(
                java.nio.file.Path.of(config.get(CoreKeys.RUN_ROOT)), config.get(CoreKeys.NAME), LocalDateTime.now());
        }
        else
        {
            dir = resumeDirectory;
            restored = io.surge.checkpoint.CheckpointStore.readState(resumeCheckpoint);
            int n = 1;
            while (java.nio.file.Files.exists(dir.path().resolve(io.surge.metrics.CountersFile.FILE_NAME + "." + n)))
            {
                n++;
            }
            java.nio.file.Files.move(dir.countersFile(), dir.path().resolve(io.surge.metrics.CountersFile.FILE_NAME + "." + n));
        }
        config.writeResolved(dir.configFile());
        final long runId = System.currentTimeMillis() ^ (ProcessHandle.current().pid() << 32) ^ System.nanoTime();

        try (RunCounters counters = RunCounters.create(dir.path(), runId);
            EventLog events = new EventLog(dir.eventsLog()))
        {
            for (final EngineCounter c : EngineCounter.values())
            {
                final String value = restored.get("counter." + c.name().toLowerCase(java.util.Locale.ROOT));
                if (value != null)
                {
                    counters.get(c).set(Long.parseLong(value));
                }
            }
            if (resumeCheckpoint != null)
            {
                events.event("resume", "from checkpoint " + resumeCheckpoint.getFileName());
            }
            events.event("start", "run " + dir.path().getFileName() + " algo=" + config.get(CoreKeys.ALGO) +
                " env=" + config.get(CoreKeys.ENV_ID) + " seed=" + config.get(CoreKeys.SEED) +
                " threading=" + config.get(CoreKeys.THREADING));
            final RunErrorHandler errorHandler = new RunErrorHandler(counters, events);
            final EpisodeReports episodes = new EpisodeReports();
            final RunContext context = new RunContext(config, dir, counters, events, episodes, errorHandler).out(out)
                .resumeFrom(resumeCheckpoint);

            final Algorithm algorithm = factory.apply(context);
            final boolean deterministic = config.get(CoreKeys.DETERMINISTIC);
            final List<String> columns = new ArrayList<>(ENGINE_COLUMNS);
            columns.addAll(algorithm.metricColumns());
            final double[] row = new double[columns.size()];
            // In deterministic mode the wall-clock columns go to timing.csv, so metrics.csv is
            // identical between two runs with one seed.
            final int[] logical = deterministic ? indicesWhere(columns, false) : allIndices(columns.size());
            final int[] timing = deterministic ? indicesWhere(columns, true) : new int[0];
            final double[] logicalRow = new double[logical.length];
            final double[] timingRow = new double[timing.length + 1];

            final Threading threading = deterministic ? Threading.INVOKER : Threading.fromWord(config.get(CoreKeys.THREADING));
            final ReturnWindow returns = new ReturnWindow(100);
            final ReturnWindow lengths = new ReturnWindow(100);
            // Episode counts come from the exact counter; reports (which may be dropped when the
            // control thread falls behind very fast environments, and are counted then) feed the means.
            final AtomicCounter episodeCounter = counters.get(EngineCounter.EPISODES);
            final EpisodeReports.Consumer onEpisode = (actor, length, episodeReturn) ->
            {
                returns.add(episodeReturn);
                lengths.add(length);
            };

            final AtomicCounter envSteps = counters.get(EngineCounter.ENV_STEPS);
            final AtomicCounter updates = counters.get(EngineCounter.LEARNER_UPDATES);
            final long maxEnvSteps = config.get(CoreKeys.MAX_ENV_STEPS);
            final double maxSeconds = config.get(CoreKeys.MAX_SECONDS);
            final long reportIntervalNs = config.get(CoreKeys.REPORT_INTERVAL_MS) * 1_000_000L;
            final long reportIntervalSteps = config.get(CoreKeys.REPORT_INTERVAL_STEPS);
            final boolean hasLearner = algorithm.metricColumns().contains("updates");
            final int evalColumn = columns.indexOf("eval_return_mean");

            boolean failed = false;
            String stopReason = null;
            final boolean append = resumeCheckpoint != null;
            try (MetricsCsv csv = new MetricsCsv(dir.metricsFile(), pick(columns, logical), append);
                MetricsCsv timingCsv = deterministic ?
                    new MetricsCsv(dir.path().resolve("timing.csv"), timingColumns(columns, timing), append) : null)
            {
                final RolePlacement placement = new RolePlacement(threading, algorithm.roles(), errorHandler, counters);
                long lastReportNs = startNs;
                long lastSteps = 0;
                try
                {
                    placement.start();
                    long nextReportNs = startNs + reportIntervalNs;
                    long nextReportSteps = reportIntervalSteps;
                    long lastProgressNs = startNs;
                    long lastProgressSteps = 0;
                    while (true)
                    {
                        if (threading == Threading.INVOKER)
                        {
                            for (int i = 0; i < 64; i++)
                            {
                                placement.invoke();
                            }
                        }
                        else
                        {
                            LockSupport.parkNanos(Math.min(50_000_000L, Math.max(1_000_000L, nextReportNs - System.nanoTime())));
                        }
                        episodes.drain(onEpisode);
                        final long nowNs = System.nanoTime();
                        final long steps = envSteps.get();
                        final double elapsedS = (nowNs - startNs) / 1e9;

                        if (errorHandler.fatal() != null)
                        {
                            stopReason = "fatal error in role " + errorHandler.fatalRole() + ": " + errorHandler.fatal();
                        }
                        else if (stopRequested.get())
                        {
                            stopReason = "stop requested";
                        }
                        else if (maxEnvSteps > 0 && steps >= maxEnvSteps)
                        {
                            stopReason = "reached run.max_env_steps=" + maxEnvSteps;
                        }
                        else if (!deterministic && maxSeconds > 0 && elapsedS >= maxSeconds)
                        {
                            stopReason = "reached run.max_seconds=" + maxSeconds;
                        }
                        else if (algorithm.done())
                        {
                            stopReason = "algorithm done";
                        }
                        if (stopReason != null)
                        {
                            break;
                        }
                        final boolean rowDue = deterministic ? steps >= nextReportSteps : nowNs >= nextReportNs;
                        if (rowDue)
                        {
                            counters.heartbeat();
                            fill(row, elapsedS, steps, (steps - lastSteps) / Math.max(1e-9, (nowNs - lastReportNs) / 1e9),
                                episodeCounter.get(), returns, lengths);
                            algorithm.metricValues(row, ENGINE_COLUMNS.size());
                            write(csv, timingCsv, row, logical, logicalRow, timing, timingRow, steps);
                            lastReportNs = nowNs;
                            lastSteps = steps;
                            nextReportNs = nowNs + reportIntervalNs;
                            while (nextReportSteps <= steps)
                            {
                                nextReportSteps += reportIntervalSteps;
                            }
                        }
                        if (nowNs - lastProgressNs >= reportIntervalNs || rowDue)
                        {
                            counters.heartbeat();
                            progress.update(elapsedS, steps,
                                (steps - lastProgressSteps) / Math.max(1e-9, (nowNs - lastProgressNs) / 1e9),
                                episodeCounter.get(), returns.mean(), hasLearner ? updates.get() : -1,
                                evalColumn < 0 ? Double.NaN : row[evalColumn]);
                            lastProgressNs = nowNs;
                            lastProgressSteps = steps;
                        }
                    }
                }
                finally
                {
                    placement.close();
                }
                failed = errorHandler.fatal() != null;
                try
                {
                    algorithm.finish(failed);
                }
                catch (final RuntimeException ex)
                {
                    errorHandler.onError("finish", ex, false);
                    failed = true;
                }
                episodes.drain(onEpisode);
                final long nowNs = System.nanoTime();
                final long steps = envSteps.get();
                fill(row, (nowNs - startNs) / 1e9, steps, (steps - lastSteps) / Math.max(1e-9, (nowNs - lastReportNs) / 1e9),
                    episodeCounter.get(), returns, lengths);
                algorithm.metricValues(row, ENGINE_COLUMNS.size());
                write(csv, timingCsv, row, logical, logicalRow, timing, timingRow, steps);
                // The final state always reaches the terminal, even for a run shorter than one interval.
                progress.update((nowNs - startNs) / 1e9, steps, row[2], episodeCounter.get(), returns.mean(),
                    hasLearner ? updates.get() : -1, evalColumn < 0 ? Double.NaN : row[evalColumn]);
            }
            finally
            {
                progress.finish();
                algorithm.close();
            }
            episodes.drain(onEpisode);

            for (final LatencyRecorder recorder : context.latencies())
            {
                recorder.writeHgrm(dir.latencyDir());
            }
            final double wallS = (System.nanoTime() - startNs) / 1e9;
            final long steps = envSteps.get();
            final List<String> summary = new ArrayList<>();
            summary.add(String.format(Locale.ROOT, "run %s: %s after %.1f s", dir.path(), stopReason, wallS));
            summary.add(String.format(Locale.ROOT, "  env steps %,d (%,.0f/s)  episodes %,d  return_mean_100 %s",
                steps, steps / Math.max(1e-9, wallS), episodeCounter.get(),
                Double.isNaN(returns.mean()) ? "-" : String.format(Locale.ROOT, "%.3f", returns.mean())));
            summary.addAll(algorithm.summary());
            events.event(failed ? "stop-failed" : "stop", stopReason);
            counters.finish(failed);
            if (out != null)
            {
                summary.forEach(out::println);
            }
            return new Result(dir, steps, episodeCounter.get(), returns.mean(), wallS, failed, summary);
        }
        catch (final UncheckedIOException ex)
        {
            throw ex.getCause();
        }
    }
}
