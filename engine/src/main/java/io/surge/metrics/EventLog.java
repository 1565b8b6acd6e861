package io.surge.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code events.log}: one timestamped line per run event (start, checkpoint, error, restart,
 * stop), flushed at once so it survives a crash.
 *
 * <p>Threading: thread-safe (synchronized); events are rare and off the hot path.
 */
public final class EventLog implements AutoCloseable
{
    private final BufferedWriter out;

    /**
     * Opens the log for appending.
     *
     * @param file the file.
     * @throws IOException if it cannot be opened.
     */
    public EventLog(final Path file) throws IOException
    {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /**
     * Writes an event.
     *
     * @param kind    a short word: start, checkpoint, error, restart, stop, ...
     * @param message the details.
     */
    public synchronized void event(final String kind, final String message)
    {
        try
        {
            out.write(Instant.now().toString());
            out.write(' ');
            out.write(kind);
            out.write(' ');
            out.write(message.replace('\n', ' '));
            out.write('\n');
            out.flush();
        }
        catch (final IOException ex)
        {
            System.err.println("surge: cannot write events.log: " + ex.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException
    {
        out.close();
    }
}
