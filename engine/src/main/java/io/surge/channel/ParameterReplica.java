package io.surge.channel;

/**
 * A reader's own copy of a {@link ParameterStore}: the newest published parameters copied into a
 * private array when there is a newer version, and the version held. Every policy that acts with
 * the learner's parameters (actors, evaluators) keeps one.
 *
 * <p>Threading: one reader thread. Memory: one array of the store's length, allocated here;
 * {@link #sync()} allocates nothing.
 */
public final class ParameterReplica
{
    private final ParameterStore store;
    private final float[] values;
    private long version = -1;

    /**
     * A replica of a store, filled by a first {@link #sync()}.
     *
     * @param store where the learner publishes.
     */
    public ParameterReplica(final ParameterStore store)
    {
        this.store = store;
        this.values = new float[store.length()];
        sync();
    }

    /**
     * Copies the newest published parameters when they are newer than those held.
     *
     * @return the version held afterwards.
     */
    public long sync()
    {
        final long copied = store.copyIfNewer(values, version);
        if (copied >= 0)
        {
            version = copied;
        }
        return version;
    }

    /**
     * The version held.
     *
     * @return the version, -1 before anything was published.
     */
    public long version()
    {
        return version;
    }

    /**
     * The parameters held (read-only for callers; changed by {@link #sync()}).
     *
     * @return the array.
     */
    public float[] values()
    {
        return values;
    }
}
