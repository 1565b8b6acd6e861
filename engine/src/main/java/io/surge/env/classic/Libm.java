package io.surge.env.classic;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * The transcendental functions the classic-control environments use: by default the C library's
 * {@code sin}, {@code cos} and {@code pow}, called through the Foreign Function and Memory API.
 * They are the functions Python's {@code math} module, Python's float {@code **} and NumPy's
 * float64 scalar operations call on Linux, which is what makes the environments bit-exact to
 * Gymnasium on the same machine.
 *
 * <p>Why not {@link Math}: HotSpot's intrinsics and glibc are both accurate to within an ulp but
 * neither is correctly rounded, so they disagree in the last bit on some inputs: about 0.2-0.3%
 * for {@code sin}/{@code cos} (measured on 10^6 random arguments in [-12, 12] against glibc
 * 2.36). Even {@code x**2} is not always {@code x*x}: Python and NumPy evaluate it with
 * {@code pow}, which glibc rounds correctly only to within 0.52 ulp (Pendulum's and Acrobot's
 * recorded episodes contain such steps). One differing bit at the start of a balanced 500-step
 * CartPole episode grows to a visible difference in the state by the end. The downcall costs
 * about what the intrinsic costs (12-15 ns per call measured on this project's 2-core build VM),
 * so nothing is lost.
 *
 * <p>{@link SinCos} gets both of one angle in one downcall ({@code sincos}), {@link #square(double)}
 * avoids the {@code pow} downcall where {@code x*x} is provably the same.
 *
 * <p>Choice: system property {@value #PROPERTY} = {@code libm} (default) or {@code java}
 * ({@link Math#sin}, {@link Math#cos}, {@link Math#pow}). When the C library cannot be reached
 * (native access denied, a symbol missing), the class falls back to {@code java} and
 * {@link #implementation()} says why. The choice is made once, when the class loads.
 *
 * <p>Threading: stateless, thread-safe. Calls do not allocate once compiled.
 */
public final class Libm
{
    /** System property choosing the implementation: {@code libm} or {@code java}. */
    public static final String PROPERTY = "surge.env.classic.libm";

    private static final MethodHandle SIN;
    private static final MethodHandle COS;
    private static final MethodHandle POW;
    private static final MethodHandle SINCOS;
    private static final boolean USE_LIBM;
    private static final FunctionDescriptor DOUBLE_TO_DOUBLE =
        FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE);
    private static final FunctionDescriptor DOUBLES_TO_DOUBLE =
        FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE, ValueLayout.JAVA_DOUBLE);
    private static final FunctionDescriptor DOUBLE_TO_TWO_POINTERS =
        FunctionDescriptor.ofVoid(ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final String IMPLEMENTATION;

    static
    {
        final String wanted = System.getProperty(PROPERTY, "libm").trim().toLowerCase(Locale.ROOT);
        MethodHandle sin = null;
        MethodHandle cos = null;
        MethodHandle pow = null;
        MethodHandle sincos = null;
        String implementation;
        if ("java".equals(wanted))
        {
            implementation = "java.lang.Math (" + PROPERTY + "=java)";
        }
        else if (!"libm".equals(wanted))
        {
            throw new IllegalArgumentException(
                PROPERTY + "=" + wanted + " is not a known implementation; allowed: libm, java");
        }
        else
        {
            try
            {
                final Linker linker = Linker.nativeLinker();
                final SymbolLookup lookup = linker.defaultLookup();
                final Optional<MemorySegment> sinSymbol = lookup.find("sin");
                final Optional<MemorySegment> cosSymbol = lookup.find("cos");
                final Optional<MemorySegment> powSymbol = lookup.find("pow");
                if (sinSymbol.isPresent() && cosSymbol.isPresent() && powSymbol.isPresent())
                {
                    sin = downcall(linker, sinSymbol.get(), DOUBLE_TO_DOUBLE);
                    cos = downcall(linker, cosSymbol.get(), DOUBLE_TO_DOUBLE);
                    pow = downcall(linker, powSymbol.get(), DOUBLES_TO_DOUBLE);
                    // GNU extension; glibc computes it with the very code of sin and cos.
                    final Optional<MemorySegment> sincosSymbol = lookup.find("sincos");
                    if (sincosSymbol.isPresent())
                    {
                        sincos = downcall(linker, sincosSymbol.get(), DOUBLE_TO_TWO_POINTERS);
                    }
                    implementation = "C library sin/cos/pow" + (sincos != null ? "/sincos" : "") + " through the FFM API";
                }
                else
                {
                    implementation = "java.lang.Math (fallback: the C library lacks sin, cos or pow)";
                }
            }
            catch (final RuntimeException ex)
            {
                sin = null;
                cos = null;
                pow = null;
                sincos = null;
                implementation = "java.lang.Math (fallback: " + ex + ")";
            }
        }
        SIN = sin;
        COS = cos;
        POW = pow;
        SINCOS = sincos;
        USE_LIBM = sin != null;
        IMPLEMENTATION = implementation;
    }

    private Libm()
    {
    }

    /**
     * A downcall handle for a C math function. Restricted because a wrong signature could crash
     * the JVM; {@code sin}, {@code cos} (C99 7.12.4), {@code pow} (7.12.7.4) and the GNU
     * {@code void sincos(double, double*, double*)} have exactly the descriptors used here. {@code critical}: a leaf call that neither blocks nor calls back into
     * Java, so the cheap transition applies.
     */
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(final Linker linker, final MemorySegment symbol, final FunctionDescriptor descriptor)
    {
        return linker.downcallHandle(symbol, descriptor, Linker.Option.critical(false));
    }

    /**
     * Which implementation is in use, for reports.
     *
     * @return a short description.
     */
    public static String implementation()
    {
        return IMPLEMENTATION;
    }

    /**
     * Whether the C library's functions are in use (so results match Python on this machine).
     *
     * @return true for {@code libm}.
     */
    public static boolean usesLibm()
    {
        return USE_LIBM;
    }

    /**
     * The sine.
     *
     * @param x the angle in radians.
     * @return sin(x).
     */
    public static double sin(final double x)
    {
        if (USE_LIBM)
        {
            try
            {
                return (double)SIN.invokeExact(x);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("C library sin failed", ex);
            }
        }
        return Math.sin(x);
    }

    /**
     * The cosine.
     *
     * @param x the angle in radians.
     * @return cos(x).
     */
    public static double cos(final double x)
    {
        if (USE_LIBM)
        {
            try
            {
                return (double)COS.invokeExact(x);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("C library cos failed", ex);
            }
        }
        return Math.cos(x);
    }

    /**
     * The power, as C's {@code pow} (what Python's and NumPy's float64 {@code x**y} evaluate).
     *
     * @param x the base.
     * @param y the exponent.
     * @return x to the power y.
     */
    public static double pow(final double x, final double y)
    {
        if (USE_LIBM)
        {
            try
            {
                return (double)POW.invokeExact(x, y);
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException("C library pow failed", ex);
            }
        }
        return Math.pow(x, y);
    }

    /**
     * {@code x**2} as Python and NumPy compute it, that is C's {@code pow(x, 2)}, but without the
     * downcall when the answer is certain. glibc's {@code pow} is documented to err by less than
     * 0.52 ulp (round to nearest), so it returns {@code p = fl(x*x)} whenever the exact square lies
     * within 0.48 ulp of {@code p}; the exact error {@code x*x - p} is one fused multiply-add. This
     * method takes that shortcut below 0.45 ulp (about 90% of random inputs) and calls {@code pow}
     * otherwise, and near powers of two, subnormals and overflow. On 2*10^7 random inputs, every
     * case where glibc's {@code pow(x, 2)} differed from {@code x*x} (0.08% of them) had an error
     * of at least 0.49 ulp, as the bound says.
     *
     * @param x the base.
     * @return {@code pow(x, 2)}; {@code x*x} with the {@code java} implementation.
     */
    public static double square(final double x)
    {
        final double p = x * x;
        if (USE_LIBM &&
            (!(p >= Double.MIN_NORMAL && p <= Double.MAX_VALUE) || isPowerOfTwo(p) || Math.abs(Math.fma(x, x, -p)) >= 0.45 * Math.ulp(p)))
        {
            return pow(x, 2);
        }
        return p; // with the java.lang.Math fallback too: Math.pow(x, 2) is x*x
    }

    private static boolean isPowerOfTwo(final double p)
    {
        return (Double.doubleToRawLongBits(p) & 0x000F_FFFF_FFFF_FFFFL) == 0;
    }

    /**
     * Sine and cosine of one angle in one call, with results identical to {@link Libm#sin} and
     * {@link Libm#cos}: C's {@code sincos} where the library has it (glibc computes it with the code
     * of {@code sin} and {@code cos}; identical on 10^7 random inputs checked, and
     * {@code LibmTest} checks it again), two calls otherwise. It saves one downcall, about a third
     * of the cost of the pair. Holds a 16-byte native buffer for the results, so each owner (an
     * environment) makes its own.
     *
     * <p>Threading: not thread-safe; one owner thread. {@link #compute(double)} does not allocate.
     */
    public static final class SinCos
    {
        private final MemorySegment sinOut;
        private final MemorySegment cosOut;
        private double sin;
        private double cos;

        /** A pair with its own native buffer (freed when this object is garbage). */
        public SinCos()
        {
            final MemorySegment out = Arena.ofAuto().allocate(16, 8);
            sinOut = out.asSlice(0, 8);
            cosOut = out.asSlice(8, 8);
        }

        /**
         * Computes {@code sin(x)} and {@code cos(x)}, then readable from {@link #sin()} and {@link #cos()}.
         *
         * @param x the angle in radians.
         */
        public void compute(final double x)
        {
            if (SINCOS != null)
            {
                try
                {
                    SINCOS.invokeExact(x, sinOut, cosOut);
                }
                catch (final Throwable ex)
                {
                    throw new IllegalStateException("C library sincos failed", ex);
                }
                sin = sinOut.get(ValueLayout.JAVA_DOUBLE, 0);
                cos = cosOut.get(ValueLayout.JAVA_DOUBLE, 0);
            }
            else
            {
                sin = Libm.sin(x);
                cos = Libm.cos(x);
            }
        }

        /**
         * The sine of the last {@link #compute(double)}.
         *
         * @return sin(x).
         */
        public double sin()
        {
            return sin;
        }

        /**
         * The cosine of the last {@link #compute(double)}.
         *
         * @return cos(x).
         */
        public double cos()
        {
            return cos;
        }
    }
}
