package io.surge.agent;

import io.surge.config.RunConfig;
import io.surge.metrics.EpisodeReports;
import io.surge.metrics.EventLog;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.metrics.RunDirectory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an algorithm's builder gets to make its roles: the configuration, the run directory,
 * the counters, the event log, the episode-report channel, the error handler and the latency
 * recorders. Made once by {@link Run} before any role starts.
 *
 * <p>Threading: built and used on the control thread; the objects it hands out state their own rules.
 */
public final class RunContext
{
    private final RunConfig config;
    private final RunDirectory directory;
    private final RunCounters counters;
    private final EventLog events;
    private final EpisodeReports episodes;
    private final RunErrorHandler errorHandler;
    private final List<LatencyRecorder> latencies = new ArrayList<>();
    private java.io.PrintStream out;
    private java.nio.file.Path resumeCheckpoint;

    /**
     * Makes the context.
     *
     * @param config       the configuration.
     * @param directory    the run directory.
     * @param counters     the counters.
     * @param events       the event log.
     * @param episodes     the episode reports.
     * @param errorHandler the error handler.
     */
    public RunContext(
        final RunConfig config,
        final RunDirectory directory,
        final RunCounters counters,
        final EventLog events,
        final EpisodeReports episodes,
        final RunErrorHandler errorHandler)
    {
        this.config = config;
        this.directory = directory;
        this.counters = counters;
        this.events = events;
        this.episodes = episodes;
        this.errorHandler = errorHandler;
    }

    /**
     * Where messages for the user go (the terminal), or null when quiet.
     *
     * @return the stream or null.
     */
    public java.io.PrintStream out()
    {
        return out;
    }

    /**
     * Sets where messages for the user go.
     *
     * @param out the stream, or null when quiet.
     * @return this.
     */
    public RunContext out(final java.io.PrintStream out)
    {
        this.out = out;
        return this;
    }

    /**
     * The checkpoint a resumed run continues from, or null for a new run.
     *
     * @return the checkpoint folder or null.
     */
    public java.nio.file.Path resumeCheckpoint()
    {
        return resumeCheckpoint;
    }

    /**
     * Sets the checkpoint a resumed run continues from.
     *
     * @param checkpoint the folder, or null.
     * @return this.
     */
    public RunContext resumeFrom(final java.nio.file.Path checkpoint)
    {
        this.resumeCheckpoint = checkpoint;
        return this;
    }

    /**
     * The configuration.
     *
     * @return the configuration.
     */
    public RunConfig config()
    {
        return config;
    }

    /**
     * The run directory.
     *
     * @return the directory.
     */
    public RunDirectory directory()
    {
        return directory;
    }

    /**
     * The counters.
     *
     * @return the counters.
     */
    public RunCounters counters()
    {
        return counters;
    }

    /**
     * The event log.
     *
     * @return the log.
     */
    public EventLog events()
    {
        return events;
    }

    /**
     * The channel on which actors report finished episodes.
     *
     * @return the channel.
     */
    public EpisodeReports episodes()
    {
        return episodes;
    }

    /**
     * The run's error handler.
     *
     * @return the handler.
     */
    public RunErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * Makes a latency recorder for a stage; its {@code .hgrm} is written at the end of the run.
     * Each recorder has one writer thread.
     *
     * @param stage the stage's name, unique in the run.
     * @return the recorder.
     */
    public LatencyRecorder latency(final String stage)
    {
        for (final LatencyRecorder r : latencies)
        {
            if (r.stage().equals(stage))
            {
                throw new IllegalArgumentException("latency stage registered twice: " + stage);
            }
        }
        final LatencyRecorder recorder = new LatencyRecorder(stage);
        latencies.add(recorder);
        return recorder;
    }

    /**
     * Every latency recorder made.
     *
     * @return an unmodifiable view.
     */
    public List<LatencyRecorder> latencies()
    {
        return Collections.unmodifiableList(latencies);
    }
}
