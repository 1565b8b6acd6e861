package io.surge.channel;

/**
 * One preallocated slot of the priority ring (learner to replay): replay ids and the new
 * absolute TD errors of one sampled batch.
 *
 * <p>Threading: written by the learner between claim and publish, read by the replay agent.
 */
public final class PrioritySlot
{
    /** Replay ids, from the sample batch. */
    public final long[] ids;
    /** New |δ| per id. */
    public final float[] tdErrors;
    /** Entries in use. */
    public int count;

    /**
     * Allocates a slot.
     *
     * @param capacity the largest batch.
     */
    public PrioritySlot(final int capacity)
    {
        ids = new long[capacity];
        tdErrors = new float[capacity];
    }
}
