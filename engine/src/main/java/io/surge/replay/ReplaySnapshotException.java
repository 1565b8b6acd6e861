package io.surge.replay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A replay snapshot cannot be read: truncated, corrupted (a checksum does not match), not a Surge
 * snapshot, or written by a replay of another kind or configuration. The message names the file
 * and what is wrong. Nothing is changed by a refused read.
 */
public final class ReplaySnapshotException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param file    the snapshot file.
     * @param problem what is wrong with it.
     */
    public ReplaySnapshotException(final Path file, final String problem)
    {
        super(file + ": " + problem);
    }

    /**
     * Makes the exception with a cause.
     *
     * @param file    the snapshot file.
     * @param problem what is wrong with it.
     * @param cause   the I/O error underneath.
     */
    public ReplaySnapshotException(final Path file, final String problem, final Throwable cause)
    {
        super(file + ": " + problem, cause);
    }
}
