package io.surge.env.minatar;

/**
 * A bit-exact replica of the draws MinAtar makes from NumPy's legacy
 * {@code numpy.random.RandomState}: the 32-bit Mersenne Twister MT19937 (Matsumoto and
 * Nishimura, 1998) with the classic {@code init_genrand} seeding, and NumPy's rules for turning
 * its 32-bit words into {@link #rand() doubles} and {@link #randint(long, long) bounded integers}.
 *
 * <p>The rules, as NumPy applies them:
 * <ul>
 *   <li>{@code RandomState(s)} for an integer {@code 0 <= s < 2^32} seeds with
 *       {@code init_genrand(s)}; see {@link #seed(long)} for other seeds.</li>
 *   <li>{@code rand()} = {@code ((u >>> 5) * 67108864 + (v >>> 6)) / 2^53} for two consecutive
 *       words {@code u, v}: 53 random bits, uniform on {@code [0, 1)}.</li>
 *   <li>{@code randint(low, high)}: with {@code range = high - 1 - low} and {@code mask} the
 *       smallest {@code 2^k - 1 >= range}, draw {@code w & mask} one word at a time until it is
 *       {@code <= range}, and return {@code low + w}. A range of 0 returns {@code low} without a
 *       draw.</li>
 *   <li>Array draws ({@code rand(n)}, {@code randint(low, high, n)}) are taken element by
 *       element in order, so they equal {@code n} scalar draws.</li>
 * </ul>
 *
 * <p>A {@link DrawListener} can watch every {@code rand}/{@code randint} draw (tests and
 * replay tools use it to compare the call sequence with a recording); with none set the cost is
 * one predictable branch per draw.
 *
 * <p>Threading: not thread-safe; one environment owns one generator. Nothing allocates after
 * construction.
 */
public final class NumpyRandomState
{
    /** Words of state. */
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final double TWO_POW_53 = 9007199254740992.0;

    /**
     * Watches the draws of a {@link NumpyRandomState}, in the order they are made.
     */
    public interface DrawListener
    {
        /**
         * A {@code rand()} draw.
         *
         * @param value the value returned.
         */
        void rand(double value);

        /**
         * A {@code randint(low, high)} draw (one element of an array draw).
         *
         * @param low    the inclusive lower bound.
         * @param high   the exclusive upper bound.
         * @param result the value returned.
         */
        void randint(long low, long high, long result);
    }

    private final int[] mt = new int[N];
    private final int[] seedKey = new int[2];
    private int index = N + 1;
    private DrawListener listener;

    /**
     * A generator seeded as {@code RandomState(seed)}.
     *
     * @param seed the seed; see {@link #seed(long)}.
     */
    public NumpyRandomState(final long seed)
    {
        seed(seed);
    }

    /**
     * Reseeds the generator.
     *
     * <p>A seed in {@code [0, 2^32)} gives exactly {@code numpy.random.RandomState(seed)}
     * ({@code init_genrand}). NumPy rejects other integers; here they are seeded instead with
     * MT19937's {@code init_by_array} over the two 32-bit halves of the 64-bit two's-complement
     * value, low half first, which is what {@code RandomState(np.array([lo, hi], dtype=np.uint32))}
     * does. So every {@code long} is a valid seed and distinct seeds give distinct streams.
     *
     * @param seed the seed.
     */
    public void seed(final long seed)
    {
        if (seed >= 0 && seed <= 0xFFFF_FFFFL)
        {
            initGenrand((int)seed);
        }
        else
        {
            seedKey[0] = (int)seed;
            seedKey[1] = (int)(seed >>> 32);
            initByArray(seedKey, 2);
        }
    }

    private void initGenrand(final int s)
    {
        mt[0] = s;
        for (int i = 1; i < N; i++)
        {
            final int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
    }

    /**
     * MT19937's {@code init_by_array} (NumPy's seeding from an array of uint32).
     *
     * @param key    the key words.
     * @param length how many of them to use, at least 1.
     */
    void initByArray(final int[] key, final int length)
    {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, length); k > 0; k--)
        {
            final int prev = mt[i - 1];
            mt[i] = (mt[i] ^ ((prev ^ (prev >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N)
            {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= length)
            {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--)
        {
            final int prev = mt[i - 1];
            mt[i] = (mt[i] ^ ((prev ^ (prev >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N)
            {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
        index = N;
    }

    /**
     * The next raw 32-bit word, as an unsigned value in an {@code int} (use
     * {@link Integer#toUnsignedLong(int)} to read it as a number).
     *
     * @return the word.
     */
    public int nextWord()
    {
        if (index >= N)
        {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist()
    {
        final int[] s = mt;
        int k = 0;
        for (; k < N - M; k++)
        {
            final int y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
            s[k] = s[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; k < N - 1; k++)
        {
            final int y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
            s[k] = s[k + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        final int y = (s[N - 1] & UPPER_MASK) | (s[0] & LOWER_MASK);
        s[N - 1] = s[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        index = 0;
    }

    /**
     * NumPy's {@code rand()} / {@code random_sample()}: a double uniform on {@code [0, 1)} from
     * two words.
     *
     * @return the value.
     */
    public double rand()
    {
        final long a = Integer.toUnsignedLong(nextWord()) >>> 5;
        final long b = Integer.toUnsignedLong(nextWord()) >>> 6;
        final double value = (a * 67108864.0 + b) / TWO_POW_53;
        if (listener != null)
        {
            listener.rand(value);
        }
        return value;
    }

    /**
     * NumPy's {@code randint(low, high)}: an integer uniform on {@code [low, high)} by masked
     * rejection (one word per try).
     *
     * @param low  the inclusive lower bound.
     * @param high the exclusive upper bound, {@code low < high <= low + 2^32}.
     * @return the value.
     * @throws IllegalArgumentException if the range is empty or wider than 2^32.
     */
    public long randint(final long low, final long high)
    {
        final long range = high - 1 - low;
        if (range < 0 || range > 0xFFFF_FFFFL)
        {
            throw new IllegalArgumentException("randint needs low < high <= low + 2^32, got [" + low + ", " + high + ")");
        }
        long value = 0;
        if (range != 0)
        {
            final long mask = -1L >>> Long.numberOfLeadingZeros(range);
            do
            {
                value = Integer.toUnsignedLong(nextWord()) & mask;
            }
            while (value > range);
        }
        final long result = low + value;
        if (listener != null)
        {
            listener.randint(low, high, result);
        }
        return result;
    }

    /**
     * NumPy's {@code randint(n)}: {@link #randint(long, long) randint(0, n)}.
     *
     * @param n the exclusive upper bound, at least 1.
     * @return the value, in {@code [0, n)}.
     */
    public int randint(final int n)
    {
        return (int)randint(0, n);
    }

    /**
     * Sets the listener that sees every {@code rand}/{@code randint} draw, or {@code null} for none.
     *
     * @param listener the listener.
     */
    public void drawListener(final DrawListener listener)
    {
        this.listener = listener;
    }
}
