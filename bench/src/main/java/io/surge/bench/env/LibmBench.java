package io.surge.bench.env;

import io.surge.env.classic.Libm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The price of exactness: one {@code sin} plus one {@code cos} through {@link Libm} (the C
 * library via FFM, what makes the environments bit-exact to Gymnasium; also as one
 * {@link Libm.SinCos} call) against
 * {@link Math#sin}/{@link Math#cos} (HotSpot's intrinsics), over CartPole-like angles in
 * [-0.25, 0.25] and Pendulum-like angles in [-8, 8]. Side by side in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LibmBench
{
    /** Made by JMH. */
    public LibmBench()
    {
    }

    private static final int N = 1024;

    private final double[] small = new double[N];
    private final double[] wide = new double[N];
    private final Libm.SinCos pair = new Libm.SinCos();

    /** Fills the angle tables. */
    @Setup
    public void setUp()
    {
        final io.surge.util.Rng rng = new io.surge.util.Rng(5L);
        for (int i = 0; i < N; i++)
        {
            small[i] = (rng.nextDouble() - 0.5) * 0.5;
            wide[i] = (rng.nextDouble() - 0.5) * 16;
        }
    }

    /**
     * Libm over small angles.
     *
     * @return a sum, so the calls are not eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public double libmSmallAngles()
    {
        double sum = 0;
        for (final double x : small)
        {
            sum += Libm.sin(x) + Libm.cos(x);
        }
        return sum;
    }

    /**
     * Libm's one-call sine and cosine over small angles.
     *
     * @return a sum, so the calls are not eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public double libmSinCosSmallAngles()
    {
        double sum = 0;
        for (final double x : small)
        {
            pair.compute(x);
            sum += pair.sin() + pair.cos();
        }
        return sum;
    }

    /**
     * Math over small angles.
     *
     * @return a sum, so the calls are not eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public double mathSmallAngles()
    {
        double sum = 0;
        for (final double x : small)
        {
            sum += Math.sin(x) + Math.cos(x);
        }
        return sum;
    }

    /**
     * Libm over wide angles.
     *
     * @return a sum, so the calls are not eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public double libmWideAngles()
    {
        double sum = 0;
        for (final double x : wide)
        {
            sum += Libm.sin(x) + Libm.cos(x);
        }
        return sum;
    }

    /**
     * Math over wide angles.
     *
     * @return a sum, so the calls are not eliminated.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public double mathWideAngles()
    {
        double sum = 0;
        for (final double x : wide)
        {
            sum += Math.sin(x) + Math.cos(x);
        }
        return sum;
    }
}
