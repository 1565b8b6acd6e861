package io.surge.bench.nn;

import io.surge.nn.Adam;
import io.surge.nn.Losses;
import io.surge.nn.Network;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backends;

import java.util.Arrays;

/**
 * One supervised training step on fixed random data, the unit every step benchmark times:
 * forward, mean-squared-error gradient against fixed targets, backward, Adam. The PyTorch peer
 * times the same step ({@code loss = mse_loss(model(x), y); loss.backward(); opt.step()}).
 */
final class TrainStep
{
    final Network net;
    final float[] theta;
    final float[] grads;
    final float[] input;
    final float[] target;
    final float[] dOut;
    final Workspace ws;
    final Adam adam;
    final int steps;
    final int batch;
    final int outputs;

    TrainStep(final Network net, final int steps, final int batch, final int threads)
    {
        this.net = net;
        this.steps = steps;
        this.batch = batch;
        theta = net.newParameters();
        net.initialize(theta, 1);
        grads = net.newParameters();
        input = GemmBench.random(steps * batch * net.inputSize(), 3);
        outputs = steps * batch * net.outputSize();
        target = GemmBench.random(outputs, 4);
        dOut = new float[outputs];
        ws = net.newWorkspace(batch, steps, true, Backends.cpu(threads));
        adam = new Adam(ws.backend(), net.parameterCount(), 1e-4f);
    }

    double run()
    {
        final float[] out = net.recurrent()
            ? net.forwardSequence(theta, ws, input, 0, steps, batch, null, 0)
            : net.forward(theta, ws, input, 0, batch);
        Arrays.fill(dOut, 0f);
        final double loss = Losses.mse(out, 0, target, 0, outputs, 1f / outputs, dOut, 0);
        Arrays.fill(grads, 0f);
        net.backward(theta, grads, ws, dOut, 0);
        adam.step(theta, grads);
        return loss;
    }
}
