package io.surge.metrics;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;

/**
 * A run's live counters and distinct-error log in {@code counters.dat} (layout in
 * {@link CountersFile}).
 *
 * <p>Threading: {@link #get(EngineCounter)} returns {@link AtomicCounter}s that any thread may
 * increment (each counter should have one writer where possible: use {@code incrementRelease} /
 * {@code getAndAddRelease} from its single writer). {@link #register(String)} and
 * {@link #heartbeat()} are for the control thread; {@link #errorLog()} is thread-safe.
 */
public final class RunCounters implements AutoCloseable
{
    private final CountersFile file;
    private final CountersManager manager;
    private final EnumMap<EngineCounter, AtomicCounter> engine = new EnumMap<>(EngineCounter.class);
    private final DistinctErrorLog errorLog;
    private final EpochClock clock;

    private RunCounters(final CountersFile file, final EpochClock clock)
    {
        this.file = file;
        this.clock = clock;
        this.manager = new CountersManager(file.metadataBuffer(), file.valuesBuffer(), StandardCharsets.US_ASCII);
        for (final EngineCounter counter : EngineCounter.values())
        {
            final AtomicCounter c = manager.newCounter(counter.label());
            if (c.id() != counter.id())
            {
                throw new IllegalStateException("counter " + counter + " got id " + c.id());
            }
            engine.put(counter, c);
        }
        this.errorLog = new DistinctErrorLog(file.errorLogBuffer(), clock, StandardCharsets.UTF_8);
    }

    /**
     * Creates {@code counters.dat} in a run directory.
     *
     * @param runDir the run directory.
     * @param runId  the run's id.
     * @return the counters.
     * @throws IOException if the file cannot be made.
     */
    public static RunCounters create(final Path runDir, final long runId) throws IOException
    {
        final EpochClock clock = SystemEpochClock.INSTANCE;
        final CountersFile file = CountersFile.create(runDir.resolve(CountersFile.FILE_NAME),
            CountersFile.DEFAULT_MAX_COUNTERS, CountersFile.DEFAULT_ERROR_LOG_LENGTH, runId, clock.time());
        return new RunCounters(file, clock);
    }

    /**
     * One of the engine's counters.
     *
     * @param counter which.
     * @return the counter.
     */
    public AtomicCounter get(final EngineCounter counter)
    {
        return engine.get(counter);
    }

    /**
     * Allocates a further counter (control plane only).
     *
     * @param label what {@code surge stat} prints.
     * @return the counter.
     */
    public AtomicCounter register(final String label)
    {
        return manager.newCounter(label);
    }

    /**
     * The distinct-error log, mapped so it survives a crash.
     *
     * @return the log.
     */
    public DistinctErrorLog errorLog()
    {
        return errorLog;
    }

    /** Writes the heartbeat time; the control loop calls this at least once a second. */
    public void heartbeat()
    {
        file.heartbeat(clock.time());
    }

    /**
     * Marks the run finished or failed and writes a last heartbeat.
     *
     * @param failed true if the run stopped on an error.
     */
    public void finish(final boolean failed)
    {
        file.heartbeat(clock.time());
        file.status(failed ? CountersFile.STATUS_FAILED : CountersFile.STATUS_FINISHED);
    }

    /**
     * The mapped file.
     *
     * @return the file.
     */
    public CountersFile file()
    {
        return file;
    }

    @Override
    public void close()
    {
        file.close();
    }
}
