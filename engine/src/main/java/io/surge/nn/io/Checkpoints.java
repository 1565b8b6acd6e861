package io.surge.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surge.nn.Network;
import io.surge.nn.Optimizer;
import io.surge.nn.ParameterTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Saves and loads a network's parameters and its optimizer's state in Surge's own weights file,
 * self-describing and checked:
 *
 * <pre>
 *  0                   8          12         16                 16+H             16+H+D      +4
 *  +-------------------+----------+----------+------------------+----------------+-----------+
 *  | magic "SURGE-NN"  | version  | H: header| header: UTF-8    | data: float32  | CRC-32 of |
 *  | (8 ASCII bytes)   | u32 = 1  | bytes u32| JSON, H bytes    | little-endian  | all before|
 *  +-------------------+----------+----------+------------------+----------------+-----------+
 * </pre>
 *
 * The header lists every tensor ({@code name}, {@code dtype} "F32", {@code shape}, byte
 * {@code offset} and {@code length} within the data section): the network's tensors as
 * {@code params/<name>}, each optimizer state vector as {@code optimizer/<state>/<name>}
 * (the same views), plus {@code network} (the network's description), {@code parameterCount},
 * {@code optimizer} ({@code kind}, {@code steps}, {@code learningRate}) and free-form
 * {@code metadata} strings. Loading checks, in order: the magic, the version, that the file holds
 * the declared header and data, the checksum, the header's JSON, and that every tensor the network
 * (and optimizer) expects is present with its exact shape; each failure is a
 * {@link CheckpointFormatException} naming the file and the problem. Files are written to a
 * temporary sibling and moved into place, so a crash never leaves a half-written checkpoint.
 *
 * <p>Threading: stateless; saving reads the vectors, so it must not race with an optimizer step.
 */
public final class Checkpoints
{
    /** The 8 magic bytes at offset 0. */
    public static final byte[] MAGIC = "SURGE-NN".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Offset of the version field. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the header length field. */
    public static final int HEADER_LENGTH_OFFSET = 12;
    /** Offset of the header. */
    public static final int HEADER_OFFSET = 16;
    /** Length of the trailing checksum. */
    public static final int CHECKSUM_LENGTH = 4;
    private static final int MAX_HEADER_BYTES = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints()
    {
    }

    /**
     * Writes parameters and (optionally) optimizer state.
     *
     * @param path      the file.
     * @param network   the network.
     * @param params    its parameters.
     * @param optimizer its optimizer, or null to save parameters only.
     * @param metadata  free-form strings (run id, frames seen, ...), may be empty.
     * @throws IOException when writing fails.
     */
    public static void save(final Path path, final Network network, final float[] params, final Optimizer optimizer,
                            final Map<String, String> metadata) throws IOException
    {
        if (params.length != network.parameterCount())
        {
            throw new IllegalArgumentException("params has " + params.length + " floats, the network has "
                + network.parameterCount());
        }
        final List<float[]> vectors = new ArrayList<>();
        final List<String> prefixes = new ArrayList<>();
        vectors.add(params);
        prefixes.add("params/");
        if (optimizer != null)
        {
            if (optimizer.size() != params.length)
            {
                throw new IllegalArgumentException("optimizer of " + optimizer.size() + " parameters for a network of "
                    + params.length);
            }
            for (int i = 0; i < optimizer.stateNames().size(); i++)
            {
                vectors.add(optimizer.stateVectors().get(i));
                prefixes.add("optimizer/" + optimizer.stateNames().get(i) + "/");
            }
        }
        final ObjectNode header = JSON.createObjectNode();
        header.put("format", "surge-nn");
        header.put("version", VERSION);
        header.put("network", network.describe());
        header.put("parameterCount", network.parameterCount());
        if (optimizer != null)
        {
            final ObjectNode opt = header.putObject("optimizer");
            opt.put("kind", optimizer.kind());
            opt.put("steps", optimizer.steps());
            opt.put("learningRate", optimizer.learningRate());
        }
        final ObjectNode meta = header.putObject("metadata");
        for (final Map.Entry<String, String> e : metadata.entrySet())
        {
            meta.put(e.getKey(), e.getValue());
        }
        final ArrayNode tensors = header.putArray("tensors");
        long offset = 0;
        for (final String prefix : prefixes)
        {
            for (final ParameterTensor t : network.tensors())
            {
                final ObjectNode node = tensors.addObject();
                node.put("name", prefix + t.name());
                node.put("dtype", "F32");
                final ArrayNode shape = node.putArray("shape");
                for (final int d : t.shape())
                {
                    shape.add(d);
                }
                node.put("offset", offset);
                node.put("length", 4L * t.size());
                offset += 4L * t.size();
            }
        }
        final byte[] headerBytes = JSON.writeValueAsBytes(header);
        final long total = HEADER_OFFSET + headerBytes.length + offset + CHECKSUM_LENGTH;
        if (total > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("checkpoint of " + total + " bytes is too large for one file");
        }
        final ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(headerBytes.length).put(headerBytes);
        for (final float[] v : vectors)
        {
            for (final ParameterTensor t : network.tensors())
            {
                for (int i = 0; i < t.size(); i++)
                {
                    buf.putFloat(v[t.offset() + i]);
                }
            }
        }
        final CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        writeAtomically(path, buf.array());
    }

    static void writeAtomically(final Path path, final byte[] bytes) throws IOException
    {
        final Path abs = path.toAbsolutePath();
        final Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The parsed header of a weights file (after all integrity checks), for inspection.
     *
     * @param path the file.
     * @return the header as JSON.
     * @throws IOException on a read error or a {@link CheckpointFormatException}.
     */
    public static JsonNode readHeader(final Path path) throws IOException
    {
        return new Parsed(path).header;
    }

    /**
     * Loads parameters (and optimizer state) saved by {@link #save}, after checking the file.
     * Nothing is written into {@code params} or the optimizer unless the whole file is valid.
     *
     * @param path      the file.
     * @param network   the network the parameters are for (tensor names and shapes must match).
     * @param params    receives the parameters.
     * @param optimizer receives its state and step count (same kind as saved), or null to skip it.
     * @return the file's metadata strings.
     * @throws IOException on a read error, or a {@link CheckpointFormatException}.
     */
    public static Map<String, String> load(final Path path, final Network network, final float[] params,
                                           final Optimizer optimizer) throws IOException
    {
        if (params.length != network.parameterCount())
        {
            throw new IllegalArgumentException("params has " + params.length + " floats, the network has "
                + network.parameterCount());
        }
        final Parsed file = new Parsed(path);
        final String where = path.toString();
        // Stage everything first, then copy: a mismatch must not leave the vectors half-loaded.
        final float[] p = file.vector(network, "params/", where);
        final List<float[]> states = new ArrayList<>();
        long steps = 0;
        if (optimizer != null)
        {
            final JsonNode opt = file.header.get("optimizer");
            if (opt == null || !opt.isObject())
            {
                throw new CheckpointFormatException(where + ": holds no optimizer state, expected " + optimizer.kind());
            }
            final String kind = opt.path("kind").asText("");
            if (!kind.equals(optimizer.kind()))
            {
                throw new CheckpointFormatException(where + ": optimizer is '" + kind + "', expected '"
                    + optimizer.kind() + "'");
            }
            steps = opt.path("steps").asLong(-1);
            if (steps < 0)
            {
                throw new CheckpointFormatException(where + ": optimizer.steps is missing or negative");
            }
            for (final String state : optimizer.stateNames())
            {
                states.add(file.vector(network, "optimizer/" + state + "/", where));
            }
        }
        System.arraycopy(p, 0, params, 0, p.length);
        if (optimizer != null)
        {
            for (int i = 0; i < states.size(); i++)
            {
                final float[] dst = optimizer.stateVectors().get(i);
                System.arraycopy(states.get(i), 0, dst, 0, dst.length);
            }
            optimizer.setSteps(steps);
        }
        final Map<String, String> meta = new LinkedHashMap<>();
        final JsonNode m = file.header.get("metadata");
        if (m != null && m.isObject())
        {
            m.properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
        }
        return meta;
    }

    /** A read and verified file. */
    private static final class Parsed
    {
        final byte[] bytes;
        final JsonNode header;
        final int dataStart;
        final long dataLength;
        final Map<String, JsonNode> tensors = new LinkedHashMap<>();

        Parsed(final Path path) throws IOException
        {
            final String where = path.toString();
            bytes = Files.readAllBytes(path);
            if (bytes.length < HEADER_OFFSET + CHECKSUM_LENGTH)
            {
                throw new CheckpointFormatException(where + ": truncated: " + bytes.length
                    + " bytes is shorter than the fixed header and checksum");
            }
            if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            {
                throw new CheckpointFormatException(where + ": not a Surge weights file (magic bytes are not SURGE-NN)");
            }
            final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            final int version = buf.getInt(VERSION_OFFSET);
            if (version != VERSION)
            {
                throw new CheckpointFormatException(where + ": format version " + version + ", this build reads version "
                    + VERSION);
            }
            final int headerLength = buf.getInt(HEADER_LENGTH_OFFSET);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES
                || (long) HEADER_OFFSET + headerLength + CHECKSUM_LENGTH > bytes.length)
            {
                throw new CheckpointFormatException(where + ": truncated or corrupt: header length " + headerLength
                    + " does not fit a file of " + bytes.length + " bytes");
            }
            dataStart = HEADER_OFFSET + headerLength;
            dataLength = (long) bytes.length - CHECKSUM_LENGTH - dataStart;
            final CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - CHECKSUM_LENGTH);
            final int stored = buf.getInt(bytes.length - CHECKSUM_LENGTH);
            final JsonNode parsed;
            try
            {
                parsed = JSON.readTree(new String(bytes, HEADER_OFFSET, headerLength, StandardCharsets.UTF_8));
            }
            catch (final JsonProcessingException ex)
            {
                throw new CheckpointFormatException(where + ": corrupt header (not JSON): " + ex.getOriginalMessage(), ex);
            }
            if (parsed == null || !parsed.isObject() || !parsed.path("tensors").isArray())
            {
                throw new CheckpointFormatException(where + ": corrupt header: no tensor list");
            }
            header = parsed;
            long declared = 0;
            for (final JsonNode t : header.get("tensors"))
            {
                final long end = t.path("offset").asLong(-1) + t.path("length").asLong(-1);
                declared = Math.max(declared, end);
                tensors.put(t.path("name").asText(""), t);
            }
            if (declared > dataLength)
            {
                throw new CheckpointFormatException(where + ": truncated: the header declares " + declared
                    + " bytes of tensor data, the file holds " + dataLength);
            }
            if ((int) crc.getValue() != stored)
            {
                throw new CheckpointFormatException(where + ": corrupt: checksum mismatch (CRC-32 stored "
                    + Integer.toHexString(stored) + ", computed " + Integer.toHexString((int) crc.getValue()) + ")");
            }
        }

        float[] vector(final Network network, final String prefix, final String where) throws CheckpointFormatException
        {
            final float[] v = new float[network.parameterCount()];
            final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (final ParameterTensor t : network.tensors())
            {
                final String name = prefix + t.name();
                final JsonNode node = tensors.get(name);
                if (node == null)
                {
                    throw new CheckpointFormatException(where + ": tensor " + name + " is missing");
                }
                if (!"F32".equals(node.path("dtype").asText()))
                {
                    throw new CheckpointFormatException(where + ": tensor " + name + " has dtype "
                        + node.path("dtype").asText() + ", expected F32");
                }
                final JsonNode shape = node.path("shape");
                final int[] dims = new int[shape.size()];
                for (int i = 0; i < dims.length; i++)
                {
                    dims[i] = shape.get(i).asInt(-1);
                }
                if (!Arrays.equals(dims, t.shape()))
                {
                    throw new CheckpointFormatException(where + ": tensor " + name + " has shape " + Arrays.toString(dims)
                        + ", the network expects " + Arrays.toString(t.shape()));
                }
                final long offset = node.path("offset").asLong(-1);
                final long length = node.path("length").asLong(-1);
                if (offset < 0 || length != 4L * t.size() || offset + length > dataLength)
                {
                    throw new CheckpointFormatException(where + ": tensor " + name + " has a bad byte range [" + offset
                        + ", +" + length + ")");
                }
                final int base = (int) (dataStart + offset);
                for (int i = 0; i < t.size(); i++)
                {
                    v[t.offset() + i] = buf.getFloat(base + 4 * i);
                }
            }
            return v;
        }
    }
}
