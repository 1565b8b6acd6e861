package io.surge.replay;

/**
 * What a replay has done so far, as plain counters the runtime mirrors into the shared-memory
 * counters file. A live view: read it from the replay's owner thread.
 */
public interface ReplayStats
{
    /**
     * Records stored since construction.
     *
     * @return the count.
     */
    long inserts();

    /**
     * Records overwritten by newer ones (FIFO eviction).
     *
     * @return the count.
     */
    long evictions();

    /**
     * Rows sampled since construction.
     *
     * @return the count.
     */
    long sampled();

    /**
     * Priority updates applied.
     *
     * @return the count.
     */
    long priorityUpdates();

    /**
     * Priority updates ignored because the item was overwritten after it was sampled (or the id
     * was never issued).
     *
     * @return the count.
     */
    long staleUpdates();

    /**
     * Priority updates ignored because the |δ| was NaN or infinite (a learner's bug; the trees are
     * left untouched).
     *
     * @return the count.
     */
    long invalidPriorities();

    /**
     * Transitions that were never linked to their bootstrap observation: evicted first, or their
     * stream started a new episode (or sent an inconsistent k) before it arrived.
     *
     * @return the count.
     */
    long orphanedTransitions();

    /**
     * Records dropped because no stream slot was free (see {@link ReplayConfig#maxStreams()}).
     *
     * @return the count.
     */
    long rejectedRecords();

    /**
     * Batches refused whole because a record was invalid.
     *
     * @return the count.
     */
    long rejectedBatches();
}
