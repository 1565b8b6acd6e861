package io.surge.channel.aeron;

import com.lmax.disruptor.EventPoller;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.Ring;
import io.surge.metrics.RunCounters;
import org.agrona.BufferUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Actor side of experience: takes the slots the local actors published to their experience ring
 * and offers each as one {@link ExperienceMessage} to the experience publication, the records sent
 * straight from the slot (header and records gathered by the offer, no copy).
 *
 * <p>Back-pressure: when the offer is refused (back-pressured, or no subscriber yet) the message is
 * copied aside and offered again at the next duty cycle before anything else; until it goes, the
 * local ring is not polled, so it fills and the actors see a full ring (they wait or drop by
 * {@code ring.full}, as in one process). Nothing blocks and nothing is lost here.
 *
 * <p>Threading: an Agrona agent; the consumer thread of its ring. Allocation-free.
 */
public final class ExperienceProxy implements Agent
{
    private final Ring<ExperienceSlot> ring;
    private final ExperienceFormat format;
    private final Outbound out;
    private final long runId;
    private final long sender;
    private final UnsafeBuffer header = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final UnsafeBuffer pending;
    private final EventPoller.Handler<ExperienceSlot> onSlot = this::onSlot;
    private final AtomicCounter recordsSent;
    private int pendingLength;
    private int pendingRecords;
    private int work;

    ExperienceProxy(
        final Ring<ExperienceSlot> ring, final ExperienceFormat format, final Outbound out, final long runId,
        final long sender, final RunCounters counters)
    {
        if (format.maxMessageLength() > out.maxMessageLength())
        {
            throw new IllegalArgumentException("experience messages of up to " + format.maxMessageLength() +
                " bytes exceed the publication's maximum of " + out.maxMessageLength() +
                " bytes: raise aeron.term_length (a message may be an eighth of it) or lower ring.experience.batch");
        }
        this.ring = ring;
        this.format = format;
        this.out = out;
        this.runId = runId;
        this.sender = sender;
        this.recordsSent = counters.register("aeron " + out.flow() + " records sent");
        this.pending = new UnsafeBuffer(BufferUtil.allocateDirectAligned((format.maxMessageLength() + 63) & -64, 64));
    }

    @Override
    public int doWork()
    {
        work = 0;
        if (pendingLength > 0)
        {
            if (out.offer(pending, 0, pendingLength) < 0)
            {
                return 0;
            }
            pendingLength = 0;
            recordsSent.getAndAddRelease(pendingRecords);
            work++;
        }
        ring.poll(onSlot);
        return work;
    }

    private boolean onSlot(final ExperienceSlot slot, final long sequence, final boolean endOfBatch)
    {
        final int count = slot.count;
        if (count == 0)
        {
            return true;
        }
        if (count > format.maxRecords() || slot.recordLength != format.recordLength())
        {
            throw new IllegalStateException("experience slot of " + count + " records of " + slot.recordLength +
                " bytes does not fit the channel's format " + format);
        }
        final int recordsLength = count * format.recordLength();
        final int headerLength = ExperienceMessage.writeHeader(header, 0, format, count, slot.source, runId, sender,
            out.sequence()) - recordsLength;
        work++;
        if (out.offer(header, 0, headerLength, slot.buffer, 0, recordsLength) > 0)
        {
            recordsSent.getAndAddRelease(count);
            return true;
        }
        pending.putBytes(0, header, 0, headerLength);
        pending.putBytes(headerLength, slot.buffer, 0, recordsLength);
        pendingLength = headerLength + recordsLength;
        pendingRecords = count;
        return false;
    }

    @Override
    public String roleName()
    {
        return "aeron-" + out.flow() + "-proxy";
    }
}
