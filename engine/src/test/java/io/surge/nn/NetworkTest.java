package io.surge.nn;

import io.surge.nn.backend.Backends;
import io.surge.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest
{
    private static float[] random(final int n, final long seed)
    {
        final Rng rng = new Rng(seed);
        final float[] x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    @Test
    void tensorsShouldTileTheFlatVectorInOrder()
    {
        final Network net = Network.natureTorso().duelingHead(6, 512).build();
        int at = 0;
        for (final ParameterTensor t : net.tensors())
        {
            assertEquals(at, t.offset(), t.name());
            at += t.size();
        }
        assertEquals(net.parameterCount(), at);
        assertEquals("[32, 8, 8, 4]", Arrays.toString(net.tensors().get(0).shape()));
        assertEquals(3136, net.tensors().stream().filter(t -> t.name().equals("3.weight")).findFirst().orElseThrow()
            .shape()[1]);
    }

    @Test
    void initializationShouldBeReproducibleFromTheSeed()
    {
        final Network net = Network.minAtar(4, 6);
        final float[] a = net.newParameters();
        final float[] b = net.newParameters();
        final float[] c = net.newParameters();
        net.initialize(a, 7);
        net.initialize(b, 7);
        net.initialize(c, 8);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void orthogonalInitShouldGiveOrthonormalRowsOrColumns()
    {
        for (final int[] shape : new int[][] {{8, 20}, {20, 8}, {16, 16}})
        {
            final float[] w = new float[shape[0] * shape[1]];
            Init.orthogonal(2.0).fill(w, 0, shape[0], shape[1], shape[0], new Rng(3));
            final boolean rows = shape[0] <= shape[1];
            final int vectors = Math.min(shape[0], shape[1]);
            final int length = Math.max(shape[0], shape[1]);
            for (int i = 0; i < vectors; i++)
            {
                for (int j = 0; j < vectors; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < length; k++)
                    {
                        final double x = rows ? w[i * shape[1] + k] : w[k * shape[1] + i];
                        final double y = rows ? w[j * shape[1] + k] : w[k * shape[1] + j];
                        dot += x * y;
                    }
                    assertEquals(i == j ? 4.0 : 0.0, dot, 1e-5, Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void glorotAndHeInitsShouldHaveTheirVariance()
    {
        final int out = 300;
        final int in = 200;
        final float[] w = new float[out * in];
        Init.glorotUniform().fill(w, 0, out, in, out, new Rng(1));
        assertEquals(2.0 / (in + out), variance(w), 0.05 * 2.0 / (in + out));
        Init.heNormal().fill(w, 0, out, in, out, new Rng(2));
        assertEquals(2.0 / in, variance(w), 0.05 * 2.0 / in);
    }

    private static double variance(final float[] w)
    {
        double s = 0;
        for (final float v : w)
        {
            s += (double) v * v;
        }
        return s / w.length;
    }

    @Test
    void singleObservationShouldGiveTheSameOutputAsItsRowInABatch()
    {
        final Network net = Network.minAtar(4, 6);
        final float[] theta = net.newParameters();
        net.initialize(theta, 1);
        final float[] obs = random(32 * 400, 2);
        final Workspace batch = net.newWorkspace(32, false);
        final Workspace one = net.newWorkspace(1, false);
        final float[] all = net.forward(theta, batch, obs, 0, 32).clone();
        for (int b = 0; b < 32; b += 7)
        {
            final float[] q = net.forward(theta, one, obs, b * 400, 1);
            for (int a = 0; a < 6; a++)
            {
                assertEquals(all[b * 6 + a], q[a], 1e-5);
            }
        }
    }

    @Test
    void steppingAnLstmOneStepAtATimeShouldMatchTheWholeSequence()
    {
        final Network net = Network.builder(5).lstm(7).policyValueHead(3).build();
        final float[] theta = net.newParameters();
        net.initialize(theta, 4);
        final int steps = 6;
        final int batch = 3;
        final float[] x = random(steps * batch * 5, 5);
        final float[] s0 = random(batch * net.stateSize(), 6);
        final Workspace seq = net.newWorkspace(batch, steps, false, Backends.cpu());
        final float[] whole = net.forwardSequence(theta, seq, x, 0, steps, batch, s0, 0).clone();
        final Workspace actor = net.newWorkspace(batch, 1, false, Backends.cpu());
        float[] state = s0;
        for (int t = 0; t < steps; t++)
        {
            final float[] out = net.forwardSequence(theta, actor, x, t * batch * 5, 1, batch, state, 0);
            for (int i = 0; i < batch * 4; i++)
            {
                assertEquals(whole[t * batch * 4 + i], out[i], 1e-5, "step " + t);
            }
            state = actor.state();
        }
        assertArrayEquals(seq.state(), actor.state(), 1e-5f);
    }

    @Test
    void workspacesShouldBeIndependent()
    {
        final Network net = Network.mlp(4, 8, 2);
        final float[] online = net.newParameters();
        final float[] target = net.newParameters();
        net.initialize(online, 1);
        net.initialize(target, 2);
        final float[] s = random(4 * 5, 3);
        final Workspace a = net.newWorkspace(5, true);
        final Workspace b = net.newWorkspace(5, false);
        final float[] qa = net.forward(online, a, s, 0, 5).clone();
        net.forward(target, b, s, 0, 5);
        assertArrayEquals(qa, Arrays.copyOf(a.output(), qa.length));
    }

    @Test
    void misuseShouldFailWithAMessage()
    {
        final Network net = Network.mlp(4, 8, 2);
        final float[] theta = net.newParameters();
        final Workspace ws = net.newWorkspace(2, false);
        assertThrows(IllegalArgumentException.class, () -> net.forward(theta, ws, new float[12], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> net.forward(new float[3], ws, new float[8], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> net.forward(theta, ws, new float[7], 0, 2));
        final IllegalStateException noTraining = assertThrows(IllegalStateException.class,
            () -> net.backward(theta, net.newParameters(), ws, new float[4], 0));
        assertTrue(noTraining.getMessage().contains("training workspace"));
        final Workspace train = net.newWorkspace(2, true);
        assertThrows(IllegalStateException.class, () -> net.backward(theta, net.newParameters(), train, new float[4], 0));
        final Network rnn = Network.builder(3).lstm(4).dense(1).build();
        assertThrows(IllegalStateException.class,
            () -> rnn.forward(rnn.newParameters(), rnn.newWorkspace(1, false), new float[3], 0, 1));
        assertThrows(IllegalStateException.class, () -> Network.builder(4).conv2d(2, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(4, 4, 1).conv2d(2, 5, 1, 0));
        assertThrows(IllegalStateException.class, () -> Network.builder(4).actionInput(2).dense(3).build());
    }

    @Test
    void activationsShouldFuseIntoThePrecedingLayer()
    {
        final Network net = Network.builder(10, 10, 4).conv2d(16, 3, 1, 0).relu().dense(128).relu().dense(6).build();
        assertEquals(3, net.describe().lines().filter(l -> l.matches("\\d+: .*")).count(), net.describe());
        assertTrue(net.describe().contains("conv2d 10x10x4 -> 8x8x16 (kernel 3x3, stride 1, padding 0) RELU"));
    }

    @Test
    void scalarAndVectorBackendsShouldGiveTheSameOutputsAndGradients()
    {
        final Network[] nets = {
            Network.builder(5).dense(19, io.surge.nn.backend.Activation.ELU).dense(13).tanh().dense(3,
                io.surge.nn.backend.Activation.SIGMOID).build(),
            Network.builder(9, 9, 3).conv2d(5, 3, 2, 1).relu().dense(7).relu().duelingHead(4, 0).build(),
            Network.builder(6).lstm(11).policyValueHead(3).build(),
        };
        for (final Network net : nets)
        {
            final float[] theta = net.newParameters();
            net.initialize(theta, 3);
            final int steps = net.recurrent() ? 4 : 1;
            final int batch = 9;
            final float[] x = random(steps * batch * net.inputSize(), 4);
            final float[] d = random(steps * batch * net.outputSize(), 5);
            final float[][] outs = new float[2][];
            final float[][] grads = new float[2][];
            final io.surge.nn.backend.Backend[] backends = {Backends.cpu(), Backends.cpuScalar()};
            for (int k = 0; k < 2; k++)
            {
                final Workspace ws = net.newWorkspace(batch, steps, true, backends[k]);
                outs[k] = (net.recurrent() ? net.forwardSequence(theta, ws, x, 0, steps, batch, null, 0)
                    : net.forward(theta, ws, x, 0, batch)).clone();
                grads[k] = net.newParameters();
                net.backward(theta, grads[k], ws, d, 0);
            }
            for (int i = 0; i < steps * batch * net.outputSize(); i++)
            {
                assertEquals(outs[1][i], outs[0][i], 1e-5 * (1 + Math.abs(outs[1][i])), "output " + i);
            }
            for (int i = 0; i < grads[0].length; i++)
            {
                assertEquals(grads[1][i], grads[0][i], 1e-4 * (1 + Math.abs(grads[1][i])), "gradient " + i);
            }
        }
    }
}
