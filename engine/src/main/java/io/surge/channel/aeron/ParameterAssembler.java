package io.surge.channel.aeron;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Reassembles parameter vectors from checked {@link ParameterChunkMessage}s, keyed by version.
 * It holds one vector under assembly: a chunk of a newer version abandons it (a broadcast that was
 * overtaken), chunks of the version being assembled fill it, chunks of an older or already
 * delivered version are ignored. Every buffer is sized once, at construction, from the receiver's
 * own vector length: nothing is allocated from a length read off the wire.
 *
 * <p>Threading: one thread (the adapter's). Allocation-free after construction.
 */
public final class ParameterAssembler
{
    /** {@link #onChunk} result: the chunk was stored, the vector is not complete yet. */
    public static final int STORED = 0;
    /** {@link #onChunk} result: the chunk completed its version; read it with {@link #copyTo}. */
    public static final int COMPLETE = 1;
    /** {@link #onChunk} result: the chunk was already stored for this version. */
    public static final int DUPLICATE = 2;
    /** {@link #onChunk} result: the chunk is of a version older than one assembled or delivered. */
    public static final int STALE = 3;

    private final int totalFloats;
    private final int chunkFloats;
    private final int chunkCount;
    private final UnsafeBuffer assembly;
    private final FloatBuffer floats;
    private final long[] received;
    private long version = -1;
    private long deliveredVersion = -1;
    private long startNs;
    private int receivedChunks;
    private long abandoned;

    /**
     * Makes an assembler for vectors of one length.
     *
     * @param totalFloats the vector length.
     * @param chunkFloats floats per chunk.
     */
    public ParameterAssembler(final int totalFloats, final int chunkFloats)
    {
        if (totalFloats < 1 || chunkFloats < 1)
        {
            throw new IllegalArgumentException("totalFloats and chunkFloats must be >= 1, got " + totalFloats + ", " +
                chunkFloats);
        }
        this.totalFloats = totalFloats;
        this.chunkFloats = chunkFloats;
        this.chunkCount = ParameterChunkMessage.chunkCount(totalFloats, chunkFloats);
        final ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(totalFloats, 4)).order(ByteOrder.LITTLE_ENDIAN);
        this.assembly = new UnsafeBuffer(bytes);
        this.floats = bytes.asFloatBuffer();
        this.received = new long[(chunkCount + 63) >>> 6];
    }

    /**
     * Takes one chunk that passed {@link ParameterChunkMessage#check} with this assembler's lengths.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return {@link #STORED}, {@link #COMPLETE}, {@link #DUPLICATE} or {@link #STALE}.
     */
    public int onChunk(final DirectBuffer buffer, final int offset)
    {
        final long chunkVersion = ParameterChunkMessage.version(buffer, offset);
        if (chunkVersion <= deliveredVersion || chunkVersion < version)
        {
            return STALE;
        }
        if (chunkVersion > version)
        {
            if (receivedChunks > 0 && version > deliveredVersion)
            {
                abandoned++;
            }
            version = chunkVersion;
            startNs = ParameterChunkMessage.startNs(buffer, offset);
            receivedChunks = 0;
            Arrays.fill(received, 0L);
        }
        final int index = ParameterChunkMessage.index(buffer, offset);
        final long bit = 1L << index;
        if ((received[index >>> 6] & bit) != 0)
        {
            return DUPLICATE;
        }
        received[index >>> 6] |= bit;
        assembly.putBytes(index * chunkFloats * 4, buffer, offset + ParameterChunkMessage.PAYLOAD_OFFSET,
            ParameterChunkMessage.chunkLength(buffer, offset) * 4);
        if (++receivedChunks == chunkCount)
        {
            deliveredVersion = version;
            return COMPLETE;
        }
        return STORED;
    }

    /**
     * Copies the vector completed by the last {@link #COMPLETE}.
     *
     * @param dest receives the vector's floats.
     */
    public void copyTo(final float[] dest)
    {
        floats.get(0, dest, 0, totalFloats);
    }

    /**
     * The version the last {@link #COMPLETE} delivered.
     *
     * @return the version, -1 before the first.
     */
    public long deliveredVersion()
    {
        return deliveredVersion;
    }

    /**
     * When the sender started broadcasting the version under assembly or last delivered.
     *
     * @return the sender's nanoTime.
     */
    public long startNs()
    {
        return startNs;
    }

    /**
     * Versions given up because a newer one started before they were complete.
     *
     * @return the count.
     */
    public long abandoned()
    {
        return abandoned;
    }

    /**
     * The vector length.
     *
     * @return floats.
     */
    public int totalFloats()
    {
        return totalFloats;
    }

    /**
     * Chunks per vector.
     *
     * @return the count.
     */
    public int chunkCount()
    {
        return chunkCount;
    }
}
