package io.surge.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest
{
    @Test
    void shouldRefuseSamplesAndAllowInsertsUntilTheMinimumSize()
    {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(2.0, 10, 5.0);
        for (int i = 0; i < 9; i++)
        {
            assertTrue(limiter.tryInsert(1));
            assertFalse(limiter.trySample(1));
        }
        assertEquals(9, limiter.blockedSamples());
        assertTrue(limiter.tryInsert(1));
        assertTrue(limiter.canSample(1));
    }

    /** spi 2, min size 10, error buffer 5: allowed diff range [15, 25] around 2 * 10. */
    @Test
    void shouldFollowReverbsBoundsExactly()
    {
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(2.0, 10, 5.0);
        assertTrue(limiter.tryInsert(10));
        assertEquals(20.0, limiter.diff());
        assertTrue(limiter.canSample(5), "20 - 5 >= 15");
        assertFalse(limiter.canSample(6), "20 - 6 < 15");
        assertTrue(limiter.canInsert(2), "12 * 2 = 24 <= 25");
        assertFalse(limiter.canInsert(3), "13 * 2 = 26 > 25");
        assertTrue(limiter.trySample(5));
        assertTrue(limiter.canInsert(5), "15 * 2 - 5 = 25 <= 25");
        assertFalse(limiter.canInsert(6));
        // evictions bring the store back under the minimum: inserts flow, samples wait
        limiter.deleted(5);
        assertFalse(limiter.canSample(1));
        assertTrue(limiter.canInsert(5), "10 - 5 + 5 <= 10 regardless of the ratio");
        assertFalse(limiter.tryInsert(6));
        assertEquals(1, limiter.blockedInserts());
    }

    @Test
    void shouldHoldTheRatioWithinTheErrorBufferInALongRun()
    {
        final double spi = 8.0;
        final RateLimiter limiter = RateLimiter.sampleToInsertRatio(spi, 1000, 4 * 64);
        long size = 0;
        for (int cycle = 0; cycle < 200_000; cycle++)
        {
            if (cycle % 3 != 0 && limiter.tryInsert(4))
            {
                size += 4;
                if (size > 5000)
                {
                    limiter.deleted(4);
                    size -= 4;
                }
            }
            limiter.trySample(64);
            if (limiter.inserts() > 1000)
            {
                final double error = limiter.inserts() * spi - limiter.samples() - spi * 1000;
                assertTrue(Math.abs(error) <= 4 * 64 + 64 + spi * 4, "error " + error + " at cycle " + cycle);
            }
        }
        assertTrue(limiter.samples() > 0 && limiter.inserts() > 1000);
        assertTrue(limiter.blockedInserts() > 0 || limiter.blockedSamples() > 0);
    }

    @Test
    void shouldRefuseRangesThatWouldBlockForever()
    {
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(4.0, 10, 3.0));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1.0, 10, 11.0, 20.0));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(0.0, 10, 3.0));
        assertThrows(IllegalArgumentException.class, () -> RateLimiter.sampleToInsertRatio(1.0, 0, 3.0));
    }

    @Test
    void shouldLimitNothingButTheMinimumSizeWithMinSize()
    {
        final RateLimiter limiter = RateLimiter.minSize(3);
        assertTrue(limiter.tryInsert(2));
        assertFalse(limiter.canSample(1));
        assertTrue(limiter.tryInsert(1));
        for (int i = 0; i < 1000; i++)
        {
            assertTrue(limiter.trySample(512));
        }
        assertTrue(limiter.tryInsert(1_000_000));
    }

    @Test
    void shouldSaveAndRestoreItsCounters()
    {
        final RateLimiter a = RateLimiter.sampleToInsertRatio(2.0, 4, 4.0);
        a.tryInsert(6);
        a.trySample(3);
        a.trySample(100);
        a.deleted(2);
        final long[] state = new long[5];
        a.saveState(state);
        final RateLimiter b = RateLimiter.sampleToInsertRatio(2.0, 4, 4.0);
        b.restoreState(state);
        assertEquals(a.diff(), b.diff());
        assertEquals(a.blockedSamples(), b.blockedSamples());
        assertEquals(a.canSample(7), b.canSample(7));
        assertEquals(a.canInsert(3), b.canInsert(3));
    }
}
