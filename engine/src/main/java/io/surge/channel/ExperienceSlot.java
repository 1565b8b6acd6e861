package io.surge.channel;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One preallocated slot of the experience ring: an off-heap buffer holding up to a fixed number
 * of experience records (transitions, sequences or unrolls, laid out by their descriptor back to
 * back from offset 0), how many it holds and which actor wrote them.
 *
 * <p>Threading: written by the producer between claim and publish, read by the consumer after
 * the poll delivered it; the ring's publish/poll orders the two.
 */
public final class ExperienceSlot
{
    /** The records, back to back from offset 0. */
    public final UnsafeBuffer buffer;
    /** Length of one record in bytes. */
    public final int recordLength;
    /** Records the slot can hold. */
    public final int capacityRecords;
    /** Records it holds now. */
    public int count;
    /** Index of the actor that wrote it. */
    public int source;
    /** {@link System#nanoTime()} when the producer published it (for the ring-transit latency). */
    public long publishedNs;

    /**
     * Allocates a slot.
     *
     * @param recordLength    bytes per record.
     * @param capacityRecords records per slot.
     */
    public ExperienceSlot(final int recordLength, final int capacityRecords)
    {
        this.recordLength = recordLength;
        this.capacityRecords = capacityRecords;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            align(Math.multiplyExact(recordLength, capacityRecords), 64), 64));
    }

    private static int align(final int value, final int alignment)
    {
        return (value + alignment - 1) & -alignment;
    }
}
