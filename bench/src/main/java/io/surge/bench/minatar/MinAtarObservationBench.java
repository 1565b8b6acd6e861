package io.surge.bench.minatar;

import io.surge.env.minatar.MinAtarEnv;
import io.surge.env.minatar.MinAtarGame;
import io.surge.util.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Cost of turning the compact (bit) state into the float observation, side by side:
 *
 * <ul>
 *   <li>{@code setBits}: what {@link MinAtarEnv#writeObservation(float[], int)} does: clear the
 *       {@code C x 100} floats, then store 1 at each set bit ({@code numberOfTrailingZeros} loop);</li>
 *   <li>{@code perCell}: one shift, mask and int-to-float conversion per cell, the first version
 *       of {@code writeObservation}, kept here for the comparison.</li>
 * </ul>
 *
 * <p>The state is a mid-episode one (after 20 random steps from seed 3).
 *
 * <p>Run: {@code java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.BenchMain
 * MinAtarObservationBench -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MinAtarObservationBench
{
    /** The game, by {@link MinAtarGame} constant name. */
    @Param({"BREAKOUT", "SEAQUEST"})
    public String game;

    private MinAtarEnv env;
    private float[] obs;
    private long[] bits;

    /** Plays a few steps to get a typical state. */
    @Setup
    public void setUp()
    {
        final MinAtarGame g = MinAtarGame.valueOf(game);
        env = new MinAtarEnv(g);
        obs = new float[g.channels() * MinAtarEnv.CELLS];
        env.reset(3, obs, 0);
        final Rng rng = new Rng(4);
        for (int t = 0; t < 20 && !env.terminated(); t++)
        {
            env.step(rng.nextInt(6), obs, 0);
        }
        bits = new long[env.stateWords()];
        env.copyStateBits(bits, 0);
    }

    /**
     * The production path.
     *
     * @return the buffer (consumed by JMH).
     */
    @Benchmark
    public float[] setBits()
    {
        env.writeObservation(obs, 0);
        return obs;
    }

    /** 8 floats for each byte value: entry {@code b*8 + k} is bit {@code k} of {@code b}. */
    private static final float[] BYTE_TABLE = new float[256 * 8];

    static
    {
        for (int b = 0; b < 256; b++)
        {
            for (int k = 0; k < 8; k++)
            {
                BYTE_TABLE[b * 8 + k] = (b >>> k) & 1;
            }
        }
    }

    /**
     * Eight floats at a time from a table indexed by each byte of the state (no clearing pass).
     *
     * @return the buffer (consumed by JMH).
     */
    @Benchmark
    public float[] byteTable()
    {
        final long[] b = bits;
        final float[] out = obs;
        int o = 0;
        for (int w = 0; w < b.length; w += 2)
        {
            final long lo = b[w];
            final long hi = b[w + 1];
            for (int k = 0; k < 64; k += 8)
            {
                System.arraycopy(BYTE_TABLE, ((int)(lo >>> k) & 0xFF) << 3, out, o + k, 8);
            }
            for (int k = 0; k < 32; k += 8)
            {
                System.arraycopy(BYTE_TABLE, ((int)(hi >>> k) & 0xFF) << 3, out, o + 64 + k, 8);
            }
            System.arraycopy(BYTE_TABLE, ((int)(hi >>> 32) & 0xF) << 3, out, o + 96, 4);
            o += MinAtarEnv.CELLS;
        }
        return out;
    }

    /**
     * One conversion per cell.
     *
     * @return the buffer (consumed by JMH).
     */
    @Benchmark
    public float[] perCell()
    {
        final long[] b = bits;
        final float[] out = obs;
        int o = 0;
        for (int w = 0; w < b.length; w += 2)
        {
            final long lo = b[w];
            final long hi = b[w + 1];
            for (int i = 0; i < 64; i++)
            {
                out[o + i] = (float)((lo >>> i) & 1L);
            }
            for (int i = 0; i < MinAtarEnv.CELLS - 64; i++)
            {
                out[o + 64 + i] = (float)((hi >>> i) & 1L);
            }
            o += MinAtarEnv.CELLS;
        }
        return out;
    }
}
