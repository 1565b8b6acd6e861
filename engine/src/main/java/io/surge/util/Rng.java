package io.surge.util;

import java.util.random.RandomGenerator;

/**
 * The engine's seeded random generator: xoshiro256** (Blackman and Vigna) seeded through
 * SplitMix64, with its whole state readable and restorable so that checkpoints can resume a
 * run's random streams exactly.
 *
 * <p>Written here rather than taken from {@code java.util.random} because the JDK's generators
 * do not expose their state, and checkpoints need it. All the derived draws
 * ({@code nextDouble}, {@code nextInt(bound)}, {@code nextGaussian}, ...) come from
 * {@link RandomGenerator}'s allocation-free defaults.
 *
 * <p>Threading: not thread-safe; each role owns its generators.
 */
public final class Rng implements RandomGenerator
{
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /**
     * A generator seeded with {@code seed}.
     *
     * @param seed any 64-bit value; equal seeds give equal streams.
     */
    public Rng(final long seed)
    {
        setSeed(seed);
    }

    /**
     * Reseeds this generator: afterwards it produces the same stream as {@code new Rng(seed)}.
     *
     * @param seed any 64-bit value.
     */
    public void setSeed(final long seed)
    {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    /**
     * Derives the seed of an independent stream from a parent seed and a stream index, for
     * example one per actor or per sub-environment. The mapping is a bijective mix, so distinct
     * (seed, index) pairs give unrelated seeds.
     *
     * @param seed  the parent seed.
     * @param index the stream index.
     * @return the derived seed.
     */
    public static long deriveSeed(final long seed, final long index)
    {
        return mix(seed ^ mix(index + 0x632BE59BD9B4E019L));
    }

    private static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nextLong()
    {
        final long result = Long.rotateLeft(s1 * 5, 7) * 9;
        final long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /**
     * Copies the four state words into {@code out[offset..offset+4)}.
     *
     * @param out    destination.
     * @param offset first index written.
     */
    public void saveState(final long[] out, final int offset)
    {
        out[offset] = s0;
        out[offset + 1] = s1;
        out[offset + 2] = s2;
        out[offset + 3] = s3;
    }

    /**
     * Restores a state saved by {@link #saveState(long[], int)}.
     *
     * @param in     source.
     * @param offset first index read.
     */
    public void restoreState(final long[] in, final int offset)
    {
        s0 = in[offset];
        s1 = in[offset + 1];
        s2 = in[offset + 2];
        s3 = in[offset + 3];
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new IllegalArgumentException("xoshiro256** state must not be all zero");
        }
    }
}
