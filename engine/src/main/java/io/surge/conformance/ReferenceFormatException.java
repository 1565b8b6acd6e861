package io.surge.conformance;

/**
 * A reference file does not have the expected form: a field is missing or has the wrong type.
 * The message names the JSON path and what was expected.
 */
public final class ReferenceFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message what is wrong, with the JSON path.
     */
    public ReferenceFormatException(final String message)
    {
        super(message);
    }
}
