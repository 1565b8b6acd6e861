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
 * kept ({@code checkpoint.keep}), older ones deleted. Beside the series, {@code best/} holds the
 * weights of the best evaluation so far ({@link #beginBest()}).
 *
 * <p>Threading: one writer at a time for the series (the learner during the run, the control
 * thread after the roles stopped), and one for {@code best/} (the evaluator; the control thread
 * after the roles stopped); the two touch different folders.
 */
public final class CheckpointStore
{
    /** The file every complete checkpoint holds, written last. */
    public static final String STATE_FILE = "state.properties";
    private static final String PREFIX = "update-";
    /** The folder of the best-evaluation checkpoint, beside the {@code update-*} series. */
    public static final String BEST = "best";

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
        writeState(tmp, state);
        final Path target = dir.resolve(name(updates));
        deleteRecursively(target);
        move(tmp, target);
        prune();
        return target;
    }

    private static void writeState(final Path folder, final Map<String, String> state) throws IOException
    {
        final Properties properties = new Properties();
        properties.putAll(new TreeMap<>(state));
        try (Writer out = Files.newBufferedWriter(folder.resolve(STATE_FILE), StandardCharsets.UTF_8))
        {
            properties.store(out, "Surge checkpoint state");
        }
    }

    private static void move(final Path from, final Path to) throws IOException
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(from, to);
        }
    }

    /**
     * Starts the best-evaluation checkpoint: an empty temporary folder for its files. The best
     * checkpoint lives in {@code checkpoints/best/}, apart from the {@code update-*} series (never
     * pruned, never taken for {@link #latest()}), and is written by the evaluator's thread while
     * the learner writes the series: the two never share a folder.
     *
     * @return the temporary folder.
     * @throws IOException if it cannot be made.
     */
    public Path beginBest() throws IOException
    {
        Files.createDirectories(dir);
        final Path tmp = dir.resolve(BEST + ".tmp");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        return tmp;
    }

    /**
     * Completes the best-evaluation checkpoint: writes its state last, then replaces the previous
     * one (moved aside to {@code best.old}, the new folder renamed into place, the old one deleted;
     * {@link #best()} falls back to {@code best.old} if a crash came between the two renames).
     *
     * @param tmp   the folder from {@link #beginBest()}.
     * @param state the state to write to {@code state.properties}.
     * @return the best checkpoint's folder.
     * @throws IOException if it cannot be written.
     */
    public Path commitBest(final Path tmp, final Map<String, String> state) throws IOException
    {
        writeState(tmp, state);
        final Path target = dir.resolve(BEST);
        final Path old = dir.resolve(BEST + ".old");
        deleteRecursively(old);
        if (Files.exists(target))
        {
            Files.move(target, old);
        }
        move(tmp, target);
        deleteRecursively(old);
        return target;
    }

    /**
     * The best-evaluation checkpoint, or null when no evaluation has been saved.
     *
     * @return its folder.
     */
    public Path best()
    {
        for (final String name : new String[] {BEST, BEST + ".old"})
        {
            final Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate.resolve(STATE_FILE)))
            {
                return candidate;
            }
        }
        return null;
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
