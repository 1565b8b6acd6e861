package io.surge.metrics;

/**
 * The engine's own counters, allocated in this order at the start of every run so that their
 * ids are their ordinals. Roles register further counters by label ({@link RunCounters#register}).
 * Labels are what {@code surge stat} prints.
 */
public enum EngineCounter
{
    /** Environment steps over all actors. */
    ENV_STEPS("env steps"),
    /** Episodes finished over all actors. */
    EPISODES("episodes"),
    /** Learner updates (gradient steps). */
    LEARNER_UPDATES("learner updates"),
    /** Transitions (or sequences) held by the replay. */
    REPLAY_SIZE("replay size"),
    /** Transitions (or sequences) ever inserted into the replay. */
    REPLAY_INSERTS("replay inserts"),
    /** Items sampled from the replay. */
    REPLAY_SAMPLED("replay sampled items"),
    /** Version of the newest published parameters. */
    PARAMETER_VERSION("parameter version"),
    /** Largest parameter-version lag an actor saw at its last sync. */
    PARAMETER_LAG("parameter lag seen by actors"),
    /** Times a producer found a ring full. */
    BACK_PRESSURE("back-pressure events"),
    /** Messages dropped by policy (full ring with ring.full=drop). */
    DROPPED_MESSAGES("dropped messages"),
    /** Messages rejected as malformed or foreign. */
    REJECTED_MESSAGES("rejected messages"),
    /** Errors reported to the error handler. */
    ERRORS("errors"),
    /** Actor restarts after an error. */
    ACTOR_RESTARTS("actor restarts"),
    /** Evaluation episodes run. */
    EVAL_EPISODES("evaluation episodes"),
    /** Checkpoints written. */
    CHECKPOINTS("checkpoints written");

    private final String label;

    EngineCounter(final String label)
    {
        this.label = label;
    }

    /**
     * The label shown by {@code surge stat}.
     *
     * @return the label.
     */
    public String label()
    {
        return label;
    }

    /**
     * The counter's id in the counters file.
     *
     * @return the id (its ordinal).
     */
    public int id()
    {
        return ordinal();
    }
}
