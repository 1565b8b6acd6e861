package io.surge.channel.aeron;

import io.surge.metrics.EngineCounter;
import io.surge.metrics.RunCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Counts rejected messages: one counter per {@link RejectReason} ({@code aeron rejected: <reason>})
 * and the engine's total {@link EngineCounter#REJECTED_MESSAGES}. One per process, shared by its
 * adapters.
 *
 * <p>Threading: {@link #reject} from any adapter thread (atomic increments). Allocation-free after
 * construction.
 */
public final class Rejections
{
    private final AtomicCounter total;
    private final AtomicCounter[] byReason;

    /**
     * Registers the counters (control plane).
     *
     * @param counters the run's counters.
     */
    public Rejections(final RunCounters counters)
    {
        total = counters.get(EngineCounter.REJECTED_MESSAGES);
        final RejectReason[] reasons = RejectReason.values();
        byReason = new AtomicCounter[reasons.length];
        for (final RejectReason reason : reasons)
        {
            byReason[reason.ordinal()] = counters.register(label(reason));
        }
    }

    /**
     * The label of a reason's counter, as {@code surge stat} prints it.
     *
     * @param reason the reason.
     * @return the label.
     */
    public static String label(final RejectReason reason)
    {
        return "aeron rejected: " + reason.label();
    }

    /**
     * Counts one rejected message.
     *
     * @param reason why.
     */
    public void reject(final RejectReason reason)
    {
        byReason[reason.ordinal()].increment();
        total.increment();
    }

    /**
     * Messages rejected for a reason so far.
     *
     * @param reason the reason.
     * @return the count.
     */
    public long count(final RejectReason reason)
    {
        return byReason[reason.ordinal()].get();
    }

    /**
     * Messages rejected for any reason (the engine counter, which other parts of the run may also
     * increment).
     *
     * @return the total.
     */
    public long total()
    {
        return total.get();
    }
}
