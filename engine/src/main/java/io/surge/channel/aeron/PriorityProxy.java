package io.surge.channel.aeron;

import com.lmax.disruptor.EventPoller;
import io.surge.channel.PrioritySlot;
import io.surge.channel.Ring;
import org.agrona.BufferUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Learner side of priority updates when the replay runs in another process: encodes each slot of
 * the local priority ring as a {@link PrioritiesMessage} and offers it.
 *
 * <p>Back-pressure: a refused offer keeps the encoded message and offers it again at the next
 * duty cycle before polling the ring again (the learner then finds its priority ring full). Nothing
 * blocks and nothing is lost here.
 *
 * <p>Threading: an Agrona agent; the consumer thread of its ring. Allocation-free.
 */
public final class PriorityProxy implements Agent
{
    private final Ring<PrioritySlot> ring;
    private final Outbound out;
    private final long runId;
    private final long sender;
    private final int capacity;
    private final UnsafeBuffer buffer;
    private final EventPoller.Handler<PrioritySlot> onSlot = this::onSlot;
    private int pendingLength;
    private int work;

    PriorityProxy(final Ring<PrioritySlot> ring, final int capacity, final Outbound out, final long runId, final long sender)
    {
        if (PrioritiesMessage.length(capacity) > out.maxMessageLength())
        {
            throw new IllegalArgumentException("priority messages of up to " + PrioritiesMessage.length(capacity) +
                " bytes exceed the publication's maximum of " + out.maxMessageLength() + " bytes: raise aeron.term_length");
        }
        this.ring = ring;
        this.capacity = capacity;
        this.out = out;
        this.runId = runId;
        this.sender = sender;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned((PrioritiesMessage.length(capacity) + 63) & -64, 64));
    }

    @Override
    public int doWork()
    {
        work = 0;
        if (pendingLength > 0)
        {
            if (out.offer(buffer, 0, pendingLength) < 0)
            {
                return 0;
            }
            pendingLength = 0;
            work++;
        }
        ring.poll(onSlot);
        return work;
    }

    private boolean onSlot(final PrioritySlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.count == 0)
        {
            return true;
        }
        if (slot.count > capacity)
        {
            throw new IllegalStateException("priority slot of " + slot.count + " entries exceeds the channel's " + capacity);
        }
        final int length = PrioritiesMessage.encode(buffer, 0, slot, runId, sender, out.sequence());
        work++;
        if (out.offer(buffer, 0, length) > 0)
        {
            return true;
        }
        pendingLength = length;
        return false;
    }

    @Override
    public String roleName()
    {
        return "aeron-priorities-proxy";
    }
}
