package io.surge.metrics;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * Finished-episode reports from actors to the run's control loop, through an Agrona
 * {@link ManyToOneRingBuffer} (many actor threads write, the control thread reads).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         Actor index                           |  0
 *  +---------------------------------------------------------------+
 *  |                     Episode length (steps)                    |  4
 *  +---------------------------------------------------------------+
 *  |                     Episode return (double)                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Threading: {@link #offer} from any thread, allocation-free; {@link #drain} from one thread.
 * A full buffer drops the report and {@link #offer} returns false (the caller counts it).
 */
public final class EpisodeReports
{
    /** Message type id of an episode report. */
    public static final int MSG_EPISODE = 1;
    /** Offset of the actor index. */
    public static final int ACTOR_OFFSET = 0;
    /** Offset of the length. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the return. */
    public static final int RETURN_OFFSET = 8;
    /** Length of a report. */
    public static final int REPORT_LENGTH = 16;

    /** Receives drained reports. */
    @FunctionalInterface
    public interface Consumer
    {
        /**
         * One finished episode.
         *
         * @param actor         the actor's index.
         * @param length        steps in the episode.
         * @param episodeReturn the undiscounted return.
         */
        void onEpisode(int actor, int length, double episodeReturn);
    }

    private final ManyToOneRingBuffer ring;

    /** A buffer of 256 KiB (about 10,000 reports). */
    public EpisodeReports()
    {
        this(1 << 18);
    }

    /**
     * A buffer of the given capacity.
     *
     * @param capacityBytes a power of two.
     */
    public EpisodeReports(final int capacityBytes)
    {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * Reports a finished episode.
     *
     * @param actor         the actor's index.
     * @param length        steps in the episode.
     * @param episodeReturn the undiscounted return.
     * @return false if the buffer was full and the report was dropped.
     */
    public boolean offer(final int actor, final int length, final double episodeReturn)
    {
        final int index = ring.tryClaim(MSG_EPISODE, REPORT_LENGTH);
        if (index <= 0)
        {
            return false;
        }
        final var buffer = ring.buffer();
        buffer.putInt(index + ACTOR_OFFSET, actor);
        buffer.putInt(index + LENGTH_OFFSET, length);
        buffer.putDouble(index + RETURN_OFFSET, episodeReturn);
        ring.commit(index);
        return true;
    }

    /**
     * Delivers every pending report.
     *
     * @param consumer receives them.
     * @return how many were delivered.
     */
    public int drain(final Consumer consumer)
    {
        return ring.read((type, buffer, index, length) ->
        {
            if (type == MSG_EPISODE && length == REPORT_LENGTH)
            {
                consumer.onEpisode(buffer.getInt(index + ACTOR_OFFSET), buffer.getInt(index + LENGTH_OFFSET),
                    buffer.getDouble(index + RETURN_OFFSET));
            }
        });
    }
}
