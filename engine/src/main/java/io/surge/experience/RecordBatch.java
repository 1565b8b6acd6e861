package io.surge.experience;

import org.agrona.MutableDirectBuffer;

/**
 * A run of fixed-length records written back to back into a buffer region, for example a ring
 * slot: an adder {@link #claim() claims} the next record and writes it; the actor publishes the
 * region with {@link #count()} records and {@link #reset() resets} the batch for the next slot.
 *
 * <p>Threading: one writer thread. Memory: allocates nothing.
 */
public final class RecordBatch
{
    private final int recordLength;
    private MutableDirectBuffer buffer;
    private int offset;
    private int capacity;
    private int count;

    /**
     * A batch of records of one length; {@link #wrap} it before use.
     *
     * @param recordLength bytes per record.
     */
    public RecordBatch(final int recordLength)
    {
        if (recordLength < 1)
        {
            throw new IllegalArgumentException("recordLength must be >= 1, got " + recordLength);
        }
        this.recordLength = recordLength;
    }

    /**
     * Points the batch at a region and empties it.
     *
     * @param buffer          the buffer.
     * @param offset          the region's first byte.
     * @param capacityRecords records the region holds.
     * @return this.
     */
    public RecordBatch wrap(final MutableDirectBuffer buffer, final int offset, final int capacityRecords)
    {
        if (offset < 0 || capacityRecords < 0 || (long)offset + (long)capacityRecords * recordLength > buffer.capacity())
        {
            throw new IllegalArgumentException("region of " + capacityRecords + " records at " + offset +
                " does not fit a buffer of " + buffer.capacity() + " bytes");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = capacityRecords;
        this.count = 0;
        return this;
    }

    /**
     * Claims the next record.
     *
     * @return the record's offset in {@link #buffer()}, or -1 when the batch is full.
     */
    public int claim()
    {
        if (count == capacity)
        {
            return -1;
        }
        return offset + recordLength * count++;
    }

    /**
     * Empties the batch (the region stays).
     */
    public void reset()
    {
        count = 0;
    }

    /**
     * Records written.
     *
     * @return the count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Records that still fit.
     *
     * @return capacity minus count.
     */
    public int remaining()
    {
        return capacity - count;
    }

    /**
     * Records the region holds.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Bytes per record.
     *
     * @return the record length.
     */
    public int recordLength()
    {
        return recordLength;
    }

    /**
     * The buffer.
     *
     * @return the buffer.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Offset of the first record.
     *
     * @return the offset.
     */
    public int offset()
    {
        return offset;
    }
}
