package io.surge.nn.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surge.nn.Network;
import io.surge.nn.ParameterTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exports a network's parameters as a safetensors file (Hugging Face's format, which PyTorch loads
 * with {@code safetensors.torch.load_file}): an 8-byte little-endian unsigned header length N, N
 * bytes of UTF-8 JSON mapping each tensor name to {@code {"dtype": "F32", "shape": [...],
 * "data_offsets": [begin, end]}} (byte offsets into the data that follows, contiguous from 0)
 * plus an optional {@code "__metadata__"} object of strings, padded with spaces to a multiple
 * of 8 bytes, then the row-major little-endian data.
 *
 * <p>Names and shapes follow PyTorch modules: {@code k.weight [out, in]} for Linear,
 * {@code k.weight [out, in, kh, kw]} for Conv2d (permuted from Surge's channels-last
 * {@code [out, kh, kw, in]}), and for an LSTM {@code k.weight_ih_l0},
 * {@code k.weight_hh_l0}, {@code k.bias_ih_l0} (Surge's single bias) and {@code k.bias_hh_l0}
 * (written as zeros, since Surge folds both biases into one). Note that Surge flattens images in
 * NHWC order: a PyTorch model fed these weights must permute to channels-last before flattening.
 *
 * <p>Threading: stateless.
 */
public final class SafeTensors
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors()
    {
    }

    /**
     * Writes the parameters.
     *
     * @param path     the file.
     * @param network  the network.
     * @param params   its parameters.
     * @param metadata strings for {@code __metadata__} (may be empty).
     * @throws IOException when writing fails.
     */
    public static void write(final Path path, final Network network, final float[] params,
                             final Map<String, String> metadata) throws IOException
    {
        if (params.length != network.parameterCount())
        {
            throw new IllegalArgumentException("params has " + params.length + " floats, the network has "
                + network.parameterCount());
        }
        final List<String> names = new ArrayList<>();
        final List<int[]> shapes = new ArrayList<>();
        final List<Integer> offsets = new ArrayList<>();
        for (final ParameterTensor t : network.tensors())
        {
            if (t.name().endsWith(".bias") && isLstmBias(network, t))
            {
                final String base = t.name().substring(0, t.name().length() - ".bias".length());
                names.add(base + ".bias_ih_l0");
                shapes.add(t.shape());
                offsets.add(t.offset());
                names.add(base + ".bias_hh_l0");
                shapes.add(t.shape());
                offsets.add(-1);
            }
            else if (t.shape().length == 4)
            {
                // Conv2d weight: Surge's [f, kh, kw, c] becomes PyTorch's [f, c, kh, kw] (permuted below).
                final int[] d = t.shape();
                names.add(t.name());
                shapes.add(new int[] {d[0], d[3], d[1], d[2]});
                offsets.add(t.offset());
            }
            else
            {
                names.add(t.name());
                shapes.add(t.shape());
                offsets.add(t.offset());
            }
        }
        final ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty())
        {
            final ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long begin = 0;
        for (int i = 0; i < names.size(); i++)
        {
            final ObjectNode node = header.putObject(names.get(i));
            node.put("dtype", "F32");
            final ArrayNode shape = node.putArray("shape");
            long size = 1;
            for (final int d : shapes.get(i))
            {
                shape.add(d);
                size *= d;
            }
            final ArrayNode range = node.putArray("data_offsets");
            range.add(begin);
            range.add(begin + 4 * size);
            begin += 4 * size;
        }
        final byte[] json = JSON.writeValueAsBytes(header);
        final int padded = (json.length + 7) / 8 * 8;
        final byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++)
        {
            headerBytes[i] = ' ';
        }
        final ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(8 + padded + begin)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(headerBytes);
        for (int i = 0; i < names.size(); i++)
        {
            long size = 1;
            for (final int d : shapes.get(i))
            {
                size *= d;
            }
            final int off = offsets.get(i);
            final int[] d = shapes.get(i);
            if (d.length == 4)
            {
                final int filters = d[0];
                final int c = d[1];
                final int kh = d[2];
                final int kw = d[3];
                for (int f = 0; f < filters; f++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int ky = 0; ky < kh; ky++)
                        {
                            for (int kx = 0; kx < kw; kx++)
                            {
                                buf.putFloat(params[off + ((f * kh + ky) * kw + kx) * c + ch]);
                            }
                        }
                    }
                }
                continue;
            }
            for (int j = 0; j < size; j++)
            {
                buf.putFloat(off < 0 ? 0f : params[off + j]);
            }
        }
        Checkpoints.writeAtomically(path, buf.array());
    }

    private static boolean isLstmBias(final Network network, final ParameterTensor bias)
    {
        final String base = bias.name().substring(0, bias.name().length() - ".bias".length());
        for (final ParameterTensor t : network.tensors())
        {
            if (t.name().equals(base + ".weight_hh_l0"))
            {
                return true;
            }
        }
        return false;
    }
}
