package io.surge.metrics;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Latency of one stage (env step, inference, ring transit, sample, update, parameter
 * publication), in nanoseconds, in an HdrHistogram with 3 significant digits up to 60 s.
 *
 * <p>Threading: single writer. {@link #record(long)} is called only from the thread that owns
 * the stage and does not allocate; {@link #writeHgrm(Path)} is called after that thread has
 * stopped (or from it), never concurrently with {@link #record(long)}.
 */
public final class LatencyRecorder
{
    private static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;

    private final String stage;
    private final Histogram histogram = new Histogram(1, HIGHEST_TRACKABLE_NS, 3);

    /**
     * A recorder for one stage.
     *
     * @param stage the stage's name; the file written is {@code <stage>.hgrm}.
     */
    public LatencyRecorder(final String stage)
    {
        if (!stage.matches("[a-z0-9_\\-]+"))
        {
            throw new IllegalArgumentException("stage name must be lower-case letters, digits, '-' or '_': " + stage);
        }
        this.stage = stage;
    }

    /**
     * Records one latency; values past 60 s are clamped, values below 1 ns count as 1 ns.
     *
     * @param nanos the latency in ns.
     */
    public void record(final long nanos)
    {
        histogram.recordValue(Math.max(1, Math.min(nanos, HIGHEST_TRACKABLE_NS)));
    }

    /**
     * The stage's name.
     *
     * @return the name.
     */
    public String stage()
    {
        return stage;
    }

    /**
     * The histogram (read only after the writer stopped).
     *
     * @return the histogram.
     */
    public Histogram histogram()
    {
        return histogram;
    }

    /**
     * Writes the percentile distribution, in microseconds, to {@code <dir>/<stage>.hgrm}.
     *
     * @param dir the folder, usually {@code <run>/latency}.
     * @return the file written.
     * @throws IOException if it cannot be written.
     */
    public Path writeHgrm(final Path dir) throws IOException
    {
        final Path file = dir.resolve(stage + ".hgrm");
        try (OutputStream out = Files.newOutputStream(file);
            PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8))
        {
            ps.println("# stage: " + stage + ", values in microseconds, count " + histogram.getTotalCount());
            histogram.outputPercentileDistribution(ps, 1000.0);
        }
        return file;
    }
}
