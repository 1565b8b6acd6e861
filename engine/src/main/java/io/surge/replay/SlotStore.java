package io.surge.replay;

import org.agrona.BitUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A FIFO ring of {@code capacity} fixed-length slots off-heap, and the arithmetic of item ids: the
 * i-th item ever written has id i and lives in slot {@code i % capacity} until item
 * {@code i + capacity} overwrites it. So whether an id is still stored is known without touching
 * memory: {@code inserts - capacity <= id < inserts}.
 *
 * <p>Slots live in chunks of at most 1 GiB (a power of two of slots each), since one
 * {@link UnsafeBuffer} addresses at most 2 GiB; a slot never straddles two chunks.
 *
 * <p>Threading: single owner thread. Memory: allocated at construction.
 */
final class SlotStore
{
    static final int MAX_CHUNK_BYTES = 1 << 30;
    static final long FLOAT_ARRAY_BASE = UnsafeApi.arrayBaseOffset(float[].class);
    static final long INT_ARRAY_BASE = UnsafeApi.arrayBaseOffset(int[].class);

    final int capacity;
    final int slotLength;
    final ByteBuffer[] chunkBuffers;
    final UnsafeBuffer[] chunks;
    private final long[] chunkAddress;
    final int chunkShift;
    final int chunkMask;

    long inserts;
    int head;
    /** The running snapshot, told before a slot changes; null when none runs. */
    SnapshotWriter snapshot;

    SlotStore(final int capacity, final int slotLength)
    {
        if (capacity < 1 || slotLength < 1 || slotLength > MAX_CHUNK_BYTES)
        {
            throw new IllegalArgumentException("capacity " + capacity + " and slot length " + slotLength + " must be positive, slot <= 1 GiB");
        }
        this.capacity = capacity;
        this.slotLength = slotLength;
        final int slotsPerChunk = Math.min(BitUtil.findNextPositivePowerOfTwo(capacity),
            Integer.highestOneBit(MAX_CHUNK_BYTES / slotLength));
        chunkShift = Integer.numberOfTrailingZeros(slotsPerChunk);
        chunkMask = slotsPerChunk - 1;
        final int chunkCount = (int)(((long)capacity + slotsPerChunk - 1) / slotsPerChunk);
        chunkBuffers = new ByteBuffer[chunkCount];
        chunks = new UnsafeBuffer[chunkCount];
        chunkAddress = new long[chunkCount];
        for (int c = 0; c < chunkCount; c++)
        {
            final int slots = (int)Math.min(slotsPerChunk, (long)capacity - (long)c * slotsPerChunk);
            chunkBuffers[c] = OffHeap.allocate(slots * slotLength);
            chunks[c] = new UnsafeBuffer(chunkBuffers[c]);
            chunkAddress[c] = chunks[c].addressOffset();
        }
    }

    /** Must be called before a slot's bytes change. */
    void preserve(final int slot)
    {
        final SnapshotWriter writer = snapshot;
        if (writer != null)
        {
            writer.preserveSlot(slot);
        }
    }

    long address(final int slot)
    {
        return chunkAddress[slot >>> chunkShift] + (long)(slot & chunkMask) * slotLength;
    }

    UnsafeBuffer chunkOf(final int slot)
    {
        return chunks[slot >>> chunkShift];
    }

    int offsetInChunk(final int slot)
    {
        return (slot & chunkMask) * slotLength;
    }

    long size()
    {
        return Math.min(inserts, capacity);
    }

    boolean full()
    {
        return inserts >= capacity;
    }

    /** Claims the slot for the next item (the oldest one when full) and advances the ring. */
    int advance()
    {
        final int slot = head;
        inserts++;
        head = head + 1 == capacity ? 0 : head + 1;
        return slot;
    }

    /** The id of the item now in a slot that has been written. */
    long idOf(final int slot)
    {
        final long base = inserts - head;
        return slot < head ? base + slot : base - capacity + slot;
    }

    /** Whether an id names an item still stored. */
    boolean isLive(final long id)
    {
        return id >= 0 && id < inserts && id >= inserts - capacity;
    }

    /**
     * The slot of a live id ({@link #isLive}; anything else gives a meaningless slot): {@code id mod
     * capacity}, computed from the head instead of with a 64-bit division (tens of cycles, once per
     * priority update).
     */
    int slotOf(final long id)
    {
        final long fromHead = id - (inserts - head); // ids from the head's id up are in slots head.., below it wrap
        return (int)(fromHead >= 0 ? fromHead : fromHead + capacity);
    }

    void restoreCursor(final long insertCount)
    {
        inserts = insertCount;
        head = (int)(insertCount % capacity);
    }

    /** Below this many bytes a plain loop beats {@code copyMemory}'s call overhead. */
    static final long SMALL_COPY_BYTES = 256;

    static void copyFloats(final long address, final float[] dst, final int dstIndex, final long bytes)
    {
        if (bytes <= SMALL_COPY_BYTES)
        {
            final int count = (int)(bytes >>> 2);
            for (int i = 0; i < count; i++)
            {
                dst[dstIndex + i] = UnsafeApi.getFloat(null, address + 4L * i);
            }
            return;
        }
        UnsafeApi.copyMemory(null, address, dst, FLOAT_ARRAY_BASE + (long)dstIndex * Float.BYTES, bytes);
    }

    static void copyInts(final long address, final int[] dst, final int dstIndex, final long bytes)
    {
        UnsafeApi.copyMemory(null, address, dst, INT_ARRAY_BASE + (long)dstIndex * Integer.BYTES, bytes);
    }
}
