package io.surge.config;

/**
 * Where a configuration value came from: a line of the file, a {@code --set} override, or the
 * key's default.
 *
 * @param kind what set it.
 * @param file the properties file (for {@link Kind#FILE}), else null.
 * @param line 1-based line number in the file, else 0.
 */
public record Origin(Kind kind, String file, int line)
{
    /** What set a value. */
    public enum Kind
    {
        /** A line of the properties file. */
        FILE,
        /** A {@code --set key=value} on the command line. */
        OVERRIDE,
        /** The key's declared default. */
        DEFAULT,
        /** Derived at start (for example the run name from the file name). */
        DERIVED
    }

    /**
     * Words for messages and the resolved file: {@code run.properties:12}, {@code --set}, {@code default}.
     *
     * @return the description.
     */
    public String describe()
    {
        return switch (kind)
        {
            case FILE -> file + ":" + line;
            case OVERRIDE -> "--set";
            case DEFAULT -> "default";
            case DERIVED -> "derived";
        };
    }
}
