package io.surge.channel.aeron;

import io.aeron.Subscription;
import io.surge.channel.PrioritySlot;
import io.surge.channel.Ring;
import io.surge.metrics.RunCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * Replay side of priority updates when the learner runs in another process: checks each
 * {@link PrioritiesMessage} and publishes it into the local priority ring, which the replay agent
 * polls as in one process. A full ring leaves the message in Aeron's log until there is room.
 *
 * <p>Threading: an Agrona agent; the producer of its ring. Allocation-free.
 */
public final class PriorityAdapter implements Agent, Inbound.Body
{
    private final Ring<PrioritySlot> ring;
    private final int capacity;
    private final Inbound inbound;
    private final int fragmentLimit;

    PriorityAdapter(
        final Subscription subscription,
        final Ring<PrioritySlot> ring,
        final int capacity,
        final long runId,
        final Rejections rejections,
        final int maxSenders,
        final int fragmentLimit,
        final RunCounters counters)
    {
        this.ring = ring;
        this.capacity = capacity;
        this.fragmentLimit = fragmentLimit;
        this.inbound = new Inbound("priorities", subscription, new MessageValidator(runId,
            MessageType.bit(MessageType.PRIORITIES), PrioritiesMessage.length(capacity)), rejections, this, maxSenders,
            counters);
    }

    @Override
    public int doWork()
    {
        return inbound.poll(fragmentLimit);
    }

    @Override
    public RejectReason check(final DirectBuffer buffer, final int offset, final int length)
    {
        return PrioritiesMessage.check(buffer, offset, length, capacity);
    }

    @Override
    public boolean apply(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = ring.tryClaim();
        if (sequence < 0)
        {
            return false;
        }
        try
        {
            final PrioritySlot slot = ring.slot(sequence);
            if (slot.ids.length < capacity)
            {
                slot.count = 0;
                throw new IllegalStateException("priority ring " + ring.name() + " slots hold " + slot.ids.length +
                    " entries, fewer than the channel's " + capacity);
            }
            PrioritiesMessage.decode(buffer, offset, slot);
        }
        finally
        {
            ring.publish(sequence);
        }
        return true;
    }

    @Override
    public String roleName()
    {
        return "aeron-priorities-adapter";
    }
}
