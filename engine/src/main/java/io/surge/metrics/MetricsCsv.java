package io.surge.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: a header row, then one row per report. Columns are fixed at creation;
 * every run has at least {@code wall_s, env_steps, episodes, return_mean_100}, learners add
 * {@code updates}, evaluators {@code eval_return_mean, eval_episodes}. Empty cells mean "no value
 * yet" (for example no episode finished).
 *
 * <p>Threading: used by the run's control thread only. Each row is flushed, so the file can be
 * read while the run goes on.
 */
public final class MetricsCsv implements AutoCloseable
{
    /** File name inside a run directory. */
    public static final String FILE_NAME = "metrics.csv";

    private final List<String> columns;
    private final BufferedWriter out;

    /**
     * Creates (or, for a resumed run, appends to) the file.
     *
     * @param file    the file.
     * @param columns the column names.
     * @param append  true to continue an existing file (its header is kept).
     * @throws IOException if it cannot be written.
     */
    public MetricsCsv(final Path file, final List<String> columns, final boolean append) throws IOException
    {
        this.columns = List.copyOf(columns);
        final boolean writeHeader = !append || !Files.exists(file) || Files.size(file) == 0;
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
        if (writeHeader)
        {
            out.write(String.join(",", columns));
            out.write('\n');
            out.flush();
        }
    }

    /**
     * The columns.
     *
     * @return the names.
     */
    public List<String> columns()
    {
        return columns;
    }

    /**
     * Writes a row. NaN is written as an empty cell; integral values without a decimal point.
     *
     * @param values one per column.
     * @throws IOException if it cannot be written.
     */
    public void row(final double[] values) throws IOException
    {
        if (values.length != columns.size())
        {
            throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
        }
        final StringBuilder sb = new StringBuilder(16 * values.length);
        for (int i = 0; i < values.length; i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            sb.append(format(values[i]));
        }
        sb.append('\n');
        out.write(sb.toString());
        out.flush();
    }

    /**
     * Formats one cell as written.
     *
     * @param v the value.
     * @return the text.
     */
    public static String format(final double v)
    {
        if (Double.isNaN(v))
        {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15)
        {
            return Long.toString((long)v);
        }
        return String.format(Locale.ROOT, "%.6g", v).trim();
    }

    @Override
    public void close() throws IOException
    {
        out.close();
    }
}
