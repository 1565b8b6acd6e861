package io.surge.nn;

import io.surge.nn.backend.Backends;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small supervised tasks that a working model, loss and optimizer learn within seconds. */
class LearningTest
{
    @Test
    void mlpShouldLearnToClassifyTwoInterleavedSpirals()
    {
        final int n = 400;
        final float[] x = new float[n * 2];
        final int[] y = new int[n];
        final Rng rng = new Rng(7);
        for (int i = 0; i < n; i++)
        {
            final int cls = i % 2;
            final double t = 0.25 + 2.75 * rng.nextDouble();
            final double angle = 2 * Math.PI * t / 2.0 + cls * Math.PI;
            x[2 * i] = (float) (t * Math.cos(angle) / 3 + 0.02 * rng.nextGaussian());
            x[2 * i + 1] = (float) (t * Math.sin(angle) / 3 + 0.02 * rng.nextGaussian());
            y[i] = cls;
        }
        final Network net = Network.builder(2).init(Init.heNormal()).dense(64).relu().dense(64).relu().dense(2).build();
        final float[] theta = net.newParameters();
        net.initialize(theta, 3);
        final float[] grads = net.newParameters();
        final Workspace ws = net.newWorkspace(n, true);
        final Adam adam = new Adam(Backends.cpu(), net.parameterCount(), 0.01f);
        final float[] dz = new float[n * 2];
        double loss = Double.NaN;
        double first = Double.NaN;
        for (int epoch = 0; epoch < 600; epoch++)
        {
            final float[] z = net.forward(theta, ws, x, 0, n);
            Arrays.fill(dz, 0f);
            loss = Losses.crossEntropy(z, 0, n, 2, 2, y, 0, 1f / n, dz, 0);
            if (epoch == 0)
            {
                first = loss;
            }
            Arrays.fill(grads, 0f);
            net.backward(theta, grads, ws, dz, 0);
            adam.step(theta, grads);
        }
        final float[] z = net.forward(theta, ws, x, 0, n);
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            correct += Policies.argmax(z, 2 * i, 2) == y[i] ? 1 : 0;
        }
        assertTrue(correct >= 0.97 * n, "accuracy " + correct + "/" + n + ", loss " + first + " -> " + loss);
        assertTrue(loss < 0.2 * first, "loss " + first + " -> " + loss);
    }

    @Test
    void lstmShouldLearnToRecallTheFirstInputOfASequence()
    {
        // Output at every step the sign of the value seen at step 0: needs memory across 8 steps.
        final int steps = 8;
        final int batch = 32;
        final Network net = Network.builder(1).lstm(16).dense(1).build();
        final float[] theta = net.newParameters();
        net.initialize(theta, 5);
        final float[] grads = net.newParameters();
        final Workspace ws = net.newWorkspace(batch, steps, true, Backends.cpu());
        final Adam adam = new Adam(Backends.cpu(), net.parameterCount(), 0.01f);
        final float[] x = new float[steps * batch];
        final float[] target = new float[steps * batch];
        final float[] dOut = new float[steps * batch];
        final Rng rng = new Rng(9);
        double loss = Double.NaN;
        for (int it = 0; it < 400; it++)
        {
            for (int b = 0; b < batch; b++)
            {
                final float sign = rng.nextBoolean() ? 1f : -1f;
                for (int t = 0; t < steps; t++)
                {
                    x[t * batch + b] = t == 0 ? sign : (float) rng.nextGaussian() * 0.5f;
                    target[t * batch + b] = sign;
                }
            }
            final float[] out = net.forwardSequence(theta, ws, x, 0, steps, batch, null, 0);
            Arrays.fill(dOut, 0f);
            loss = Losses.mse(out, 0, target, 0, steps * batch, 1f / (steps * batch), dOut, 0);
            Arrays.fill(grads, 0f);
            net.backward(theta, grads, ws, dOut, 0);
            adam.step(theta, grads);
        }
        assertTrue(loss < 0.05, "mean squared error after training " + loss);
    }
}
