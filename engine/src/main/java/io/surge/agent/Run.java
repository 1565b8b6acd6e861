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

    private final RunConfig config;
    private final Function<RunContext, Algorithm> factory;
    private final ProgressLine progress;
    private final java.io.PrintStream out;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

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
        final RunDirectory dir = RunDirectory.create(
            java.nio.file.Path.of(config.get(CoreKeys.RUN_ROOT)), config.get(CoreKeys.NAME), LocalDateTime.now());
        config.writeResolved(dir.configFile());
        final long runId = System.currentTimeMillis() ^ (ProcessHandle.current().pid() << 32) ^ System.nanoTime();

        try (RunCounters counters = RunCounters.create(dir.path(), runId);
            EventLog events = new EventLog(dir.eventsLog()))
        {
            events.event("start", "run " + dir.path().getFileName() + " algo=" + config.get(CoreKeys.ALGO) +
                " env=" + config.get(CoreKeys.ENV_ID) + " seed=" + config.get(CoreKeys.SEED) +
                " threading=" + config.get(CoreKeys.THREADING));
            final RunErrorHandler errorHandler = new RunErrorHandler(counters, events);
            final EpisodeReports episodes = new EpisodeReports();
            final RunContext context = new RunContext(config, dir, counters, events, episodes, errorHandler);

            final Algorithm algorithm = factory.apply(context);
            final List<String> columns = new ArrayList<>(ENGINE_COLUMNS);
            columns.addAll(algorithm.metricColumns());
            final double[] row = new double[columns.size()];

            final Threading threading = Threading.fromWord(config.get(CoreKeys.THREADING));
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
            final boolean hasLearner = algorithm.metricColumns().contains("updates");

            boolean failed = false;
            String stopReason = "limit";
            try (MetricsCsv csv = new MetricsCsv(dir.metricsFile(), columns, false);
                RolePlacement placement = new RolePlacement(threading, algorithm.roles(), errorHandler, counters))
            {
                placement.start();
                long nextReportNs = startNs + reportIntervalNs;
                long lastReportNs = startNs;
                long lastSteps = 0;
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
                        failed = true;
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
                    else if (maxSeconds > 0 && elapsedS >= maxSeconds)
                    {
                        stopReason = "reached run.max_seconds=" + maxSeconds;
                    }
                    else if (algorithm.done())
                    {
                        stopReason = "algorithm done";
                    }
                    else
                    {
                        stopReason = null;
                    }

                    if (nowNs >= nextReportNs || stopReason != null)
                    {
                        counters.heartbeat();
                        final double fps = (steps - lastSteps) / Math.max(1e-9, (nowNs - lastReportNs) / 1e9);
                        row[0] = elapsedS;
                        row[1] = steps;
                        row[2] = fps;
                        row[3] = episodeCounter.get();
                        row[4] = returns.mean();
                        row[5] = lengths.mean();
                        algorithm.metricValues(row, ENGINE_COLUMNS.size());
                        csv.row(row);
                        final int evalColumn = columns.indexOf("eval_return_mean");
                        progress.update(elapsedS, steps, fps, episodeCounter.get(), returns.mean(),
                            hasLearner ? updates.get() : -1, evalColumn < 0 ? Double.NaN : row[evalColumn]);
                        lastReportNs = nowNs;
                        lastSteps = steps;
                        nextReportNs = nowNs + reportIntervalNs;
                    }
                    if (stopReason != null)
                    {
                        break;
                    }
                }
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
