package io.surge.replay;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The importance weights of a batch of 512, {@code (float) (x^-β / maxWeight)}, three ways:
 * {@code Math.pow} per row, {@link FloatPow#quotient} (what the replays use), and the Vector API's
 * {@code POW} on 4 lanes. In package {@code io.surge.replay} because {@link FloatPow} is
 * package-private. Average time per row:
 * <pre>
 * java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.BenchMain FloatPowBench -f 1 -wi 3 -i 5 -w 2 -r 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FloatPowBench
{
    private static final int ROWS = 512;
    private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_256;
    private static final double BETA = 0.5;

    private final double[] bases = new double[ROWS];
    private final double[] powers = new double[ROWS];
    private final float[] weights = new float[ROWS];
    private double maxWeight;

    /** Bases {@code (p / total) * n} over about three orders of magnitude either side of 1, as in a replay. */
    @Setup
    public void setup()
    {
        final SplittableRandom random = new SplittableRandom(7);
        double smallest = Double.MAX_VALUE;
        for (int i = 0; i < ROWS; i++)
        {
            bases[i] = Math.exp(random.nextDouble(-3.0, 3.0));
            smallest = Math.min(smallest, bases[i]);
        }
        maxWeight = Math.pow(smallest, -BETA);
    }

    /**
     * {@code Math.pow} per row, as the replays computed the weights before {@link FloatPow}.
     *
     * @return the weights.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[] mathPow()
    {
        for (int i = 0; i < ROWS; i++)
        {
            weights[i] = (float)(Math.pow(bases[i], -BETA) / maxWeight);
        }
        return weights;
    }

    /**
     * {@link FloatPow#quotient} per row: the same floats.
     *
     * @return the weights.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[] floatPow()
    {
        for (int i = 0; i < ROWS; i++)
        {
            weights[i] = FloatPow.quotient(bases[i], -BETA, maxWeight);
        }
        return weights;
    }

    /**
     * The Vector API's {@code POW}, 4 lanes at a time, then the division and the conversion per row.
     *
     * @return the weights.
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[] vectorPow()
    {
        for (int i = 0; i < ROWS; i += LANES.length())
        {
            DoubleVector.fromArray(LANES, bases, i).lanewise(VectorOperators.POW, -BETA).intoArray(powers, i);
        }
        for (int i = 0; i < ROWS; i++)
        {
            weights[i] = (float)(powers[i] / maxWeight);
        }
        return weights;
    }
}
