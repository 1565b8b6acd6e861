package io.surge.channel.aeron;

import io.surge.channel.ExperienceSlot;
import io.surge.channel.Ring;
import org.agrona.concurrent.Agent;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Checks every record that arrives and tallies them per sender instance; counts gaps per actor. */
final class RecordChecker implements Agent
{
    private final Ring<ExperienceSlot> inbox;
    private final Map<Long, AtomicLong> byInstance = new ConcurrentHashMap<>();
    private final Map<Long, Long> nextMessage = new HashMap<>();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();

    RecordChecker(final Ring<ExperienceSlot> inbox)
    {
        this.inbox = inbox;
    }

    /**
     * Sender instances seen so far.
     *
     * @return their ids.
     */
    java.util.Set<Long> instances()
    {
        return byInstance.keySet();
    }

    long records(final long instance)
    {
        final AtomicLong n = byInstance.get(instance);
        return n == null ? 0 : n.get();
    }

    @Override
    public int doWork()
    {
        final int[] work = {0};
        inbox.poll((slot, sequence, end) ->
        {
            work[0]++;
            final long instance = slot.buffer.getLong(8);
            final long number = slot.buffer.getLong(16);
            for (int r = 0; r < slot.count; r++)
            {
                final int at = r * SyntheticRecords.RECORD_LENGTH;
                if (!SyntheticRecords.valid(slot.buffer, at, r) || slot.buffer.getLong(at + 8) != instance ||
                    slot.buffer.getLong(at + 16) != number || slot.buffer.getInt(at) != slot.source)
                {
                    invalid.incrementAndGet();
                }
            }
            final long key = instance * 31 + slot.source;
            final Long expected = nextMessage.get(key);
            if (expected != null && number != expected)
            {
                gaps.incrementAndGet();
            }
            nextMessage.put(key, number + 1);
            byInstance.computeIfAbsent(instance, k -> new AtomicLong()).addAndGet(slot.count);
            return true;
        });
        return work[0];
    }

    @Override
    public String roleName()
    {
        return "checker";
    }
}
