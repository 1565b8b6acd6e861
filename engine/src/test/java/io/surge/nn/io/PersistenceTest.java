package io.surge.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.surge.nn.Adam;
import io.surge.nn.Network;
import io.surge.nn.ParameterTensor;
import io.surge.nn.RmsProp;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistenceTest
{
    @TempDir
    Path dir;

    private static final Network NET = Network.builder(3).dense(8).relu().lstm(4).policyValueHead(2).build();

    /** Trains a few steps so that parameters and Adam's moments are all non-trivial. */
    private static Adam train(final float[] theta, final int steps)
    {
        final Adam adam = new Adam(Backends.cpu(), NET.parameterCount(), 1e-2f);
        final Workspace ws = NET.newWorkspace(2, 3, true, Backends.cpu());
        final float[] x = new float[3 * 2 * 3];
        for (int i = 0; i < x.length; i++)
        {
            x[i] = (float) Math.sin(i);
        }
        final float[] g = NET.newParameters();
        final float[] d = new float[3 * 2 * 3];
        for (int s = 0; s < steps; s++)
        {
            final float[] out = NET.forwardSequence(theta, ws, x, 0, 3, 2, null, 0);
            for (int i = 0; i < d.length; i++)
            {
                d[i] = out[i] - 0.5f;
            }
            Arrays.fill(g, 0f);
            NET.backward(theta, g, ws, d, 0);
            adam.step(theta, g);
        }
        return adam;
    }

    @Test
    void shouldRoundTripParametersAndOptimizerStateExactly() throws IOException
    {
        final float[] theta = NET.newParameters();
        NET.initialize(theta, 42);
        final Adam adam = train(theta, 5);
        final Path file = dir.resolve("ckpt.surge");
        Checkpoints.save(file, NET, theta, adam, Map.of("run", "test-1"));

        final float[] loaded = NET.newParameters();
        final Adam fresh = new Adam(Backends.cpu(), NET.parameterCount(), 1e-2f);
        final Map<String, String> meta = Checkpoints.load(file, NET, loaded, fresh);
        assertArrayEquals(theta, loaded);
        assertEquals(5, fresh.steps());
        for (int i = 0; i < 2; i++)
        {
            assertArrayEquals(adam.stateVectors().get(i), fresh.stateVectors().get(i));
        }
        assertEquals("test-1", meta.get("run"));
        final JsonNode header = Checkpoints.readHeader(file);
        assertEquals("adam", header.path("optimizer").path("kind").asText());
        assertEquals(NET.parameterCount(), header.path("parameterCount").asInt());
        assertEquals(3 * NET.tensors().size(), header.path("tensors").size());
    }

    @Test
    void shouldNameTheProblemInCorruptOrTruncatedFiles() throws IOException
    {
        final float[] theta = NET.newParameters();
        NET.initialize(theta, 1);
        final Path file = dir.resolve("ok.surge");
        Checkpoints.save(file, NET, theta, null, Map.of());
        final byte[] good = Files.readAllBytes(file);

        final byte[] flipped = good.clone();
        flipped[good.length - 20] ^= 0x40;
        assertMessage(flipped, "checksum");

        assertMessage(Arrays.copyOf(good, good.length - 100), "truncated");
        assertMessage(Arrays.copyOf(good, 10), "truncated");

        final byte[] magic = good.clone();
        magic[0] = 'X';
        assertMessage(magic, "not a Surge weights file");

        final byte[] version = good.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(Checkpoints.VERSION_OFFSET, 7);
        assertMessage(version, "format version 7");

        final byte[] header = good.clone();
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(Checkpoints.HEADER_LENGTH_OFFSET, good.length * 2);
        assertMessage(header, "header length");
    }

    private void assertMessage(final byte[] bytes, final String expected) throws IOException
    {
        final Path bad = dir.resolve("bad.surge");
        Files.write(bad, bytes);
        final float[] theta = NET.newParameters();
        final CheckpointFormatException ex = assertThrows(CheckpointFormatException.class,
            () -> Checkpoints.load(bad, NET, theta, null));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
        assertTrue(ex.getMessage().contains(bad.toString()), "message names the file: " + ex.getMessage());
        assertArrayEquals(NET.newParameters(), theta, "nothing loaded from a bad file");
    }

    @Test
    void shouldRejectAnotherNetworkOrOptimizer() throws IOException
    {
        final float[] theta = NET.newParameters();
        final Path file = dir.resolve("a.surge");
        Checkpoints.save(file, NET, theta, new Adam(Backends.cpu(), theta.length, 1e-3f), Map.of());
        final Network other = Network.builder(3).dense(9).relu().lstm(4).policyValueHead(2).build();
        final CheckpointFormatException shape = assertThrows(CheckpointFormatException.class,
            () -> Checkpoints.load(file, other, other.newParameters(), null));
        assertTrue(shape.getMessage().contains("0.weight has shape [8, 3], the network expects [9, 3]"), shape.getMessage());
        final CheckpointFormatException kind = assertThrows(CheckpointFormatException.class,
            () -> Checkpoints.load(file, NET, NET.newParameters(),
                new RmsProp(Backends.cpu(), theta.length, 1e-3f, 0.99f, 0f, 0.01f, false)));
        assertTrue(kind.getMessage().contains("optimizer is 'adam', expected 'rmsprop'"), kind.getMessage());
        final Path paramsOnly = dir.resolve("p.surge");
        Checkpoints.save(paramsOnly, NET, theta, null, Map.of());
        final CheckpointFormatException none = assertThrows(CheckpointFormatException.class,
            () -> Checkpoints.load(paramsOnly, NET, NET.newParameters(), new Adam(Backends.cpu(), theta.length, 1e-3f)));
        assertTrue(none.getMessage().contains("no optimizer state"), none.getMessage());
    }

    /**
     * Checks the written file against the published safetensors layout, decoding it here by hand:
     * 8-byte little-endian header size N; N bytes of JSON (padded with spaces to a multiple of 8);
     * every entry F32 with a shape and data_offsets that tile the data buffer contiguously from 0;
     * file size 8 + N + data; little-endian row-major float32 data equal to the parameters.
     */
    @Test
    void safetensorsExportShouldFollowThePublishedFormat() throws IOException
    {
        final float[] theta = NET.newParameters();
        NET.initialize(theta, 3);
        final Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, NET, theta, Map.of("format", "pt", "source", "surge"));
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final long n = buf.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        final String text = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals(text.stripTrailing().length() + countTrailingSpaces(text), text.length());
        final JsonNode header = new ObjectMapper().readTree(text);
        assertEquals("pt", header.path("__metadata__").path("format").asText());

        final List<long[]> ranges = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator();
        int count = 0;
        while (it.hasNext())
        {
            final Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__"))
            {
                continue;
            }
            count++;
            final JsonNode t = e.getValue();
            assertEquals("F32", t.path("dtype").asText(), e.getKey());
            long size = 1;
            for (final JsonNode d : t.path("shape"))
            {
                size *= d.asLong();
            }
            final long begin = t.path("data_offsets").get(0).asLong();
            final long end = t.path("data_offsets").get(1).asLong();
            assertEquals(4 * size, end - begin, e.getKey());
            ranges.add(new long[] {begin, end});
            final ParameterTensor match = find(e.getKey());
            for (int i = 0; i < size; i++)
            {
                final float expected = match == null ? 0f : theta[match.offset() + i];
                assertEquals(expected, buf.getFloat((int) (8 + n + begin + 4L * i)), e.getKey() + "[" + i + "]");
            }
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long at = 0;
        for (final long[] r : ranges)
        {
            assertEquals(at, r[0], "ranges are contiguous");
            at = r[1];
        }
        assertEquals(bytes.length, 8 + n + at, "file ends with the data");
        // The LSTM is exported as PyTorch names it; its second bias is zeros.
        assertEquals(NET.tensors().size() + 1, count);
        assertTrue(header.has("1.weight_ih_l0") && header.has("1.weight_hh_l0") && header.has("1.bias_ih_l0")
            && header.has("1.bias_hh_l0"), text);
        assertEquals("[16,8]", header.path("1.weight_ih_l0").path("shape").toString());
        assertTrue(header.has("2.policy.weight") && header.has("2.value.bias"), text);
    }

    private static int countTrailingSpaces(final String s)
    {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) == ' ')
        {
            i--;
        }
        return s.length() - i;
    }

    private static ParameterTensor find(final String exported)
    {
        final String name = exported.endsWith(".bias_ih_l0") ? exported.replace(".bias_ih_l0", ".bias") : exported;
        for (final ParameterTensor t : NET.tensors())
        {
            if (t.name().equals(name))
            {
                return t;
            }
        }
        if (exported.endsWith(".bias_hh_l0"))
        {
            return null;
        }
        throw new AssertionError("exported tensor " + exported + " is not a network tensor");
    }

    @Test
    void safetensorsExportShouldPermuteConvWeightsToPyTorchOrder() throws IOException
    {
        final Network net = Network.builder(5, 5, 3).conv2d(4, 2, 1, 0).relu().dense(2).build();
        final float[] theta = net.newParameters();
        net.initialize(theta, 9);
        final Path file = dir.resolve("conv.safetensors");
        SafeTensors.write(file, net, theta, Map.of());
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final long n = buf.getLong(0);
        final JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals("[4,3,2,2]", header.path("0.weight").path("shape").toString());
        final long begin = header.path("0.weight").path("data_offsets").get(0).asLong();
        // PyTorch element (f, c, ky, kx) is Surge's (f, ky, kx, c).
        for (int f = 0; f < 4; f++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int ky = 0; ky < 2; ky++)
                {
                    for (int kx = 0; kx < 2; kx++)
                    {
                        final int torchIndex = ((f * 3 + c) * 2 + ky) * 2 + kx;
                        final float expected = theta[((f * 2 + ky) * 2 + kx) * 3 + c];
                        assertEquals(expected, buf.getFloat((int) (8 + n + begin + 4L * torchIndex)));
                    }
                }
            }
        }
    }
}
