package io.surge.bench.nn;

import io.surge.nn.Network;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backends;
import io.surge.nn.io.SafeTensors;
import io.surge.util.Rng;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes test models for {@code bench/peers/check_safetensors.py}, which loads them into PyTorch
 * modules and compares PyTorch's outputs with Surge's: for each model, {@code <name>.safetensors},
 * {@code <name>.input.f32} and {@code <name>.output.f32} (raw little-endian float32). Models: the
 * MinAtar network (conv weights permuted to PyTorch's order, NHWC flatten), an LSTM over 7 steps
 * followed by a linear layer (PyTorch's gate order and names), and an MLP.
 *
 * <pre>
 * java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.nn.ExportCheck /tmp/surge-export
 * /usr/bin/python3 bench/peers/check_safetensors.py /tmp/surge-export
 * </pre>
 */
public final class ExportCheck
{
    private ExportCheck()
    {
    }

    /**
     * Writes the files.
     *
     * @param args the output directory.
     * @throws IOException when writing fails.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path dir = Path.of(args.length > 0 ? args[0] : "surge-export");
        Files.createDirectories(dir);
        write(dir, "minatar", Network.minAtar(4, 6), 1, 5);
        write(dir, "lstm", Network.builder(5).lstm(8).dense(3).build(), 7, 4);
        write(dir, "mlp", Network.mlp(4, 32, 32, 2), 1, 6);
        System.out.println("wrote minatar, lstm, mlp to " + dir.toAbsolutePath());
    }

    private static void write(final Path dir, final String name, final Network net, final int steps, final int batch)
        throws IOException
    {
        final float[] theta = net.newParameters();
        net.initialize(theta, 11);
        final Rng rng = new Rng(12);
        for (int i = 0; i < theta.length; i++)
        {
            theta[i] += (float) (0.05 * rng.nextGaussian());
        }
        final float[] x = new float[steps * batch * net.inputSize()];
        for (int i = 0; i < x.length; i++)
        {
            x[i] = (float) rng.nextGaussian();
        }
        final Workspace ws = net.newWorkspace(batch, steps, false, Backends.cpu());
        final float[] out = net.recurrent()
            ? net.forwardSequence(theta, ws, x, 0, steps, batch, null, 0)
            : net.forward(theta, ws, x, 0, batch);
        SafeTensors.write(dir.resolve(name + ".safetensors"), net, theta, Map.of("format", "pt"));
        raw(dir.resolve(name + ".input.f32"), x, x.length);
        raw(dir.resolve(name + ".output.f32"), out, steps * batch * net.outputSize());
    }

    private static void raw(final Path path, final float[] v, final int n) throws IOException
    {
        final ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++)
        {
            buf.putFloat(v[i]);
        }
        Files.write(path, buf.array());
    }
}
