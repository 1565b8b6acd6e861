package io.surge.replay;

/** Which replay a {@link ReplayConfig} is for; the memory a configuration needs depends on it. */
public enum ReplayKind
{
    /** {@link UniformReplay}: storage only. */
    UNIFORM,
    /** {@link PrioritizedReplay}: storage plus the priorities' sums and minima ({@link PriorityTrees}). */
    PRIORITIZED
}
