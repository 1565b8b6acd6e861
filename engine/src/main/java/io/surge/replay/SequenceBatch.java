package io.surge.replay;

import io.surge.experience.SequenceDescriptor;

/**
 * A preallocated batch of R2D2 sequences whose arrays a learner reads directly. Row {@code i}
 * holds one sequence of {@code L} steps: observations {@code [i][0..L]} (L + 1 of them), actions,
 * rewards and discounts {@code [i][0..L-1]}, the number of valid steps (the rest is padding with
 * discount 0), and the recurrent state before step 0. The first {@code burnIn} steps are for
 * burn-in only.
 *
 * <p>Threading: filled by the replay's owner thread. Memory: allocated once.
 */
public final class SequenceBatch
{
    private final SequenceDescriptor layout;
    private final int capacity;
    private int size;

    /** Observations, {@code [capacity][L + 1][observationSize]} flattened. */
    public final float[] observations;
    /** Discrete actions, {@code [capacity][L]} (length 0 for continuous actions). */
    public final int[] actions;
    /** Continuous actions, {@code [capacity][L][actionSize]} (length 0 for discrete actions). */
    public final float[] continuousActions;
    /** Rewards, {@code [capacity][L]}. */
    public final float[] rewards;
    /** Discounts, {@code [capacity][L]}: γ, 0 at termination and on padding. */
    public final float[] discounts;
    /** Valid steps per row. */
    public final int[] validSteps;
    /** Flags per row ({@code SequenceDescriptor.FLAG_*}). */
    public final int[] flags;
    /** Recurrent state before step 0, {@code [capacity][stateSize]}. */
    public final float[] states;
    /** Ids for priority updates. */
    public final long[] ids;
    /** Importance weights normalised by the largest possible weight. */
    public final float[] weights;

    final double[] prefixes;
    final int[] slots;
    final double[] priorities;

    /**
     * A batch of at most {@code capacity} sequences of a layout.
     *
     * @param capacity the largest batch size.
     * @param layout   the sequence layout.
     */
    public SequenceBatch(final int capacity, final SequenceDescriptor layout)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("batch capacity must be >= 1, got " + capacity);
        }
        this.layout = layout;
        this.capacity = capacity;
        final int length = layout.length();
        observations = new float[capacity * (length + 1) * layout.observationSize()];
        actions = new int[layout.discrete() ? capacity * length : 0];
        continuousActions = new float[capacity * length * layout.actionSize()];
        rewards = new float[capacity * length];
        discounts = new float[capacity * length];
        validSteps = new int[capacity];
        flags = new int[capacity];
        states = new float[capacity * layout.stateSize()];
        ids = new long[capacity];
        weights = new float[capacity];
        prefixes = new double[capacity];
        slots = new int[capacity];
        priorities = new double[capacity];
    }

    /**
     * The layout.
     *
     * @return the descriptor.
     */
    public SequenceDescriptor layout()
    {
        return layout;
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
     * Rows filled by the last successful sample.
     *
     * @return the size.
     */
    public int size()
    {
        return size;
    }

    void size(final int value)
    {
        size = value;
    }
}
