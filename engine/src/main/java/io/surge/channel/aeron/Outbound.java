package io.surge.channel.aeron;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.RunCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One flow's publication as a proxy uses it: offers with every outcome counted and the sender's
 * sequence on the flow. Back-pressure ({@link Publication#BACK_PRESSURED},
 * {@link Publication#ADMIN_ACTION}) and {@link Publication#NOT_CONNECTED} are return codes the
 * proxy handles (it retries later; it never blocks); a closed publication or one past its maximum
 * position is fatal.
 *
 * <p>Counters ({@code aeron <flow> ...}): messages sent, bytes sent, back-pressured offers (also
 * added to {@link EngineCounter#BACK_PRESSURE}), offers while not connected.
 *
 * <p>Threading: one thread (the proxy's). Allocation-free.
 */
final class Outbound
{
    private final String flow;
    private final ExclusivePublication publication;
    private final AtomicCounter sent;
    private final AtomicCounter bytes;
    private final AtomicCounter backPressured;
    private final AtomicCounter engineBackPressure;
    private final AtomicCounter notConnected;
    private long sequence;

    Outbound(final String flow, final ExclusivePublication publication, final RunCounters counters)
    {
        this.flow = flow;
        this.publication = publication;
        this.sent = counters.register("aeron " + flow + " messages sent");
        this.bytes = counters.register("aeron " + flow + " bytes sent");
        this.backPressured = counters.register("aeron " + flow + " offers back-pressured");
        this.engineBackPressure = counters.get(EngineCounter.BACK_PRESSURE);
        this.notConnected = counters.register("aeron " + flow + " offers while not connected");
    }

    /**
     * The sequence the next message carries.
     *
     * @return the count of messages sent so far.
     */
    long sequence()
    {
        return sequence;
    }

    long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return outcome(publication.offer(buffer, offset, length), length);
    }

    long offer(
        final DirectBuffer first, final int firstOffset, final int firstLength,
        final DirectBuffer second, final int secondOffset, final int secondLength)
    {
        return outcome(publication.offer(first, firstOffset, firstLength, second, secondOffset, secondLength),
            firstLength + secondLength);
    }

    private long outcome(final long result, final int length)
    {
        if (result > 0)
        {
            sequence++;
            sent.incrementRelease();
            bytes.getAndAddRelease(length);
        }
        else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
        {
            backPressured.incrementRelease();
            engineBackPressure.increment();
        }
        else if (result == Publication.NOT_CONNECTED)
        {
            notConnected.incrementRelease();
        }
        else
        {
            throw new IllegalStateException("aeron " + flow + " publication on " + publication.channel() + " " +
                (result == Publication.CLOSED ? "is closed" : "reached its maximum position") + " (" + result + ")");
        }
        return result;
    }

    boolean isConnected()
    {
        return publication.isConnected();
    }

    int maxMessageLength()
    {
        return publication.maxMessageLength();
    }

    long messagesSent()
    {
        return sent.get();
    }

    String flow()
    {
        return flow;
    }
}
