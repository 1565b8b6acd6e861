package io.surge.channel.aeron;

import io.surge.config.ConfigException;
import io.surge.config.RunConfig;
import io.surge.config.TransportKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * Which roles one process runs ({@code roles=}): all of them in one process (the default, no
 * transport), or a subset, the rest being in other processes reached over Aeron. Learner and
 * replay of the off-policy family run in one process (samples do not cross processes).
 *
 * @param bits   OR of {@link #ACTORS}, {@link #REPLAY}, {@link #LEARNER}, {@link #EVALUATOR}.
 * @param single true for {@code roles=all}: one process, no bridges.
 */
public record ProcessRoles(int bits, boolean single)
{
    /** Bit: actors. */
    public static final int ACTORS = 1;
    /** Bit: the replay. */
    public static final int REPLAY = 2;
    /** Bit: the learner. */
    public static final int LEARNER = 4;
    /** Bit: the evaluator. */
    public static final int EVALUATOR = 8;
    /** Every role bit. */
    public static final int ALL_BITS = ACTORS | REPLAY | LEARNER | EVALUATOR;

    /** Every role in this one process. */
    public static final ProcessRoles ALL = new ProcessRoles(ALL_BITS, true);

    /**
     * Checks the fields.
     *
     * @param bits   the role bits.
     * @param single one process.
     */
    public ProcessRoles
    {
        if (bits == 0 || (bits & ~ALL_BITS) != 0)
        {
            throw new IllegalArgumentException("role bits must be a non-empty subset of " + ALL_BITS + ", got " + bits);
        }
        if (single && bits != ALL_BITS)
        {
            throw new IllegalArgumentException("a single-process run has every role");
        }
    }

    /**
     * Parses the words of {@code roles=}.
     *
     * @param words {@code all}, or some of {@code actors, replay, learner, evaluator}.
     * @return the roles.
     * @throws IllegalArgumentException when {@code all} is combined with other words or a word is unknown.
     */
    public static ProcessRoles of(final List<String> words)
    {
        if (words.contains("all"))
        {
            if (words.size() != 1)
            {
                throw new IllegalArgumentException("'all' cannot be combined with other roles");
            }
            return ALL;
        }
        int bits = 0;
        for (final String word : words)
        {
            bits |= switch (word)
            {
                case "actors" -> ACTORS;
                case "replay" -> REPLAY;
                case "learner" -> LEARNER;
                case "evaluator" -> EVALUATOR;
                default -> throw new IllegalArgumentException("unknown role '" + word +
                    "'; allowed: all, actors, replay, learner, evaluator");
            };
        }
        return new ProcessRoles(bits, false);
    }

    /**
     * The roles of a configuration.
     *
     * @param config the configuration.
     * @return the roles.
     * @throws ConfigException naming the key when the value is not allowed.
     */
    public static ProcessRoles from(final RunConfig config)
    {
        try
        {
            return of(config.get(TransportKeys.ROLES));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(config.where(TransportKeys.ROLES) + ": key 'roles': " + ex.getMessage());
        }
    }

    /**
     * Checks that an off-policy run (replay between actors and learner) can be split this way:
     * replay and learner together.
     *
     * @return this.
     * @throws IllegalArgumentException when only one of replay and learner runs here.
     */
    public ProcessRoles requireReplayWithLearner()
    {
        if (replay() != learner())
        {
            throw new IllegalArgumentException("roles=" + this + ": the replay and the learner must run in the same " +
                "process (sample batches do not cross processes)");
        }
        return this;
    }

    /**
     * Whether actors run here.
     *
     * @return true if so.
     */
    public boolean actors()
    {
        return (bits & ACTORS) != 0;
    }

    /**
     * Whether the replay runs here.
     *
     * @return true if so.
     */
    public boolean replay()
    {
        return (bits & REPLAY) != 0;
    }

    /**
     * Whether the learner runs here.
     *
     * @return true if so.
     */
    public boolean learner()
    {
        return (bits & LEARNER) != 0;
    }

    /**
     * Whether the evaluator runs here.
     *
     * @return true if so.
     */
    public boolean evaluator()
    {
        return (bits & EVALUATOR) != 0;
    }

    @Override
    public String toString()
    {
        if (single)
        {
            return "all";
        }
        final List<String> words = new ArrayList<>();
        if (actors())
        {
            words.add("actors");
        }
        if (replay())
        {
            words.add("replay");
        }
        if (learner())
        {
            words.add("learner");
        }
        if (evaluator())
        {
            words.add("evaluator");
        }
        return String.join(",", words);
    }
}
