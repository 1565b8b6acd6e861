package io.surge.nn.backend;

/**
 * Creates backends. The CPU GEMM is chosen once, at class initialisation: the Vector API
 * version when the {@code jdk.incubator.vector} module is present and its preferred float
 * species has at least 8 lanes (AVX2 or wider), else the scalar version. The system property
 * {@value #KERNEL_PROP_NAME} ({@code vector} or {@code scalar}) overrides the choice.
 *
 * <p>Threading: the factory methods are thread-safe; each call returns a new backend that one
 * thread at a time uses.
 */
public final class Backends
{
    /** System property that forces the CPU GEMM kernel: {@code vector} or {@code scalar}. */
    public static final String KERNEL_PROP_NAME = "surge.nn.kernel";

    private static final boolean VECTOR = selectVector();

    private Backends()
    {
    }

    private static boolean selectVector()
    {
        final String forced = System.getProperty(KERNEL_PROP_NAME, "");
        if ("scalar".equals(forced))
        {
            return false;
        }
        final boolean available = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && VectorProbe.preferredFloatLanes() >= 8;
        if ("vector".equals(forced) && !available)
        {
            throw new IllegalStateException(KERNEL_PROP_NAME + "=vector but the Vector API is unavailable"
                + " (run with --add-modules=jdk.incubator.vector on a CPU with 256-bit vectors)");
        }
        if (!forced.isEmpty() && !"vector".equals(forced))
        {
            throw new IllegalArgumentException(KERNEL_PROP_NAME + "=" + forced + ": allowed values are vector, scalar");
        }
        return available;
    }

    /**
     * Whether the CPU backends use the Vector API kernel.
     *
     * @return true for the vector kernel, false for the scalar fallback.
     */
    public static boolean vectorKernel()
    {
        return VECTOR;
    }

    /**
     * A single-threaded CPU backend with the kernel selected at start.
     *
     * @return a new backend.
     */
    public static CpuBackend cpu()
    {
        return cpu(1);
    }

    /**
     * A CPU backend whose GEMMs use {@code threads} threads (the caller's plus {@code threads - 1}
     * daemon helpers owned by this backend). The helpers live as long as the JVM (they park when
     * idle): create such a backend once per role, not per call.
     *
     * @param threads 1 or more.
     * @return a new backend.
     */
    public static CpuBackend cpu(final int threads)
    {
        return new CpuBackend(gemm(VECTOR, threads), threads, VECTOR);
    }

    /**
     * A single-threaded CPU backend with the scalar kernel, whatever the machine (tests, comparisons).
     *
     * @return a new backend.
     */
    public static CpuBackend cpuScalar()
    {
        return new CpuBackend(gemm(false, 1), 1, false);
    }

    private static Gemm gemm(final boolean vector, final int threads)
    {
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads=" + threads + ": must be at least 1");
        }
        final Gemm[] parts = new Gemm[threads];
        for (int i = 0; i < threads; i++)
        {
            parts[i] = vector ? new VectorGemm() : new ScalarGemm();
        }
        return threads == 1 ? parts[0] : new ParallelGemm(parts);
    }

    /** Touches the Vector API only when this class is loaded, so its absence is survivable. */
    private static final class VectorProbe
    {
        static int preferredFloatLanes()
        {
            try
            {
                return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
            }
            catch (final LinkageError ex)
            {
                return 0;
            }
        }
    }
}
