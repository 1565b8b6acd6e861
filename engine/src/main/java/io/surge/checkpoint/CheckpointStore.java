package io.surge.checkpoint;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code checkpoints/} folder of a run: one sub-folder per checkpoint,
 * {@code update-<12-digit update count>/}, holding the files the algorithm writes (weights and
 * optimizer state, target network, optional replay snapshot) and {@code state.properties}
 * (counters, update count, parameter version, RNG states). A checkpoint is written into a
 * {@code .tmp} folder and renamed into place, and {@code state.properties} is written last, so a
 * crash never leaves a half-written checkpoint that looks complete; the newest complete ones are
 * kept ({@code checkpoint.keep}), older ones deleted.
 *
 * <p>Threading: one writer at a time (the learner during the run, the control thread after the
 * roles stopped).
 */
public final class CheckpointStore
{
    /** The file every complete checkpoint holds, written last. */
    public static final String STATE_FILE = "state.properties";
    private static final String PREFIX = "update-";

    private final Path dir;
    private final int keep;

    /**
     * A store over a folder.
     *
     * @param dir  the {@code checkpoints/} folder (made if missing).
     * @param keep newest checkpoints to keep, at least 1.
     */
    public CheckpointStore(final Path dir, final int keep)
    {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    /**
     * Starts a checkpoint: an empty temporary folder for its files.
     *
     * @param updates the learner's update count it holds.
     * @return the temporary folder.
     * @throws IOException if it cannot be made.
     */
    public Path begin(final long updates) throws IOException
    {
        Files.createDirectories(dir);
        final Path tmp = dir.resolve(name(updates) + ".tmp");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        return tmp;
    }

    /**
     * Completes a checkpoint: writes its state last, renames the folder into place and deletes
     * checkpoints beyond the newest {@code keep}.
     *
     * @param tmp     the folder from {@link #begin(long)}.
     * @param updates its update count.
     * @param state   the state to write to {@code state.properties}.
     * @return the checkpoint's folder.
     * @throws IOException if it cannot be written.
     */
    public Path commit(final Path tmp, final long updates, final Map<String, String> state) throws IOException
    {
        final Properties properties = new Properties();
        properties.putAll(new TreeMap<>(state));
        try (Writer out = Files.newBufferedWriter(tmp.resolve(STATE_FILE), StandardCharsets.UTF_8))
        {
            properties.store(out, "Surge checkpoint state");
        }
        final Path target = dir.resolve(name(updates));
        deleteRecursively(target);
        try
        {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(tmp, target);
        }
        prune();
        return target;
    }

    /**
     * The newest complete checkpoint, or null.
     *
     * @return its folder.
     * @throws IOException if the folder cannot be listed.
     */
    public Path latest() throws IOException
    {
        final List<Path> complete = complete();
        return complete.isEmpty() ? null : complete.get(complete.size() - 1);
    }

    /**
     * Reads a checkpoint's {@code state.properties}.
     *
     * @param checkpoint the checkpoint's folder.
     * @return the state.
     * @throws IOException if it is missing or unreadable.
     */
    public static Map<String, String> readState(final Path checkpoint) throws IOException
    {
        final Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(checkpoint.resolve(STATE_FILE), StandardCharsets.UTF_8))
        {
            properties.load(in);
        }
        final Map<String, String> state = new TreeMap<>();
        for (final String key : properties.stringPropertyNames())
        {
            state.put(key, properties.getProperty(key));
        }
        return state;
    }

    private List<Path> complete() throws IOException
    {
        final List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return found;
        }
        try (Stream<Path> list = Files.list(dir))
        {
            list.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d{12}"))
                .filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                .forEach(found::add);
        }
        return found;
    }

    private void prune() throws IOException
    {
        final List<Path> complete = complete();
        for (int i = 0; i < complete.size() - keep; i++)
        {
            deleteRecursively(complete.get(i));
        }
    }

    private static String name(final long updates)
    {
        return String.format("%s%012d", PREFIX, updates);
    }

    static void deleteRecursively(final Path path) throws IOException
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(path))
        {
            final List<Path> all = new ArrayList<>();
            walk.forEach(all::add);
            for (int i = all.size() - 1; i >= 0; i--)
            {
                Files.deleteIfExists(all.get(i));
            }
        }
    }
}
