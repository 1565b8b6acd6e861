package io.surge.bench.returns;

import io.surge.algo.returns.VTrace;
import io.surge.util.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Time for V-trace targets and advantages over one learner batch of T×B steps (time-major,
 * default thresholds ρ̄ = c̄ = ρ̄pg = 1, λ = 1), from log ρ, in float64 and float32. Inputs are
 * random with episode ends; outputs go into preallocated arrays, so {@code -prof gc} should show
 * 0 B/op. {@code float64ExpOnly} times the kernel's exponentials alone, for comparison.
 *
 * <p>{@code java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.BenchMain
 * VTraceBench -f 1 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VTraceBench
{
    /** The batch shape, {@code T x B}. */
    @Param({"20x32", "80x64"})
    public String shape;

    private int timeSteps;
    private int batch;
    private final VTrace vtrace = new VTrace();

    private double[] logRhos;
    private double[] discounts;
    private double[] rewards;
    private double[] values;
    private double[] bootstrap;
    private double[] vs;
    private double[] pgAdvantages;

    private float[] logRhosF;
    private float[] discountsF;
    private float[] rewardsF;
    private float[] valuesF;
    private float[] bootstrapF;
    private float[] vsF;
    private float[] pgAdvantagesF;

    /** Made by JMH. */
    public VTraceBench()
    {
    }

    /** Makes the batch. */
    @Setup
    public void setUp()
    {
        final String[] parts = shape.split("x");
        timeSteps = Integer.parseInt(parts[0]);
        batch = Integer.parseInt(parts[1]);
        final int n = timeSteps * batch;
        final Rng rng = new Rng(42);
        logRhos = new double[n];
        discounts = new double[n];
        rewards = new double[n];
        values = new double[n];
        bootstrap = new double[batch];
        for (int i = 0; i < n; i++)
        {
            logRhos[i] = 0.5 * rng.nextGaussian();
            discounts[i] = rng.nextInt(50) == 0 ? 0.0 : 0.99;
            rewards[i] = rng.nextGaussian();
            values[i] = 3.0 * rng.nextGaussian();
        }
        for (int b = 0; b < batch; b++)
        {
            bootstrap[b] = 3.0 * rng.nextGaussian();
        }
        vs = new double[n];
        pgAdvantages = new double[n];
        logRhosF = toFloat(logRhos);
        discountsF = toFloat(discounts);
        rewardsF = toFloat(rewards);
        valuesF = toFloat(values);
        bootstrapF = toFloat(bootstrap);
        vsF = new float[n];
        pgAdvantagesF = new float[n];
    }

    /**
     * One batch in float64.
     *
     * @return the targets (consumed by JMH).
     */
    @Benchmark
    public double[] float64()
    {
        vtrace.fromLogRhos(timeSteps, batch, logRhos, discounts, rewards, values, bootstrap, vs, pgAdvantages);
        return vs;
    }

    /**
     * One batch in float32.
     *
     * @return the targets (consumed by JMH).
     */
    @Benchmark
    public float[] float32()
    {
        vtrace.fromLogRhos(timeSteps, batch, logRhosF, discountsF, rewardsF, valuesF, bootstrapF, vsF, pgAdvantagesF);
        return vsF;
    }

    /**
     * Baseline: only the T×B exponentials ρ = exp(log ρ) the float64 kernel takes, into the same
     * output array, to show how much of its time they are.
     *
     * @return the exponentials (consumed by JMH).
     */
    @Benchmark
    public double[] float64ExpOnly()
    {
        final double[] in = logRhos;
        final double[] out = vs;
        final int n = timeSteps * batch;
        for (int i = 0; i < n; i++)
        {
            out[i] = Math.exp(in[i]);
        }
        return out;
    }

    private static float[] toFloat(final double[] values)
    {
        final float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++)
        {
            out[i] = (float)values[i];
        }
        return out;
    }
}
