package io.surge.channel.aeron;

import io.surge.channel.ExperienceSlot;
import io.surge.channel.Ring;
import io.surge.metrics.RunCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Replay (or learner) side of experience: polls the experience subscription, checks every message
 * ({@link MessageValidator}, {@link ExperienceMessage#check}; rejections counted) and publishes the
 * records of each valid one into a slot of the local experience ring, whose consumer (the replay
 * agent, or the IMPALA learner's queue) is the same as in one process.
 *
 * <p>Back-pressure: a full ring leaves the message in Aeron's log (the poll is aborted at it and
 * retried next cycle); the senders are back-pressured in turn. Counted as waits.
 *
 * <p>Threading: an Agrona agent; a producer of its ring (multi-producer when local actors also
 * publish). Allocation-free in steady state.
 */
public final class ExperienceAdapter implements Agent, Inbound.Body
{
    private final Ring<ExperienceSlot> ring;
    private final ExperienceFormat format;
    private final Inbound inbound;
    private final int fragmentLimit;
    private final AtomicCounter records;

    ExperienceAdapter(
        final io.aeron.Subscription subscription,
        final Ring<ExperienceSlot> ring,
        final ExperienceFormat format,
        final long runId,
        final Rejections rejections,
        final int maxSenders,
        final int fragmentLimit,
        final RunCounters counters)
    {
        this.ring = ring;
        this.format = format;
        this.fragmentLimit = fragmentLimit;
        this.inbound = new Inbound(flowName(format), subscription,
            new MessageValidator(runId, MessageType.bit(format.type()), format.maxMessageLength()), rejections, this,
            maxSenders, counters);
        this.records = counters.register("aeron " + flowName(format) + " records received");
    }

    static String flowName(final ExperienceFormat format)
    {
        return format.type() == MessageType.TRAJECTORY ? "trajectories" : "experience";
    }

    @Override
    public int doWork()
    {
        return inbound.poll(fragmentLimit);
    }

    @Override
    public RejectReason check(final DirectBuffer buffer, final int offset, final int length)
    {
        return ExperienceMessage.check(buffer, offset, length, format);
    }

    @Override
    public boolean apply(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = ring.tryClaim();
        if (sequence < 0)
        {
            return false;
        }
        final int count = ExperienceMessage.count(buffer, offset);
        try
        {
            final ExperienceSlot slot = ring.slot(sequence);
            if (count > slot.capacityRecords || slot.recordLength != format.recordLength())
            {
                slot.count = 0;
                throw new IllegalStateException("experience ring " + ring.name() + " slots (" + slot.capacityRecords +
                    " records of " + slot.recordLength + " bytes) do not fit the channel's format " + format);
            }
            slot.buffer.putBytes(0, buffer, offset + ExperienceMessage.RECORDS_OFFSET, count * format.recordLength());
            slot.count = count;
            slot.source = ExperienceMessage.source(buffer, offset);
        }
        finally
        {
            ring.publish(sequence);
        }
        records.getAndAddRelease(count);
        return true;
    }

    /**
     * Messages received and accepted so far.
     *
     * @return the count.
     */
    public long received()
    {
        return inbound.received();
    }

    @Override
    public String roleName()
    {
        return "aeron-" + flowName(format) + "-adapter";
    }
}
