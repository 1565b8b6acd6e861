package io.surge.nn;

import io.surge.nn.backend.Activation;
import io.surge.nn.backend.Backends;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero bytes allocated per forward, backward and optimizer step after warm-up, measured with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} over many iterations.
 *
 * <p>Each model is measured in a JVM of its own (this class's {@link #main}, started by the test
 * with the engine's JVM flags), as a learner or actor role runs its network: in one JVM that has
 * already compiled the same kernels for other shapes (the rest of the test suite), C2 sometimes
 * recompiles a Vector API kernel without some of its intrinsics and the boxed vectors allocate
 * until the next recompilation (see docs/nn.md, "Allocation").
 */
class AllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    /** One training step: forward, loss gradient, backward, clip, optimizer step. */
    static final class Step
    {
        final Network net;
        final float[] theta;
        final float[] grads;
        final float[] input;
        final float[] dOut;
        final float[] state;
        final Workspace train;
        final Workspace infer;
        final Optimizer opt;
        final int steps;
        final int batch;

        Step(final Network net, final int steps, final int batch, final Optimizer opt)
        {
            this.net = net;
            this.steps = steps;
            this.batch = batch;
            this.opt = opt;
            theta = net.newParameters();
            net.initialize(theta, 1);
            grads = net.newParameters();
            final Rng rng = new Rng(2);
            input = new float[steps * batch * net.inputSize()];
            for (int i = 0; i < input.length; i++)
            {
                input[i] = (float) rng.nextGaussian();
            }
            dOut = new float[steps * batch * net.outputSize()];
            state = new float[batch * net.stateSize()];
            train = net.newWorkspace(batch, steps, true, Backends.cpu());
            infer = net.newWorkspace(batch, steps, false, Backends.cpu());
        }

        void run()
        {
            final float[] out = net.recurrent()
                ? net.forwardSequence(theta, train, input, 0, steps, batch, state, 0)
                : net.forward(theta, train, input, 0, batch);
            for (int i = 0; i < dOut.length; i++)
            {
                dOut[i] = 1e-3f * out[i];
            }
            java.util.Arrays.fill(grads, 0f);
            net.backward(theta, grads, train, dOut, 0);
            Gradients.clipByGlobalNorm(train.backend(), grads, 10.0);
            opt.step(theta, grads);
            // Actor-style inference: one observation, then the whole batch.
            if (net.recurrent())
            {
                net.forwardSequence(theta, infer, input, 0, 1, 1, infer.state(), 0);
                net.forwardSequence(theta, infer, input, 0, 1, batch, infer.state(), 0);
            }
            else
            {
                net.forward(theta, infer, input, 0, 1);
                net.forward(theta, infer, input, 0, batch);
            }
        }
    }

    /**
     * Warms up, then measures windows of {@code measured} steps until one allocates nothing (C2
     * compiles in the background, later on a loaded machine) or 60 s pass.
     */
    static long measure(final Step step, final int warmup, final int measured)
    {
        for (int i = 0; i < warmup; i++)
        {
            step.run();
        }
        final long deadline = System.nanoTime() + 60_000_000_000L;
        long last;
        do
        {
            final long before = allocated();
            for (int i = 0; i < measured; i++)
            {
                step.run();
            }
            last = allocated() - before;
        }
        while (last != 0 && System.nanoTime() < deadline);
        return last;
    }

    static Step step(final String model)
    {
        return switch (model)
        {
            case "mlp" ->
            {
                final Network net = Network.mlp(4, 64, 64, 2);
                yield new Step(net, 1, 32, new Adam(Backends.cpu(), net.parameterCount(), 1e-4f));
            }
            case "conv" ->
            {
                final Network net = Network.builder(10, 10, 4).conv2d(8, 3, 1, 1).relu().conv2d(8, 3, 2, 0).relu()
                    .dense(32).relu().duelingHead(6, 16).build();
                yield new Step(net, 1, 8, new RmsProp(Backends.cpu(), net.parameterCount(), 1e-4f, 0.99f, 0.9f,
                    0.01f, true));
            }
            case "lstm" ->
            {
                final Network net = Network.builder(6).dense(16, Activation.RELU).lstm(16).policyValueHead(4).build();
                yield new Step(net, 5, 4, new Sgd(Backends.cpu(), net.parameterCount(), 1e-4f, 0.9f));
            }
            default -> throw new IllegalArgumentException(model);
        };
    }

    /**
     * Measures one model and prints {@code bytes=<n>} (bytes allocated over the last window).
     *
     * @param args the model: mlp, conv or lstm.
     */
    public static void main(final String[] args)
    {
        final Step s = step(args[0]);
        System.out.println("bytes=" + measure(s, 2000, 100));
    }

    private static long fork(final String model) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>();
        cmd.add(java);
        try (InputStream in = AllocationTest.class.getResourceAsStream("/io/surge/jvm.flags"))
        {
            cmd.addAll(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AllocationTest.class.getName(), model));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        final int at = out.lastIndexOf("bytes=");
        assertTrue(at >= 0, out);
        return Long.parseLong(out.substring(at + 6).trim());
    }

    @Test
    void mlpStepShouldNotAllocateAfterWarmup() throws Exception
    {
        assertEquals(0, fork("mlp"), "bytes allocated per 100 MLP training steps and actor passes");
    }

    @Test
    void convStepShouldNotAllocateAfterWarmup() throws Exception
    {
        assertEquals(0, fork("conv"), "bytes allocated per 100 conv/dueling training steps and actor passes");
    }

    @Test
    void lstmStepShouldNotAllocateAfterWarmup() throws Exception
    {
        assertEquals(0, fork("lstm"), "bytes allocated per 100 LSTM training steps and actor passes");
    }
}
