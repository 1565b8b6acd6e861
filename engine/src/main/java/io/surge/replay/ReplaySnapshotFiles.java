package io.surge.replay;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The snapshots of one replay in a directory, named {@code <prefix>-<number>.snap} with increasing
 * numbers. A new snapshot gets the next number, so it never overwrites an older one; after it is
 * complete, {@link #prune()} deletes all but the newest {@code keep}. {@link #restoreLatest} tries
 * the newest first and falls back to older ones when a file is refused, so a truncated or corrupted
 * snapshot never loses the previous one.
 *
 * <p>Threading: control plane; not thread-safe.
 */
public final class ReplaySnapshotFiles
{
    /**
     * Reads one snapshot file into a replay.
     *
     * @param <R> the replay type.
     */
    @FunctionalInterface
    public interface Restorer<R>
    {
        /**
         * Restores a replay from a file.
         *
         * @param file the snapshot.
         * @return the replay.
         * @throws ReplaySnapshotException if the file is refused.
         */
        R restore(Path file) throws ReplaySnapshotException;
    }

    private static final String SUFFIX = ".snap";

    private final Path directory;
    private final String prefix;
    private final int keep;

    /**
     * Snapshots under a directory.
     *
     * @param directory the directory (created if missing when {@link #next()} is called).
     * @param prefix    file name prefix, for example {@code replay}.
     * @param keep      complete snapshots kept by {@link #prune()}, at least 2 so that a bad newest
     *                  one leaves a good previous one.
     */
    public ReplaySnapshotFiles(final Path directory, final String prefix, final int keep)
    {
        if (keep < 2)
        {
            throw new IllegalArgumentException("keep at least 2 snapshots (the newest and the previous), got " + keep);
        }
        if (prefix.isEmpty() || prefix.contains("/") || prefix.contains(java.io.File.separator))
        {
            throw new IllegalArgumentException("prefix must be a plain file name part, got \"" + prefix + "\"");
        }
        this.directory = directory;
        this.prefix = prefix;
        this.keep = keep;
    }

    /**
     * The path for the next snapshot: one number past the newest existing one.
     *
     * @return the path.
     * @throws IOException if the directory cannot be created or listed.
     */
    public Path next() throws IOException
    {
        Files.createDirectories(directory);
        final List<Path> existing = newestFirst();
        final long number = existing.isEmpty() ? 1 : number(existing.get(0)) + 1;
        return directory.resolve(String.format(Locale.ROOT, "%s-%09d%s", prefix, number, SUFFIX));
    }

    /**
     * Complete snapshots, newest first.
     *
     * @return the paths.
     * @throws IOException if the directory cannot be listed.
     */
    public List<Path> newestFirst() throws IOException
    {
        final List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return found;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, prefix + "-*" + SUFFIX))
        {
            for (final Path path : stream)
            {
                if (number(path) >= 0)
                {
                    found.add(path);
                }
            }
        }
        found.sort(Comparator.comparingLong(ReplaySnapshotFiles::numberOrZero).reversed());
        return found;
    }

    /**
     * Deletes all but the newest {@code keep} snapshots.
     *
     * @return how many were deleted.
     * @throws IOException if one cannot be deleted.
     */
    public int prune() throws IOException
    {
        final List<Path> all = newestFirst();
        int deleted = 0;
        for (int i = keep; i < all.size(); i++)
        {
            Files.deleteIfExists(all.get(i));
            deleted++;
        }
        return deleted;
    }

    /**
     * Restores from the newest snapshot that reads cleanly.
     *
     * @param restorer  reads one file, for example {@code f -> PrioritizedReplay.restore(config, f)}.
     * @param refusals  receives one line per refused file (its path and why).
     * @param <R>       the replay type.
     * @return the replay, or null when there is no snapshot that reads cleanly.
     * @throws IOException if the directory cannot be listed.
     */
    public <R> R restoreLatest(final Restorer<R> restorer, final List<String> refusals) throws IOException
    {
        for (final Path file : newestFirst())
        {
            try
            {
                return restorer.restore(file);
            }
            catch (final ReplaySnapshotException ex)
            {
                refusals.add(ex.getMessage());
            }
        }
        return null;
    }

    private long number(final Path path)
    {
        final String name = path.getFileName().toString();
        if (!name.startsWith(prefix + "-") || !name.endsWith(SUFFIX))
        {
            return -1;
        }
        final String digits = name.substring(prefix.length() + 1, name.length() - SUFFIX.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit))
        {
            return -1;
        }
        return Long.parseLong(digits);
    }

    private static long numberOrZero(final Path path)
    {
        final String name = path.getFileName().toString();
        final int dash = name.lastIndexOf('-');
        final int dot = name.lastIndexOf('.');
        try
        {
            return Long.parseLong(name.substring(dash + 1, dot));
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }
}
