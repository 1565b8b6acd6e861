package io.surge.channel.aeron;

import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.surge.metrics.RunCounters;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One flow's subscription as an adapter uses it: fragments reassembled within a bound
 * ({@link BoundedAssembler}), every message's header checked ({@link MessageValidator}) and its
 * body checked by the adapter, rejections counted by reason ({@link Rejections}), accepted messages
 * handed to the adapter, which may refuse one for lack of room (it stays in Aeron's log, and the
 * sender is eventually back-pressured: nothing is dropped).
 *
 * <p>Losses are visible: every sender numbers its messages on a flow, and a jump in a sender's
 * numbers is counted as that many lost messages ({@code aeron <flow> messages lost}). Senders are
 * remembered up to a bound (then forgotten all at once, so a flood of made-up sender ids cannot
 * grow memory).
 *
 * <p>Counters ({@code aeron <flow> ...}): messages received, bytes received, messages lost,
 * messages out of order, waits for room downstream.
 *
 * <p>Threading: one thread (the adapter's). Allocation-free in steady state (the sender map grows
 * once per new sender).
 */
final class Inbound implements BoundedAssembler.MessageHandler
{
    /** What an adapter does with a message whose header is valid. */
    interface Body
    {
        /**
         * Checks the body.
         *
         * @param buffer the bytes.
         * @param offset where the message starts.
         * @param length its length.
         * @return null when valid, else why not.
         */
        RejectReason check(DirectBuffer buffer, int offset, int length);

        /**
         * Applies a valid message.
         *
         * @param buffer the bytes.
         * @param offset where the message starts.
         * @param length its length.
         * @return false when there is no room downstream now (the message is delivered again later).
         */
        boolean apply(DirectBuffer buffer, int offset, int length);
    }

    private final Subscription subscription;
    private final MessageValidator validator;
    private final Rejections rejections;
    private final Body body;
    private final BoundedAssembler assembler;
    private final Long2LongHashMap nextSequence = new Long2LongHashMap(-1L);
    private final int maxSenders;
    private final AtomicCounter received;
    private final AtomicCounter bytes;
    private final AtomicCounter lost;
    private final AtomicCounter outOfOrder;
    private final AtomicCounter waits;

    Inbound(
        final String flow,
        final Subscription subscription,
        final MessageValidator validator,
        final Rejections rejections,
        final Body body,
        final int maxSenders,
        final RunCounters counters)
    {
        this.subscription = subscription;
        this.validator = validator;
        this.rejections = rejections;
        this.body = body;
        this.maxSenders = maxSenders;
        this.assembler = new BoundedAssembler(this, validator.maxLength(), maxSenders, rejections);
        this.received = counters.register("aeron " + flow + " messages received");
        this.bytes = counters.register("aeron " + flow + " bytes received");
        this.lost = counters.register("aeron " + flow + " messages lost");
        this.outOfOrder = counters.register("aeron " + flow + " messages out of order");
        this.waits = counters.register("aeron " + flow + " waits for room downstream");
    }

    /**
     * Polls the subscription.
     *
     * @param fragmentLimit most fragments this call.
     * @return fragments read.
     */
    int poll(final int fragmentLimit)
    {
        return subscription.controlledPoll(assembler, fragmentLimit);
    }

    @Override
    public Action onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        RejectReason reason = validator.check(buffer, offset, length);
        if (reason == null)
        {
            reason = body.check(buffer, offset, length);
        }
        if (reason != null)
        {
            rejections.reject(reason);
            return Action.CONTINUE;
        }
        if (!body.apply(buffer, offset, length))
        {
            waits.incrementRelease();
            return Action.ABORT;
        }
        received.incrementRelease();
        bytes.getAndAddRelease(length);
        track(MessageHeader.sender(buffer, offset), MessageHeader.sequence(buffer, offset));
        return Action.CONTINUE;
    }

    private void track(final long sender, final long sequence)
    {
        final long expected = nextSequence.get(sender);
        if (expected < 0)
        {
            if (nextSequence.size() >= maxSenders)
            {
                nextSequence.clear();
            }
        }
        else if (sequence > expected)
        {
            lost.getAndAddRelease(sequence - expected);
        }
        else if (sequence < expected)
        {
            outOfOrder.incrementRelease();
        }
        nextSequence.put(sender, Math.max(sequence + 1, expected));
    }

    long received()
    {
        return received.get();
    }

    long lost()
    {
        return lost.get();
    }
}
