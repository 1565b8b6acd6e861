package io.surge.nn.io;

import java.io.IOException;

/**
 * A weights file that cannot be used: wrong magic or version, truncated, corrupt (checksum),
 * malformed header, or tensors that do not match the network or optimizer they are loaded into.
 * The message names the file and what was wrong.
 */
public final class CheckpointFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what was wrong.
     */
    public CheckpointFormatException(final String message)
    {
        super(message);
    }

    /**
     * An exception with a message and cause.
     *
     * @param message what was wrong.
     * @param cause   the underlying error.
     */
    public CheckpointFormatException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
