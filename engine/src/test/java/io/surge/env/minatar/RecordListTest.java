package io.surge.env.minatar;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link RecordList} against CPython's list semantics. The expected traces are what CPython 3.11
 * prints for the equivalent loops (written out in each test), worked through by hand from the rules
 * of {@code reversed()} (an index that counts down and stops once it leaves {@code [0, len)}) and
 * {@code list.remove(x)} (removes the first element {@code == x}).
 */
final class RecordListTest
{
    private static int add(final RecordList list, final int a, final int b)
    {
        final int slot = list.append();
        list.set(slot, 0, a);
        list.set(slot, 1, b);
        return slot;
    }

    private static List<Integer> slots(final RecordList list)
    {
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++)
        {
            out.add(list.slotAt(i));
        }
        return out;
    }

    @Test
    void removingByValueDuringReversedIterationVisitsTheCurrentRecordTwice()
    {
        // l = [A, B, C] with A == C == [1, 0], B = [2, 0]
        // for x in reversed(l): visit x; if x[0] == 1: l.remove(x)
        // visits C (removing A), C again (removing C), then B; l == [B].
        final RecordList list = new RecordList("test", 8, 2);
        add(list, 1, 0);                            // A
        final int b = add(list, 2, 0);
        final int c = add(list, 1, 0);
        final List<Integer> visited = new ArrayList<>();
        int it = list.size() - 1;
        while (it >= 0 && it < list.size())
        {
            final int x = list.slotAt(it--);
            visited.add(x);
            if (list.get(x, 0) == 1)
            {
                list.removeValue(x);
            }
        }
        assertEquals(List.of(c, c, b), visited);
        assertEquals(List.of(b), slots(list));
    }

    @Test
    void aRecordModifiedBeforeItsRemovalIsRemovedItselfWhenNoEarlierRecordEqualsIt()
    {
        // l = [A, B, C, D] = [[1,0], [2,0], [1,0], [3,0]]
        // for x in reversed(l): x[1] += 1; if x == [1, 1]: l.remove(x)
        // visits D, C (removing C itself: A is [1,0] then), B, A (removing A); l == [B, D],
        // both with x[1] == 1.
        final RecordList list = new RecordList("test", 8, 2);
        final int a = add(list, 1, 0);
        final int b = add(list, 2, 0);
        final int c = add(list, 1, 0);
        final int d = add(list, 3, 0);
        final List<Integer> visited = new ArrayList<>();
        int it = list.size() - 1;
        while (it >= 0 && it < list.size())
        {
            final int x = list.slotAt(it--);
            visited.add(x);
            list.set(x, 1, list.get(x, 1) + 1);
            if (list.get(x, 0) == 1 && list.get(x, 1) == 1)
            {
                list.removeValue(x);
            }
        }
        assertEquals(List.of(d, c, b, a), visited);
        assertEquals(List.of(b, d), slots(list));
        assertEquals(1, list.get(b, 1));
        assertEquals(1, list.get(d, 1));
    }

    @Test
    void aRemovedRecordStaysReadableAndItsSlotIsReusedOnlyByALaterAppend()
    {
        final RecordList list = new RecordList("test", 2, 2);
        final int a = add(list, 4, 5);
        list.removeValue(a);
        assertEquals(0, list.size());
        assertEquals(4, list.get(a, 0));
        assertEquals(5, list.get(a, 1));
        final int b = add(list, 6, 7);
        final int c = add(list, 8, 9);
        assertEquals(List.of(b, c), slots(list));
        assertThrows(IllegalStateException.class, list::append);
    }

    @Test
    void removingAValueThatIsNotInTheListFailsAsPythonsValueErrorDoes()
    {
        final RecordList list = new RecordList("test", 4, 2);
        final int a = add(list, 1, 1);
        add(list, 2, 2);
        list.removeValue(a);
        list.set(a, 0, 9);
        assertThrows(IllegalStateException.class, () -> list.removeValue(a));
    }

    @Test
    void clearingMakesTheWholeCapacityAvailableAgain()
    {
        final RecordList list = new RecordList("test", 3, 2);
        add(list, 1, 1);
        final int b = add(list, 2, 2);
        add(list, 3, 3);
        list.removeValue(b);
        list.clear();
        assertEquals(0, list.size());
        final List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            slots.add(add(list, i, i));
        }
        assertEquals(3, slots.stream().distinct().count());
        assertThrows(IllegalStateException.class, list::append);
    }
}
