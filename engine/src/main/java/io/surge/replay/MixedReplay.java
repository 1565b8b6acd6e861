package io.surge.replay;

import org.agrona.DirectBuffer;

/**
 * Two replays sampled together in a fixed ratio (R2D3: agent experience plus expert
 * demonstrations): every batch of B rows takes {@code round(ratio * B)} rows from the second replay
 * (the last rows of the batch) and the rest from the first. Inserts go to the first;
 * {@link #second()} receives the demonstrations.
 *
 * <p>Ids of rows drawn from the second replay carry {@link #SECOND_REPLAY_BIT}; priority updates
 * are routed back by that bit. Each replay normalises its own importance weights.
 *
 * <p>If either replay cannot give its share, the batch is "not now" (0 rows).
 *
 * <p>Threading: single owner thread. Memory: the routing arrays grow to the largest update batch
 * seen, then nothing is allocated.
 */
public final class MixedReplay implements Replay
{
    /** Set in the ids of rows from the second replay. */
    public static final long SECOND_REPLAY_BIT = 1L << 62;

    private final Replay first;
    private final Replay second;
    private final double ratio;
    private long[] firstIds = new long[0];
    private float[] firstErrors = new float[0];
    private long[] secondIds = new long[0];
    private float[] secondErrors = new float[0];

    /**
     * Mixes two replays.
     *
     * @param first  the agent's replay (receives inserts).
     * @param second the demonstrations' replay.
     * @param ratio  the share of each batch drawn from {@code second}, in {@code [0, 1]}.
     */
    public MixedReplay(final Replay first, final Replay second, final double ratio)
    {
        if (!(ratio >= 0.0 && ratio <= 1.0))
        {
            throw new IllegalArgumentException("ratio must be in [0, 1], got " + ratio);
        }
        if (first == null || second == null || first == second)
        {
            throw new IllegalArgumentException("two distinct replays are needed");
        }
        this.first = first;
        this.second = second;
        this.ratio = ratio;
    }

    /**
     * The first replay (agent experience).
     *
     * @return the replay.
     */
    public Replay first()
    {
        return first;
    }

    /**
     * The second replay (demonstrations).
     *
     * @return the replay.
     */
    public Replay second()
    {
        return second;
    }

    /**
     * Rows of a batch of {@code batchSize} drawn from the second replay.
     *
     * @param batchSize B.
     * @return {@code round(ratio * B)}.
     */
    public int secondShare(final int batchSize)
    {
        return (int)Math.round(ratio * batchSize);
    }

    @Override
    public int insert(final DirectBuffer buffer, final int offset, final int count)
    {
        return first.insert(buffer, offset, count);
    }

    @Override
    public int sampleRows(final SampleBatch batch, final int from, final int count)
    {
        batch.checkRows(from, count);
        final int fromSecond = secondShare(count);
        final int fromFirst = count - fromSecond;
        if (fromFirst > 0 && first.sampleRows(batch, from, fromFirst) != fromFirst)
        {
            return 0;
        }
        if (fromSecond > 0)
        {
            final int start = from + fromFirst;
            if (second.sampleRows(batch, start, fromSecond) != fromSecond)
            {
                return 0;
            }
            final long[] ids = batch.ids;
            for (int i = start; i < start + fromSecond; i++)
            {
                ids[i] |= SECOND_REPLAY_BIT;
            }
        }
        return count;
    }

    @Override
    public int updatePriorities(final long[] ids, final float[] tdErrors, final int count)
    {
        if (firstIds.length < count)
        {
            firstIds = new long[count];
            firstErrors = new float[count];
            secondIds = new long[count];
            secondErrors = new float[count];
        }
        int a = 0;
        int b = 0;
        for (int i = 0; i < count; i++)
        {
            final long id = ids[i];
            if ((id & SECOND_REPLAY_BIT) != 0)
            {
                secondIds[b] = id & ~SECOND_REPLAY_BIT;
                secondErrors[b++] = tdErrors[i];
            }
            else
            {
                firstIds[a] = id;
                firstErrors[a++] = tdErrors[i];
            }
        }
        return first.updatePriorities(firstIds, firstErrors, a) + second.updatePriorities(secondIds, secondErrors, b);
    }

    @Override
    public long size()
    {
        return first.size() + second.size();
    }

    @Override
    public long sampleableCount()
    {
        return first.sampleableCount() + second.sampleableCount();
    }

    @Override
    public int capacity()
    {
        return first.capacity() + second.capacity();
    }

    /**
     * The first replay's statistics; {@code second().stats()} has the second's.
     *
     * @return the first replay's counters.
     */
    @Override
    public ReplayStats stats()
    {
        return first.stats();
    }
}
