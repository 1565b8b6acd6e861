package io.surge.metrics;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folder of one run: {@code <run.root>/<name>-<yyyyMMdd-HHmmss>/} with
 * {@code config.properties}, {@code metrics.csv}, {@code counters.dat}, {@code latency/},
 * {@code checkpoints/} and {@code events.log}. Two runs started in the same second get
 * {@code -2}, {@code -3}, ... suffixes.
 *
 * @param path the folder.
 */
public record RunDirectory(Path path)
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * Makes a new run directory.
     *
     * @param root the runs folder (made if missing).
     * @param name the run's name.
     * @param now  the start time.
     * @return the directory.
     * @throws IOException if it cannot be made.
     */
    public static RunDirectory create(final Path root, final String name, final LocalDateTime now) throws IOException
    {
        if (!name.matches("[A-Za-z0-9._\\-]+"))
        {
            throw new IOException("run name '" + name + "' may only contain letters, digits, '.', '_' and '-'");
        }
        Files.createDirectories(root);
        final String base = name + "-" + STAMP.format(now);
        for (int attempt = 1; attempt < 1000; attempt++)
        {
            final Path dir = root.resolve(attempt == 1 ? base : base + "-" + attempt);
            try
            {
                Files.createDirectory(dir);
                Files.createDirectory(dir.resolve("latency"));
                Files.createDirectory(dir.resolve("checkpoints"));
                return new RunDirectory(dir);
            }
            catch (final FileAlreadyExistsException ex)
            {
                // Taken by a run started in the same second: try the next suffix.
            }
        }
        throw new IOException("could not make a run directory for " + base + " under " + root);
    }

    /**
     * Opens an existing run directory (for resume, stat and eval).
     *
     * @param dir the folder.
     * @return the directory.
     * @throws IOException if it is not a run directory.
     */
    public static RunDirectory open(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            throw new IOException(dir + ": no such run directory");
        }
        if (!Files.exists(dir.resolve(CountersFile.FILE_NAME)) && !Files.exists(dir.resolve("config.properties")))
        {
            throw new IOException(dir + " is not a Surge run directory (no counters.dat or config.properties)");
        }
        return new RunDirectory(dir);
    }

    /**
     * The resolved configuration file.
     *
     * @return the path.
     */
    public Path configFile()
    {
        return path.resolve("config.properties");
    }

    /**
     * The metrics file.
     *
     * @return the path.
     */
    public Path metricsFile()
    {
        return path.resolve(MetricsCsv.FILE_NAME);
    }

    /**
     * The counters file.
     *
     * @return the path.
     */
    public Path countersFile()
    {
        return path.resolve(CountersFile.FILE_NAME);
    }

    /**
     * The latency folder.
     *
     * @return the path.
     */
    public Path latencyDir()
    {
        return path.resolve("latency");
    }

    /**
     * The checkpoints folder.
     *
     * @return the path.
     */
    public Path checkpointsDir()
    {
        return path.resolve("checkpoints");
    }

    /**
     * The event log.
     *
     * @return the path.
     */
    public Path eventsLog()
    {
        return path.resolve("events.log");
    }
}
