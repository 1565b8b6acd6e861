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
 * Steps per second of each MinAtar game on one thread, with the reference's default options
 * (sticky actions 0.1, ramping, full action set) and uniformly random actions taken from a
 * pre-generated array. An episode that ends is reset (unseeded) inside the measured operation, so
 * the figure includes the amortised cost of resets.
 *
 * <ul>
 *   <li>{@code step}: {@link MinAtarEnv#step(int, float[], int)}, which also writes the
 *       {@code C x 10 x 10} float observation;</li>
 *   <li>{@code act}: {@link MinAtarEnv#act(int)}, the same step keeping only the compact
 *       (bit) state, for replay-style use.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.BenchMain
 * MinAtarStepBench -f 1 -wi 3 -i 5 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MinAtarStepBench
{
    private static final int ACTIONS = 1 << 16;

    /** The game, by {@link MinAtarGame} constant name. */
    @Param({"BREAKOUT", "FREEWAY", "ASTERIX", "SEAQUEST", "SPACE_INVADERS"})
    public String game;

    private MinAtarEnv env;
    private float[] obs;
    private final int[] actions = new int[ACTIONS];
    private int t;

    /** Makes the environment and the action sequence, and starts an episode. */
    @Setup
    public void setUp()
    {
        final MinAtarGame g = MinAtarGame.valueOf(game);
        env = new MinAtarEnv(g);
        obs = new float[g.channels() * MinAtarEnv.CELLS];
        final Rng rng = new Rng(42);
        for (int i = 0; i < ACTIONS; i++)
        {
            actions[i] = rng.nextInt(6);
        }
        env.reset(1, obs, 0);
    }

    /**
     * One step with the float observation written.
     *
     * @return the reward (consumed by JMH).
     */
    @Benchmark
    public double step()
    {
        final double reward = env.step(actions[t++ & (ACTIONS - 1)], obs, 0);
        if (env.terminated())
        {
            env.reset(obs, 0);
        }
        return reward;
    }

    /**
     * One step keeping only the compact state.
     *
     * @return the reward (consumed by JMH).
     */
    @Benchmark
    public int act()
    {
        final int reward = env.act(actions[t++ & (ACTIONS - 1)]);
        if (env.terminated())
        {
            env.reset(obs, 0);
        }
        return reward;
    }
}
