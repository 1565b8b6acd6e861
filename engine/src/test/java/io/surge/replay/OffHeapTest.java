package io.surge.replay;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffHeapTest
{
    @Test
    void shouldGiveZeroedAlignedWritableRegionsLargeOnesWithHugePageAdviceOnLinux()
    {
        final long before = OffHeap.hugeAdvisedBytes();
        for (final int bytes : new int[] {64, 4096, 3 << 20, (8 << 20) + 8})
        {
            final ByteBuffer region = OffHeap.allocate(bytes);
            assertTrue(region.isDirect());
            assertEquals(bytes, region.capacity());
            final UnsafeBuffer buffer = new UnsafeBuffer(region);
            assertEquals(0, buffer.addressOffset() % 64, "64-byte aligned");
            for (int i = 0; i < bytes; i += 4093)
            {
                assertEquals(0, buffer.getByte(i));
            }
            buffer.putLong(bytes - 8, 42L);
            assertEquals(42L, buffer.getLong(bytes - 8));
        }
        if ("Linux".equals(System.getProperty("os.name")) && !Boolean.getBoolean("surge.replay.noHugePages"))
        {
            assertEquals(10L << 20, OffHeap.hugeAdvisedBytes() - before, "the 8 MiB region, rounded up to 2 MiB pages");
        }
    }
}
