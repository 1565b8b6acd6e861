package io.surge.replay;

/**
 * A preallocated batch of sampled transitions whose arrays a learner reads directly. Row {@code i}
 * of a per-row array is element {@code i}; of an observation array, elements
 * {@code [i * observationSize, (i + 1) * observationSize)}.
 *
 * <p>The learner's TD target for row {@code i} is
 * {@code returns[i] + bootstrapDiscounts[i] * max_a Q(nextObservations[i], a)}: the discount is
 * {@code γ^k} to the bootstrap state, or 0 when the episode terminated (its next observation is then
 * all zeros). The learner sends {@code ids[i]} back with the new |δ| to update priorities.
 *
 * <p>Threading: filled by the replay's owner thread, then handed to a learner; not shared while
 * being filled. Memory: every array is allocated here, once.
 */
public final class SampleBatch
{
    private final int capacity;
    private final int observationSize;
    private final int actionSize;
    private int size;

    /** Observations s_t, {@code [capacity * observationSize]}. */
    public final float[] observations;
    /** Discrete actions a_t, {@code [capacity]} (length 0 for continuous actions). */
    public final int[] actions;
    /** Continuous actions a_t, {@code [capacity * actionSize]} (length 0 for discrete actions). */
    public final float[] continuousActions;
    /** n-step returns G_t. */
    public final float[] returns;
    /** Discount to the bootstrap state: γ^k, or 0 after a termination. */
    public final float[] bootstrapDiscounts;
    /** Bootstrap observations s_{t+k} (zeros where the discount is 0), {@code [capacity * observationSize]}. */
    public final float[] nextObservations;
    /** The sampled items' ids (the order of insertion), for priority updates. */
    public final long[] ids;
    /** Importance-sampling weights normalised by the largest possible weight (1 for uniform replay). */
    public final float[] weights;

    final double[] prefixes;
    final int[] slots;
    final double[] priorities;
    final int[] nextSlots;

    /**
     * A batch of at most {@code capacity} rows.
     *
     * @param capacity        the largest batch size.
     * @param observationSize floats per observation.
     * @param actionSize      0 for discrete actions, else floats per continuous action.
     */
    public SampleBatch(final int capacity, final int observationSize, final int actionSize)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("batch capacity must be >= 1, got " + capacity);
        }
        if (observationSize < 1 || actionSize < 0)
        {
            throw new IllegalArgumentException("observationSize must be >= 1 and actionSize >= 0, got " +
                observationSize + ", " + actionSize);
        }
        this.capacity = capacity;
        this.observationSize = observationSize;
        this.actionSize = actionSize;
        observations = new float[capacity * observationSize];
        nextObservations = new float[capacity * observationSize];
        actions = new int[actionSize == 0 ? capacity : 0];
        continuousActions = new float[capacity * actionSize];
        returns = new float[capacity];
        bootstrapDiscounts = new float[capacity];
        ids = new long[capacity];
        weights = new float[capacity];
        prefixes = new double[capacity];
        slots = new int[capacity];
        priorities = new double[capacity];
        nextSlots = new int[capacity];
    }

    /**
     * A batch shaped for a replay configuration.
     *
     * @param capacity the largest batch size.
     * @param config   the replay's configuration.
     * @return the batch.
     */
    public static SampleBatch forConfig(final int capacity, final ReplayConfig config)
    {
        return new SampleBatch(capacity, config.observationSize(), config.actionSize());
    }

    /**
     * The largest batch size.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Floats per observation.
     *
     * @return the observation size.
     */
    public int observationSize()
    {
        return observationSize;
    }

    /**
     * 0 for discrete actions, else floats per continuous action.
     *
     * @return the action size.
     */
    public int actionSize()
    {
        return actionSize;
    }

    /**
     * Rows filled by the last successful sample.
     *
     * @return the size.
     */
    public int size()
    {
        return size;
    }

    /**
     * Sets the number of valid rows; the replay calls it after filling them.
     *
     * @param size rows, in {@code [0, capacity]}.
     */
    public void size(final int size)
    {
        if (size < 0 || size > capacity)
        {
            throw new IllegalArgumentException("size " + size + " outside [0, " + capacity + "]");
        }
        this.size = size;
    }

    void checkRows(final int from, final int count)
    {
        if (from < 0 || count < 1 || from + count > capacity)
        {
            throw new IllegalArgumentException("rows [" + from + ", " + (from + count) + ") outside the batch's [0, " + capacity + ")");
        }
    }
}
