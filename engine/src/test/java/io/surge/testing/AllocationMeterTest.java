package io.surge.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meter the zero-allocation tests rely on must see an allocation when there is one. */
class AllocationMeterTest
{
    private Object sink;

    @Test
    void shouldSeeAnAllocationMadeOnEveryCall()
    {
        final long bytes = AllocationMeter.bytesAllocated(() -> sink = new long[4], 10_000, 1_000);
        assertTrue(bytes >= 1_000 * 48, "1,000 arrays of 4 longs: " + bytes + " bytes");
    }

    @Test
    void shouldSeeNothingWhenNothingIsAllocated()
    {
        final long[] counter = new long[1];
        assertEquals(0, AllocationMeter.bytesAllocated(() -> counter[0]++, 10_000, 1_000));
    }
}
