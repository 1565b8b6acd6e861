package io.surge.channel;

import io.surge.replay.SampleBatch;

/**
 * One preallocated slot of the sample ring (replay to learner): a whole sample batch whose
 * arrays the learner reads directly.
 *
 * <p>Threading: written by the replay agent between claim and publish, read by the learner.
 */
public final class SampleSlot
{
    /** The batch; its size is 0 when the replay could not fill it. */
    public final SampleBatch batch;
    /** {@link System#nanoTime()} when the replay published it (for the ring-transit latency). */
    public long publishedNs;

    /**
     * Wraps a preallocated batch.
     *
     * @param batch the batch.
     */
    public SampleSlot(final SampleBatch batch)
    {
        this.batch = batch;
    }
}
