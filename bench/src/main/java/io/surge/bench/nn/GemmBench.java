package io.surge.bench.nn;

import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;
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
 * GEMM {@code C[M×N] = A[M×K]·B[K×N]} (row-major, no transposes) on RL-sized shapes, written
 * {@code MxNxK}: 256³; a batch of 256 four-feature observations into 256 units (256x256x4);
 * 512x64x256; 32x1024x128. GFLOP/s = 2·M·N·K / time; {@link CompareNn} prints it with the peak share.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBench
{
    /** M x N x K. */
    @Param({"256x256x256", "256x256x4", "512x64x256", "32x1024x128"})
    public String shape;

    /** Intra-op threads of the backend. */
    @Param({"1"})
    public int threads;

    /**
     * Which operands are transposed: {@code NN} (the default, and what PyTorch's side measures),
     * {@code NT} (a dense layer's forward, {@code x·Wᵀ}) or {@code TN} (its weight gradient,
     * {@code dyᵀ·x}). A dense layer's input gradient is {@code NN}.
     */
    @Param({"NN"})
    public String layout;

    private Backend backend;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Allocates and fills the matrices. */
    @Setup
    public void setup()
    {
        final String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        backend = Backends.cpu(threads);
        a = random(m * k, 1);
        b = random(k * n, 2);
        c = new float[m * n];
    }

    static float[] random(final int size, final long seed)
    {
        final Rng rng = new Rng(seed);
        final float[] x = new float[size];
        for (int i = 0; i < size; i++)
        {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /**
     * One product.
     *
     * @return C, so the work is not eliminated.
     */
    @Benchmark
    public float[] gemm()
    {
        switch (layout)
        {
            case "NT" -> backend.gemm(false, true, m, n, k, a, 0, k, b, 0, k, 0f, c, 0, n);
            case "TN" -> backend.gemm(true, false, m, n, k, a, 0, m, b, 0, n, 0f, c, 0, n);
            default -> backend.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        }
        return c;
    }
}
