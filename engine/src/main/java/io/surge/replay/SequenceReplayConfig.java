package io.surge.replay;

import io.surge.experience.SequenceDescriptor;

import java.util.Locale;

/**
 * Everything an R2D2 {@link SequenceReplay} is built from.
 *
 * @param layout            the sequence layout (sizes, burn-in, train length).
 * @param capacity          sequences kept, at most 2^26; FIFO eviction.
 * @param alpha             priority exponent α (R2D2: 0.9).
 * @param beta              importance-sampling exponent β (R2D2: 0.6, constant).
 * @param epsilon           ε added to the mixed priority.
 * @param eta               η of the priority mixture η max|δ| + (1-η) mean|δ| (R2D2: 0.9).
 * @param memoryBudgetBytes construction fails, before allocating, above it.
 * @param seed              seed of the sampling generator.
 */
public record SequenceReplayConfig(
    SequenceDescriptor layout,
    int capacity,
    double alpha,
    LinearSchedule beta,
    double epsilon,
    double eta,
    long memoryBudgetBytes,
    long seed)
{
    /**
     * Validates every field.
     *
     * @param layout            the layout.
     * @param capacity          in [1, 2^26].
     * @param alpha             {@code >= 0}.
     * @param beta              the schedule.
     * @param epsilon           {@code >= 0}.
     * @param eta               in [0, 1].
     * @param memoryBudgetBytes {@code >= 1}.
     * @param seed              any.
     */
    public SequenceReplayConfig
    {
        if (layout == null || beta == null)
        {
            throw new IllegalArgumentException("layout and beta must be given");
        }
        if (capacity < 1 || capacity > SumTree.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be in [1, 2^26], got " + capacity);
        }
        if (!(alpha >= 0.0) || Double.isInfinite(alpha) || !(epsilon >= 0.0) || Double.isInfinite(epsilon))
        {
            throw new IllegalArgumentException("alpha and epsilon must be finite and >= 0, got " + alpha + ", " + epsilon);
        }
        if (!(eta >= 0.0 && eta <= 1.0))
        {
            throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
        }
        if (memoryBudgetBytes < 1)
        {
            throw new IllegalArgumentException("memoryBudgetBytes must be >= 1, got " + memoryBudgetBytes);
        }
    }

    /**
     * R2D2's settings: α = 0.9, β = 0.6, η = 0.9, ε = 1e-6, no budget, seed 0.
     *
     * @param layout   the sequence layout.
     * @param capacity sequences kept.
     * @return the configuration.
     */
    public static SequenceReplayConfig r2d2(final SequenceDescriptor layout, final int capacity)
    {
        return new SequenceReplayConfig(layout, capacity, 0.9, LinearSchedule.constant(0.6), 1e-6, 0.9, Long.MAX_VALUE, 0L);
    }

    /**
     * A copy with another memory budget.
     *
     * @param value bytes.
     * @return the copy.
     */
    public SequenceReplayConfig withMemoryBudgetBytes(final long value)
    {
        return new SequenceReplayConfig(layout, capacity, alpha, beta, epsilon, eta, value, seed);
    }

    /**
     * A copy with another seed.
     *
     * @param value the seed.
     * @return the copy.
     */
    public SequenceReplayConfig withSeed(final long value)
    {
        return new SequenceReplayConfig(layout, capacity, alpha, beta, epsilon, eta, memoryBudgetBytes, value);
    }

    /**
     * Off-heap bytes: the sequence storage and the two trees.
     *
     * @return the bytes.
     */
    public long requiredBytes()
    {
        return (long)capacity * layout.recordLength() + PriorityTrees.bytesFor(ReplayConfig.treeCapacityFor(capacity)) +
            2L * ((capacity + 63) / 64) * 8;
    }

    /**
     * What the replay will allocate, for printing before start.
     *
     * @return the description.
     */
    public String describeMemory()
    {
        return String.format(Locale.ROOT, "sequence replay: %s total (budget %s)%n  storage %s = %d sequences x %d B " +
            "(L = %d + %d burn-in, state %d floats)%n  trees   %s%n",
            ReplayConfig.bytes(requiredBytes()), memoryBudgetBytes == Long.MAX_VALUE ? "none" : ReplayConfig.bytes(memoryBudgetBytes),
            ReplayConfig.bytes((long)capacity * layout.recordLength()), capacity, layout.recordLength(), layout.trainLength(),
            layout.burnIn(), layout.stateSize(), ReplayConfig.bytes(PriorityTrees.bytesFor(ReplayConfig.treeCapacityFor(capacity))));
    }
}
