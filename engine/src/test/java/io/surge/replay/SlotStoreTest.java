package io.surge.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotStoreTest
{
    /** Every live id maps to {@code id mod capacity} and back, before the ring fills, as it wraps, and many laps later. */
    @Test
    void shouldMapLiveIdsToTheirSlotsAndBack()
    {
        for (final int capacity : new int[] {1, 2, 3, 7, 64, 1000})
        {
            final SlotStore store = new SlotStore(capacity, 8);
            for (int insert = 0; insert < 5 * capacity + 3; insert++)
            {
                final int slot = store.advance();
                assertEquals(insert % capacity, slot);
                final long oldest = Math.max(0, store.inserts - capacity);
                for (long id = oldest; id < store.inserts; id++)
                {
                    assertTrue(store.isLive(id));
                    assertEquals((int)(id % capacity), store.slotOf(id), "capacity " + capacity + ", id " + id);
                    assertEquals(id, store.idOf(store.slotOf(id)));
                }
                assertFalse(store.isLive(store.inserts));
                assertFalse(store.isLive(oldest - 1));
            }
        }
    }
}
