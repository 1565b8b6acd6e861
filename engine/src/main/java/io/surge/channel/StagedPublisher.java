package io.surge.channel;

import io.surge.experience.RecordBatch;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * An actor's staging batch in front of an experience ring. Adders write records into a local
 * off-heap {@link RecordBatch}; {@link #flush()} publishes them in ring slots of up to K records.
 * When the ring is full, {@code ring.full=wait} keeps the unsent records (moved to the front of the
 * batch) and reports it, so the actor stops stepping until the consumer catches up; {@code drop}
 * counts and discards them. Each failed claim counts once in back-pressure.
 *
 * <p>Threading: one producer thread (the actor's). Memory: the staging buffer is allocated once;
 * nothing is allocated per record or per flush.
 */
public final class StagedPublisher
{
    private final Ring<ExperienceSlot> ring;
    private final int recordLength;
    private final int slotRecords;
    private final int source;
    private final boolean dropWhenFull;
    private final AtomicCounter backPressure;
    private final AtomicCounter dropped;
    private final UnsafeBuffer localBuffer;
    private final RecordBatch local;

    /**
     * A publisher for one actor.
     *
     * @param ring          the experience ring (its slots hold at least {@code slotRecords} records).
     * @param recordLength  bytes per record.
     * @param slotRecords   records per slot at most (K).
     * @param localRecords  records the staging batch holds (for example a full slot plus what one more
     *                      step can add, or one step's records when every step is flushed).
     * @param source        the actor's index, written into each slot.
     * @param dropWhenFull  true for {@code ring.full=drop}, false for {@code wait}.
     * @param backPressure  counts failed claims.
     * @param dropped       counts dropped records.
     */
    public StagedPublisher(
        final Ring<ExperienceSlot> ring,
        final int recordLength,
        final int slotRecords,
        final int localRecords,
        final int source,
        final boolean dropWhenFull,
        final AtomicCounter backPressure,
        final AtomicCounter dropped)
    {
        this.ring = ring;
        this.recordLength = recordLength;
        this.slotRecords = slotRecords;
        this.source = source;
        this.dropWhenFull = dropWhenFull;
        this.backPressure = backPressure;
        this.dropped = dropped;
        this.localBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(localRecords * recordLength, 64));
        this.local = new RecordBatch(recordLength).wrap(localBuffer, 0, localRecords);
    }

    /**
     * The staging batch the adders write into.
     *
     * @return the batch.
     */
    public RecordBatch batch()
    {
        return local;
    }

    /**
     * Records staged and not yet published.
     *
     * @return the count.
     */
    public int pending()
    {
        return local.count();
    }

    /**
     * True when a full slot is staged.
     *
     * @return whether to flush now.
     */
    public boolean slotFull()
    {
        return local.count() >= slotRecords;
    }

    /**
     * Publishes the staged records in slots of up to K.
     *
     * @return true when everything was published (or dropped); false when the ring was full and
     *         records still wait (wait policy).
     */
    public boolean flush()
    {
        final int total = local.count();
        int sent = 0;
        while (sent < total)
        {
            final long seq = ring.tryClaim();
            if (seq < 0)
            {
                backPressure.increment();
                if (dropWhenFull)
                {
                    dropped.getAndAddRelease(total - sent);
                    local.reset();
                    return true;
                }
                compact(sent, total - sent);
                return false;
            }
            final int n = Math.min(slotRecords, total - sent);
            try
            {
                final ExperienceSlot slot = ring.slot(seq);
                slot.buffer.putBytes(0, localBuffer, sent * recordLength, n * recordLength);
                slot.count = n;
                slot.source = source;
                slot.publishedNs = System.nanoTime();
            }
            finally
            {
                ring.publish(seq);
            }
            sent += n;
        }
        local.reset();
        return true;
    }

    /** Empties the staging batch without publishing, counting what it held as dropped. */
    public void discard()
    {
        if (local.count() > 0)
        {
            dropped.getAndAddRelease(local.count());
        }
        local.reset();
    }

    /** Empties the staging batch (a fresh start; nothing counted). */
    public void reset()
    {
        local.reset();
    }

    /** Moves the unsent records to the front of the staging batch. */
    private void compact(final int from, final int remaining)
    {
        if (from > 0)
        {
            localBuffer.putBytes(0, localBuffer, from * recordLength, remaining * recordLength);
        }
        local.reset();
        for (int i = 0; i < remaining; i++)
        {
            local.claim();
        }
    }
}
