package io.surge.channel;

import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

/**
 * A bounded channel between roles in one JVM: an LMAX Disruptor {@link RingBuffer} of
 * preallocated slots with one {@link EventPoller} consumer, polled from the consumer agent's
 * {@code doWork()}. Producers claim a slot ({@link #tryClaim()}), fill it and publish it
 * ({@link #publish(long)}, in a {@code finally}); a full ring is a return code, never a block or
 * an unbounded queue, so the producer's agent decides (wait: retry later; drop: count and discard).
 *
 * <p>Threading: {@link #tryClaim()}, {@link #slot(long)} and {@link #publish(long)} from the
 * producer threads (one, or several for a multi-producer ring); {@link #poll} from exactly one
 * consumer thread. Memory order: publish is a release of the slot's contents; the poller's read
 * of the cursor is the matching acquire. Nothing allocates after construction.
 *
 * @param <T> the slot type, made once per slot by the factory.
 */
public final class Ring<T>
{
    private final String name;
    private final RingBuffer<T> ring;
    private final EventPoller<T> poller;

    /**
     * Makes a ring.
     *
     * @param name          for messages and counters.
     * @param factory       makes each preallocated slot.
     * @param capacity      number of slots, a power of two.
     * @param multiProducer true when several threads publish.
     */
    public Ring(final String name, final EventFactory<T> factory, final int capacity, final boolean multiProducer)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("ring " + name + ": capacity must be a power of two, got " + capacity);
        }
        this.name = name;
        this.ring = multiProducer ? RingBuffer.createMultiProducer(factory, capacity) :
            RingBuffer.createSingleProducer(factory, capacity);
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    /**
     * Claims the next slot if there is room.
     *
     * @return the slot's sequence, or -1 when the ring is full.
     */
    public long tryClaim()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException full)
        {
            // Disruptor throws a preallocated singleton here: no allocation.
            return -1;
        }
    }

    /**
     * The slot of a claimed (producer) or delivered (consumer) sequence.
     *
     * @param sequence the sequence.
     * @return the slot.
     */
    public T slot(final long sequence)
    {
        return ring.get(sequence);
    }

    /**
     * Publishes a claimed slot to the consumer. Call in a {@code finally} after claiming: an
     * unpublished claim stalls the ring.
     *
     * @param sequence the claimed sequence.
     */
    public void publish(final long sequence)
    {
        ring.publish(sequence);
    }

    /**
     * Delivers the available slots to the handler (consumer thread only).
     *
     * @param handler receives each slot; returning false stops the batch early.
     * @return true if at least one slot was available.
     */
    public boolean poll(final EventPoller.Handler<T> handler)
    {
        try
        {
            return poller.poll(handler) == EventPoller.PollState.PROCESSING;
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("ring " + name + ": handler failed", ex);
        }
    }

    /**
     * Slots published and not yet consumed (approximate when read off the consumer thread).
     *
     * @return the occupancy.
     */
    public long occupancy()
    {
        return ring.getCursor() - poller.getSequence().get();
    }

    /**
     * Number of slots.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return ring.getBufferSize();
    }

    /**
     * The ring's name.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }
}
