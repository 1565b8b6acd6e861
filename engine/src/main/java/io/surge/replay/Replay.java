package io.surge.replay;

import org.agrona.DirectBuffer;

/**
 * A replay of n-step transitions: insert batches of experience records, sample batches, update
 * priorities by id.
 *
 * <p>Threading: not thread-safe. A replay has exactly one owner thread (the replay agent); every
 * method must be called from it. Memory: storage is allocated at construction; insert, sample and
 * update allocate nothing.
 *
 * <p>Records are laid out as {@link io.surge.experience.TransitionDescriptor} says, back to back.
 */
public interface Replay
{
    /** {@link #insert} result: the batch failed validation and nothing was stored. */
    int INSERT_REJECTED = -1;

    /**
     * Stores {@code count} records laid out back to back from {@code offset}, evicting the oldest
     * when full. A batch with an invalid record (negative stream id, unknown flags, bootstrap steps
     * outside {@code [0, n]}, {@code k = 0} with a non-zero bootstrap discount, a final observation
     * with {@code k != 0}) is refused whole.
     *
     * @param buffer the batch, for example a ring slot.
     * @param offset offset of the first record.
     * @param count  records in the batch.
     * @return records stored (fewer than {@code count} when a stream could not be tracked, see
     *         {@link ReplayStats#rejectedRecords()}), or {@link #INSERT_REJECTED}.
     */
    int insert(DirectBuffer buffer, int offset, int count);

    /**
     * Fills rows {@code [from, from + count)} of a batch; does not change the batch's size.
     *
     * @param batch the batch.
     * @param from  first row.
     * @param count rows to fill.
     * @return {@code count}, or 0 when nothing can be sampled yet (no sampleable transition); the
     *         rows are then unspecified.
     */
    int sampleRows(SampleBatch batch, int from, int count);

    /**
     * Fills a whole batch of {@code count} rows and sets its size.
     *
     * @param batch the batch.
     * @param count the batch size.
     * @return true if sampled; false when nothing can be sampled yet (the caller does no work).
     */
    default boolean sample(final SampleBatch batch, final int count)
    {
        if (sampleRows(batch, 0, count) == count)
        {
            batch.size(count);
            return true;
        }
        batch.size(0);
        return false;
    }

    /**
     * Sets new priorities from absolute TD errors, by id. An id whose item was evicted since it was
     * sampled is ignored and counted ({@link ReplayStats#staleUpdates()}), as is a NaN or infinite
     * error ({@link ReplayStats#invalidPriorities()}). A uniform replay ignores every update.
     *
     * @param ids       ids from a {@link SampleBatch}.
     * @param tdErrors  |δ| per id (the sign is ignored).
     * @param count     how many.
     * @return updates applied.
     */
    int updatePriorities(long[] ids, float[] tdErrors, int count);

    /**
     * Records stored (transitions, sampleable or not, and final observations).
     *
     * @return the size, at most the capacity.
     */
    long size();

    /**
     * Transitions that can be sampled now.
     *
     * @return the count.
     */
    long sampleableCount();

    /**
     * Records the replay can hold.
     *
     * @return the capacity.
     */
    int capacity();

    /**
     * Counters of what happened so far.
     *
     * @return the statistics view (live, not a copy).
     */
    ReplayStats stats();
}
