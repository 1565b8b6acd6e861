package io.surge.nn;

import io.surge.nn.backend.Activation;
import io.surge.nn.backend.Backends;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Zero bytes allocated per forward, backward and optimizer step after warm-up, measured with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} over many iterations.
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
    private static final class Step
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
     * compiles in the background, later on a loaded machine) or the time budget runs out; the
     * test fails when no window after the warm-up is allocation-free.
     */
    private static void assertNoAllocation(final Step step, final int warmup, final int measured)
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
        assertEquals(0, last, "bytes allocated over " + measured + " steps of\n" + step.net);
    }

    @Test
    void mlpStepShouldNotAllocateAfterWarmup()
    {
        final Network net = Network.mlp(4, 64, 64, 2);
        assertNoAllocation(new Step(net, 1, 32, new Adam(Backends.cpu(), net.parameterCount(), 1e-4f)), 3000, 200);
    }

    @Test
    void convStepShouldNotAllocateAfterWarmup()
    {
        final Network net = Network.builder(10, 10, 4).conv2d(8, 3, 1, 1).relu().conv2d(8, 3, 2, 0).relu()
            .dense(32).relu().duelingHead(6, 16).build();
        assertNoAllocation(new Step(net, 1, 8, new RmsProp(Backends.cpu(), net.parameterCount(), 1e-4f, 0.99f, 0.9f,
            0.01f, true)), 1500, 100);
    }

    @Test
    void lstmStepShouldNotAllocateAfterWarmup()
    {
        final Network net = Network.builder(6).dense(16, Activation.RELU).lstm(16).policyValueHead(4).build();
        assertNoAllocation(new Step(net, 5, 4, new Sgd(Backends.cpu(), net.parameterCount(), 1e-4f, 0.9f)), 2000, 100);
    }
}
