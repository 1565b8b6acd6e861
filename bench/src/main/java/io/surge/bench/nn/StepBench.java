package io.surge.bench.nn;

import io.surge.nn.Network;
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
 * A learner's training step (forward + backward + Adam) on the models:
 * <ul>
 *   <li>{@code mlp}: MLP 4-256-256-2 (ReLU), batch 256;</li>
 *   <li>{@code minatar}: MinAtar Q-network (10×10×4 input, 16 3×3 filters, 128 hidden, 6 outputs), batch 32;</li>
 *   <li>{@code lstm}: LSTM with input 64 and hidden 128 over 80 steps, batch 32 (loss on every h_t).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBench
{
    /** Which model. */
    @Param({"mlp", "minatar", "lstm"})
    public String model;

    /** Intra-op threads of the backend. */
    @Param({"1"})
    public int threads;

    private TrainStep step;

    /** Builds the model and its data. */
    @Setup
    public void setup()
    {
        step = switch (model)
        {
            case "mlp" -> new TrainStep(Network.mlp(4, 256, 256, 2), 1, 256, threads);
            case "minatar" -> new TrainStep(Network.minAtar(4, 6), 1, 32, threads);
            case "lstm" -> new TrainStep(Network.builder(64).lstm(128).build(), 80, 32, threads);
            default -> throw new IllegalArgumentException("unknown model " + model);
        };
    }

    /**
     * One training step.
     *
     * @return the loss.
     */
    @Benchmark
    public double step()
    {
        return step.run();
    }
}
