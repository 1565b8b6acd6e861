package io.surge.bench.nn;

import io.surge.nn.Network;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backends;
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
 * An actor's forward pass (no backward) on one observation and on a vector-env batch of 32:
 * {@code mlp} (4-256-256-2) and {@code minatar} (the MinAtar Q-network). Single-threaded, as actors run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InferenceBench
{
    /** Which model. */
    @Param({"mlp", "minatar"})
    public String model;

    /** Observations per forward pass. */
    @Param({"1", "32"})
    public int batch;

    private Network net;
    private float[] theta;
    private float[] obs;
    private Workspace ws;

    /** Builds the model and its data. */
    @Setup
    public void setup()
    {
        net = "mlp".equals(model) ? Network.mlp(4, 256, 256, 2) : Network.minAtar(4, 6);
        theta = net.newParameters();
        net.initialize(theta, 1);
        obs = GemmBench.random(batch * net.inputSize(), 2);
        ws = net.newWorkspace(batch, 1, false, Backends.cpu());
    }

    /**
     * One forward pass.
     *
     * @return the outputs.
     */
    @Benchmark
    public float[] forward()
    {
        return net.forward(theta, ws, obs, 0, batch);
    }
}
