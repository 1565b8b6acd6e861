package io.surge.replay;

/**
 * Keeps the ratio of sampled to inserted items near a target, with the semantics of Reverb's
 * {@code SampleToInsertRatio} rate limiter, but without blocking: it answers "not now" and the
 * caller (the replay agent) does no work this duty cycle.
 *
 * <p>Stage 1, while fewer than {@code minSizeToSample} items are stored
 * ({@code inserts - deletes}): inserts are always allowed, samples never. Stage 2: with
 * {@code diff = inserts * samplesPerInsert - samples},
 * <ul>
 *   <li>a sample of {@code n} items is allowed when {@code diff - n >= minDiff};</li>
 *   <li>an insert of {@code n} items is allowed when the store stays at or below
 *   {@code minSizeToSample} afterwards, or {@code (inserts + n) * samplesPerInsert - samples <= maxDiff}.</li>
 * </ul>
 * With a scalar error buffer the allowed range is centred on {@code samplesPerInsert * minSizeToSample},
 * so the error counted is the one accumulated after stage 1. Samples are counted in items (a batch
 * of B counts B).
 *
 * <p>Threading: single owner thread. The counters are plain getters the runtime mirrors into its
 * shared counters.
 */
public final class RateLimiter
{
    private final double samplesPerInsert;
    private final long minSizeToSample;
    private final double minDiff;
    private final double maxDiff;
    private long inserts;
    private long samples;
    private long deletes;
    private long blockedInserts;
    private long blockedSamples;

    /**
     * A limiter with an explicit allowed range of {@code diff}.
     *
     * @param samplesPerInsert average times each item is sampled, {@code > 0}.
     * @param minSizeToSample  items stored before sampling may start, {@code >= 1}.
     * @param minDiff          samples are refused below it.
     * @param maxDiff          inserts are refused above it.
     */
    public RateLimiter(final double samplesPerInsert, final long minSizeToSample, final double minDiff, final double maxDiff)
    {
        if (!(samplesPerInsert > 0.0) || Double.isInfinite(samplesPerInsert))
        {
            throw new IllegalArgumentException("samplesPerInsert must be finite and > 0, got " + samplesPerInsert);
        }
        if (minSizeToSample < 1)
        {
            throw new IllegalArgumentException("minSizeToSample must be >= 1, got " + minSizeToSample);
        }
        if (!(maxDiff - minDiff >= 2 * Math.max(1.0, samplesPerInsert)))
        {
            throw new IllegalArgumentException("the error range [" + minDiff + ", " + maxDiff + "] must be at least " +
                "2 * max(1, samplesPerInsert) = " + 2 * Math.max(1.0, samplesPerInsert) + " wide, or it can block both sides");
        }
        if (minDiff > samplesPerInsert * minSizeToSample)
        {
            throw new IllegalArgumentException("minDiff " + minDiff + " is above samplesPerInsert * minSizeToSample = " +
                samplesPerInsert * minSizeToSample + ": sampling would never start");
        }
        this.samplesPerInsert = samplesPerInsert;
        this.minSizeToSample = minSizeToSample;
        this.minDiff = minDiff;
        this.maxDiff = maxDiff;
    }

    /**
     * Reverb's {@code SampleToInsertRatio(samples_per_insert, min_size_to_sample, error_buffer)}
     * with a scalar error buffer.
     *
     * @param samplesPerInsert average times each item is sampled.
     * @param minSizeToSample  items stored before sampling may start.
     * @param errorBuffer      half-width of the allowed error around the target.
     * @return the limiter.
     */
    public static RateLimiter sampleToInsertRatio(final double samplesPerInsert, final long minSizeToSample,
        final double errorBuffer)
    {
        final double offset = samplesPerInsert * minSizeToSample;
        return new RateLimiter(samplesPerInsert, minSizeToSample, offset - errorBuffer, offset + errorBuffer);
    }

    /**
     * Reverb's {@code MinSize}: samples wait for {@code minSizeToSample} items, nothing else is
     * limited.
     *
     * @param minSizeToSample items stored before sampling may start.
     * @return the limiter.
     */
    public static RateLimiter minSize(final long minSizeToSample)
    {
        return new RateLimiter(1.0, minSizeToSample, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    /**
     * Whether {@code count} items may be inserted now.
     *
     * @param count items, {@code >= 1}.
     * @return true if allowed.
     */
    public boolean canInsert(final int count)
    {
        if (inserts + count - deletes <= minSizeToSample)
        {
            return true;
        }
        return (inserts + count) * samplesPerInsert - samples <= maxDiff;
    }

    /**
     * Whether {@code count} items may be sampled now.
     *
     * @param count items, {@code >= 1}.
     * @return true if allowed.
     */
    public boolean canSample(final int count)
    {
        if (inserts - deletes < minSizeToSample)
        {
            return false;
        }
        return inserts * samplesPerInsert - samples - count >= minDiff;
    }

    /**
     * Asks to insert; on yes the items are counted as inserted, on no the refusal is counted.
     *
     * @param count items.
     * @return true if the caller may insert them now.
     */
    public boolean tryInsert(final int count)
    {
        if (canInsert(count))
        {
            inserts += count;
            return true;
        }
        blockedInserts++;
        return false;
    }

    /**
     * Asks to sample; on yes the items are counted as sampled, on no the refusal is counted.
     *
     * @param count items (the batch size).
     * @return true if the caller may sample them now.
     */
    public boolean trySample(final int count)
    {
        if (canSample(count))
        {
            samples += count;
            return true;
        }
        blockedSamples++;
        return false;
    }

    /**
     * Counts items removed from the store (FIFO evictions).
     *
     * @param count items.
     */
    public void deleted(final long count)
    {
        deletes += count;
    }

    /**
     * Items inserted.
     *
     * @return the count.
     */
    public long inserts()
    {
        return inserts;
    }

    /**
     * Items sampled.
     *
     * @return the count.
     */
    public long samples()
    {
        return samples;
    }

    /**
     * Items deleted.
     *
     * @return the count.
     */
    public long deletes()
    {
        return deletes;
    }

    /**
     * Insert requests refused.
     *
     * @return the count.
     */
    public long blockedInserts()
    {
        return blockedInserts;
    }

    /**
     * Sample requests refused.
     *
     * @return the count.
     */
    public long blockedSamples()
    {
        return blockedSamples;
    }

    /**
     * The current error {@code inserts * samplesPerInsert - samples}.
     *
     * @return the diff.
     */
    public double diff()
    {
        return inserts * samplesPerInsert - samples;
    }

    /**
     * Saves the counters (for snapshots).
     *
     * @param out at least 5 elements: inserts, samples, deletes, blocked inserts, blocked samples.
     */
    public void saveState(final long[] out)
    {
        out[0] = inserts;
        out[1] = samples;
        out[2] = deletes;
        out[3] = blockedInserts;
        out[4] = blockedSamples;
    }

    /**
     * Restores counters saved by {@link #saveState(long[])}.
     *
     * @param in the saved counters.
     */
    public void restoreState(final long[] in)
    {
        inserts = in[0];
        samples = in[1];
        deletes = in[2];
        blockedInserts = in[3];
        blockedSamples = in[4];
    }
}
