package io.surge.replay;

import org.agrona.BufferUtil;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocates the replay's large off-heap regions (trees, storage chunks). On Linux, regions of
 * 4 MiB and more are mapped with {@code mmap} and advised with {@code madvise(MADV_HUGEPAGE)}
 * before they are touched, so the kernel backs them with 2 MiB pages when transparent huge pages are
 * enabled in "madvise" mode: a tree descent then costs cache misses only, not TLB misses and page
 * walks as well (a 2^20-leaf replay spans about 90 MiB, far beyond what 4 KiB TLB entries cover).
 * Anything else, or any failure, falls back to {@link BufferUtil#allocateDirectAligned}.
 *
 * <p>A mapped region is unmapped by a {@link Cleaner} when its buffer (and every view of it) is
 * unreachable, as a direct buffer's memory is freed. Mapped memory is zero, like a direct buffer's.
 *
 * <p>Threading: allocation is control-plane work, thread-safe.
 */
// mmap/madvise/munmap through the FFM linker are restricted methods: the JVM runs with
// --enable-native-access=ALL-UNNAMED (the one list of flags in the parent pom).
@SuppressWarnings("restricted")
final class OffHeap
{
    private static final long HUGE_THRESHOLD_BYTES = 4L << 20;
    private static final long HUGE_PAGE_BYTES = 2L << 20;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;

    static
    {
        MethodHandle mmap = null;
        MethodHandle madvise = null;
        MethodHandle munmap = null;
        if ("Linux".equals(System.getProperty("os.name")) && !Boolean.getBoolean("surge.replay.noHugePages"))
        {
            try
            {
                final Linker linker = Linker.nativeLinker();
                final SymbolLookup libc = linker.defaultLookup();
                final Optional<MemorySegment> mmapSymbol = libc.find("mmap");
                final Optional<MemorySegment> madviseSymbol = libc.find("madvise");
                final Optional<MemorySegment> munmapSymbol = libc.find("munmap");
                if (mmapSymbol.isPresent() && madviseSymbol.isPresent() && munmapSymbol.isPresent())
                {
                    mmap = linker.downcallHandle(mmapSymbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                    madvise = linker.downcallHandle(madviseSymbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                    munmap = linker.downcallHandle(munmapSymbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
                }
            }
            catch (final RuntimeException | LinkageError ex)
            {
                mmap = null; // no native access: plain direct buffers
            }
        }
        MMAP = mmap;
        MADVISE = madvise;
        MUNMAP = munmap;
    }

    private static final AtomicLong HUGE_ADVISED_BYTES = new AtomicLong();

    private OffHeap()
    {
    }

    /**
     * Bytes mapped with huge-page advice so far (whether the kernel honoured it is its business).
     *
     * @return the bytes.
     */
    static long hugeAdvisedBytes()
    {
        return HUGE_ADVISED_BYTES.get();
    }

    /**
     * A zeroed, 64-byte aligned region of {@code bytes} (at most {@link Integer#MAX_VALUE}).
     *
     * @param bytes the size.
     * @return a direct buffer over the region.
     */
    static ByteBuffer allocate(final int bytes)
    {
        if (MMAP != null && bytes >= HUGE_THRESHOLD_BYTES)
        {
            final ByteBuffer mapped = mapHuge(bytes);
            if (mapped != null)
            {
                return mapped;
            }
        }
        return BufferUtil.allocateDirectAligned(bytes, 64);
    }

    private static ByteBuffer mapHuge(final int bytes)
    {
        final long length = (bytes + HUGE_PAGE_BYTES - 1) & -HUGE_PAGE_BYTES;
        try
        {
            // Over-map by one huge page so the region can start on a 2 MiB boundary.
            final long mappedLength = length + HUGE_PAGE_BYTES;
            final long raw = (long)MMAP.invokeExact(0L, mappedLength, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (raw == -1L || raw == 0L)
            {
                return null;
            }
            final long aligned = (raw + HUGE_PAGE_BYTES - 1) & -HUGE_PAGE_BYTES;
            // a refusal (non-zero) leaves a valid zeroed region, only without huge pages
            final int advised = (int)MADVISE.invokeExact(aligned, length, MADV_HUGEPAGE);
            if (advised == 0)
            {
                HUGE_ADVISED_BYTES.addAndGet(length);
            }
            final ByteBuffer buffer = MemorySegment.ofAddress(aligned).reinterpret(bytes).asByteBuffer();
            CLEANER.register(buffer, new Unmap(raw, mappedLength));
            return buffer;
        }
        catch (final Throwable ex)
        {
            return null;
        }
    }

    private record Unmap(long address, long length) implements Runnable
    {
        @Override
        public void run()
        {
            try
            {
                final int ignored = (int)MUNMAP.invokeExact(address, length);
            }
            catch (final Throwable ex)
            {
                // nothing to do on a failed unmap at collection time
            }
        }
    }
}
