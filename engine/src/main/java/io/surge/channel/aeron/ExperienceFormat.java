package io.surge.channel.aeron;

import io.surge.experience.TrajectoryDescriptor;

/**
 * What an experience channel carries: n-step transitions or sequences ({@link MessageType#EXPERIENCE})
 * or IMPALA unrolls ({@link MessageType#TRAJECTORY}), each record of a fixed length, at most
 * {@code maxRecords} per message (the records of one {@link io.surge.channel.ExperienceSlot}).
 * Sender and receiver make it from the same configuration; a message that disagrees is rejected.
 *
 * @param type         {@link MessageType#EXPERIENCE} or {@link MessageType#TRAJECTORY}.
 * @param recordLength bytes per record (the descriptor's record length).
 * @param maxRecords   records per message at most (the experience slot's capacity).
 * @param unrollLength T of each unroll for trajectories (checked in every record), 0 for experience.
 * @param maxSource    source actor indices must be below this (exclusive).
 */
public record ExperienceFormat(int type, int recordLength, int maxRecords, int unrollLength, int maxSource)
{
    /**
     * Checks the fields.
     *
     * @param type         the type.
     * @param recordLength bytes per record.
     * @param maxRecords   records per message.
     * @param unrollLength T or 0.
     * @param maxSource    exclusive bound of source actor indices.
     */
    public ExperienceFormat
    {
        if (type != MessageType.EXPERIENCE && type != MessageType.TRAJECTORY)
        {
            throw new IllegalArgumentException("an experience channel carries experience or trajectories, not " +
                MessageType.name(type));
        }
        if (recordLength < 4 || maxRecords < 1 || maxSource < 1)
        {
            throw new IllegalArgumentException("recordLength must be >= 4, maxRecords and maxSource >= 1; got " +
                recordLength + ", " + maxRecords + ", " + maxSource);
        }
        if ((type == MessageType.TRAJECTORY) != (unrollLength > 0))
        {
            throw new IllegalArgumentException("unrollLength must be > 0 exactly for trajectories, got " + unrollLength);
        }
        if ((long)recordLength * maxRecords > Integer.MAX_VALUE - ExperienceMessage.RECORDS_OFFSET)
        {
            throw new IllegalArgumentException("messages of " + maxRecords + " records of " + recordLength +
                " bytes do not fit in an int");
        }
    }

    /**
     * Transitions or R2D2 sequences.
     *
     * @param recordLength bytes per record.
     * @param maxRecords   records per message at most.
     * @return the format.
     */
    public static ExperienceFormat transitions(final int recordLength, final int maxRecords)
    {
        return new ExperienceFormat(MessageType.EXPERIENCE, recordLength, maxRecords, 0, Integer.MAX_VALUE);
    }

    /**
     * IMPALA unrolls.
     *
     * @param descriptor the unroll layout.
     * @param maxRecords unrolls per message at most.
     * @return the format.
     */
    public static ExperienceFormat trajectories(final TrajectoryDescriptor descriptor, final int maxRecords)
    {
        return new ExperienceFormat(MessageType.TRAJECTORY, descriptor.recordLength(), maxRecords,
            descriptor.unrollLength(), Integer.MAX_VALUE);
    }

    /**
     * The same format with a bound on source actor indices.
     *
     * @param actors actors over all processes.
     * @return the format.
     */
    public ExperienceFormat withMaxSource(final int actors)
    {
        return new ExperienceFormat(type, recordLength, maxRecords, unrollLength, actors);
    }

    /**
     * The longest message of this format.
     *
     * @return bytes, header included.
     */
    public int maxMessageLength()
    {
        return ExperienceMessage.RECORDS_OFFSET + recordLength * maxRecords;
    }
}
