package io.surge.env.minatar;

/**
 * A fixed-capacity list of small integer records with the semantics of a Python {@code list} of
 * {@code list}s, as MinAtar's Seaquest uses them: records have identity (a slot), equality is
 * field by field, {@link #removeValue(int)} is {@code list.remove(x)} (removes the <em>first</em>
 * record equal to {@code x}, which need not be {@code x} itself), and iteration in reverse is
 * done by index exactly as Python's {@code reversed(list)} iterator does:
 *
 * <pre>{@code
 * int it = list.size() - 1;
 * while (it >= 0 && it < list.size())
 * {
 *     final int slot = list.slotAt(it--);
 *     ... // may remove records, shifting later ones left
 * }
 * }</pre>
 *
 * <p>A slot's fields stay readable after its record is removed, as a Python object stays usable
 * while a loop holds it; a removed slot is reused only by a later {@link #append()}.
 *
 * <p>Not thread-safe; nothing allocates after construction.
 */
final class RecordList
{
    private final int fields;
    private final int[] data;
    private final int[] order;
    private final int[] freeSlots;
    private int freeCount;
    private int size;
    private final String name;

    /**
     * An empty list.
     *
     * @param name     for the message when the capacity is exceeded.
     * @param capacity the most records it can hold.
     * @param fields   fields per record.
     */
    RecordList(final String name, final int capacity, final int fields)
    {
        this.name = name;
        this.fields = fields;
        this.data = new int[capacity * fields];
        this.order = new int[capacity];
        this.freeSlots = new int[capacity];
        freeCount = capacity;
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = capacity - 1 - i;
        }
    }

    /** Removes every record; costs the number of records, not the capacity. */
    void clear()
    {
        // Every slot is either in the list or on the free stack: give the listed ones back.
        for (int i = 0; i < size; i++)
        {
            freeSlots[freeCount++] = order[i];
        }
        size = 0;
    }

    int size()
    {
        return size;
    }

    /**
     * The slot of the record at a list index.
     *
     * @param index 0..size-1.
     * @return the slot.
     */
    int slotAt(final int index)
    {
        return order[index];
    }

    int get(final int slot, final int field)
    {
        return data[slot * fields + field];
    }

    void set(final int slot, final int field, final int value)
    {
        data[slot * fields + field] = value;
    }

    /**
     * Appends a record (Python's {@code list += [[...]]}); the caller then sets its fields.
     *
     * @return the new record's slot.
     * @throws IllegalStateException if the list is full (the games' bounds make this unreachable).
     */
    int append()
    {
        if (freeCount == 0)
        {
            throw new IllegalStateException(name + ": more than " + order.length + " records");
        }
        final int slot = freeSlots[--freeCount];
        order[size++] = slot;
        return slot;
    }

    /**
     * Python's {@code list.remove(x)} for the record in {@code slot}: removes the first record
     * equal to it field by field.
     *
     * @param slot the record whose value is removed.
     * @throws IllegalStateException if no record equals it (Python's {@code ValueError}).
     */
    void removeValue(final int slot)
    {
        for (int i = 0; i < size; i++)
        {
            final int candidate = order[i];
            if (candidate == slot || equal(candidate, slot))
            {
                System.arraycopy(order, i + 1, order, i, size - i - 1);
                size--;
                freeSlots[freeCount++] = candidate;
                return;
            }
        }
        throw new IllegalStateException(name + ": list.remove(x): x not in list");
    }

    private boolean equal(final int a, final int b)
    {
        final int oa = a * fields;
        final int ob = b * fields;
        for (int f = 0; f < fields; f++)
        {
            if (data[oa + f] != data[ob + f])
            {
                return false;
            }
        }
        return true;
    }
}
