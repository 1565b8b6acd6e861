package io.surge.agent;

import java.util.Locale;

/**
 * How roles map onto threads: the one setting ({@code threading=}) decided in one place,
 * {@link RolePlacement}.
 */
public enum Threading
{
    /** Every role on the caller's thread, in a fixed order: deterministic. */
    INVOKER,
    /** Roles grouped onto as many threads as there are cores, each group a composite agent. */
    SHARED,
    /** One thread per role. */
    DEDICATED;

    /**
     * Parses the configuration word.
     *
     * @param word {@code invoker}, {@code shared} or {@code dedicated}.
     * @return the mode.
     */
    public static Threading fromWord(final String word)
    {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
