package io.surge.config;

import java.util.List;

/**
 * The configuration is invalid. The message lists every problem found, each naming where it
 * was (file and line, or the {@code --set} override), the key, the bad value and what is
 * allowed. The command line turns it into exit status 2 before anything starts.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /**
     * Makes the exception.
     *
     * @param problems one line per problem, at least one.
     */
    public ConfigException(final List<String> problems)
    {
        super(problems.size() == 1 ? problems.get(0) :
            problems.size() + " configuration errors:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Makes the exception for one problem.
     *
     * @param problem the problem.
     */
    public ConfigException(final String problem)
    {
        this(List.of(problem));
    }

    /**
     * The problems, one line each.
     *
     * @return the problems.
     */
    public List<String> problems()
    {
        return problems;
    }
}
