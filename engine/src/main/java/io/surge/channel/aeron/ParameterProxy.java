package io.surge.channel.aeron;

import io.aeron.Publication;
import io.surge.channel.ParameterStore;
import io.surge.metrics.RunCounters;
import org.agrona.BufferUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Learner side of parameters: watches the learner's {@link ParameterStore} and broadcasts its
 * newest vector to every actor process as {@link ParameterChunkMessage}s, one version at a time.
 * A broadcast starts
 * <ul>
 *   <li>when a newer version was published and at least {@code minIntervalNs} passed since the last
 *   broadcast started (caps the bandwidth when the learner publishes every update),</li>
 *   <li>when {@code periodNs} passed since the last one (so an actor that joins gets the current
 *   parameters within one period even when the learner publishes nothing new),</li>
 *   <li>at once when {@link #requestBroadcast()} was called (the liveness tracker calls it when an
 *   actor process joins).</li>
 * </ul>
 * A broadcast copies the newest version once, then sends its chunks over as many duty cycles as
 * the publication allows: a back-pressured chunk is offered again next cycle; with no subscriber
 * the broadcast is given up and tried again later.
 *
 * <p>Threading: an Agrona agent on any thread; {@link #requestBroadcast()} from any thread.
 * Allocation-free after construction.
 */
public final class ParameterProxy implements Agent
{
    private static final VarHandle REQUESTED;

    static
    {
        try
        {
            REQUESTED = MethodHandles.lookup().findVarHandle(ParameterProxy.class, "requested", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final ParameterStore store;
    private final Outbound out;
    private final long runId;
    private final long sender;
    private final int totalFloats;
    private final int chunkFloats;
    private final int chunkCount;
    private final long periodNs;
    private final long minIntervalNs;
    private final int chunksPerCycle;
    private final NanoClock clock;
    private final float[] snapshot;
    private final FloatBuffer stagingFloats;
    private final UnsafeBuffer staging;
    private final UnsafeBuffer header = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
    private final AtomicCounter broadcasts;
    private final AtomicCounter versionSent;
    @SuppressWarnings("unused") // accessed through REQUESTED
    private volatile int requested;
    private boolean sending;
    private long version = -1;
    private long sentVersion = -1;
    private long startNs;
    private long lastStartNs;
    private int chunk;

    ParameterProxy(
        final ParameterStore store,
        final Outbound out,
        final long runId,
        final long sender,
        final int chunkFloats,
        final long periodNs,
        final long minIntervalNs,
        final int chunksPerCycle,
        final NanoClock clock,
        final RunCounters counters)
    {
        if (chunkFloats * 4 + ParameterChunkMessage.PAYLOAD_OFFSET > out.maxMessageLength())
        {
            throw new IllegalArgumentException("parameter chunks of " + chunkFloats * 4 + " bytes exceed the publication's " +
                "maximum message of " + out.maxMessageLength() + " bytes: lower aeron.parameters.chunk_bytes");
        }
        this.store = store;
        this.out = out;
        this.runId = runId;
        this.sender = sender;
        this.totalFloats = store.length();
        this.chunkFloats = chunkFloats;
        this.chunkCount = ParameterChunkMessage.chunkCount(totalFloats, chunkFloats);
        this.periodNs = periodNs;
        this.minIntervalNs = minIntervalNs;
        this.chunksPerCycle = chunksPerCycle;
        this.clock = clock;
        this.snapshot = new float[totalFloats];
        final ByteBuffer bytes = ByteBuffer.allocateDirect(Math.multiplyExact(totalFloats, 4)).order(ByteOrder.LITTLE_ENDIAN);
        this.staging = new UnsafeBuffer(bytes);
        this.stagingFloats = bytes.asFloatBuffer();
        this.broadcasts = counters.register("aeron parameter broadcasts");
        this.versionSent = counters.register("aeron parameter version broadcast");
        this.lastStartNs = clock.nanoTime() - periodNs;
    }

    /** Asks for a broadcast of the newest parameters as soon as possible (any thread). */
    public void requestBroadcast()
    {
        REQUESTED.setRelease(this, 1);
    }

    @Override
    public int doWork()
    {
        if (!sending && !start())
        {
            return 0;
        }
        int sent = 0;
        while (sent < chunksPerCycle)
        {
            ParameterChunkMessage.writeHeader(header, 0, version, startNs, totalFloats, chunkFloats, chunk, runId, sender,
                out.sequence());
            final int bytes = 4 * ParameterChunkMessage.chunkLength(totalFloats, chunkFloats, chunk);
            final long result = out.offer(header, 0, ParameterChunkMessage.PAYLOAD_OFFSET, staging, chunk * chunkFloats * 4,
                bytes);
            if (result < 0)
            {
                if (result == Publication.NOT_CONNECTED)
                {
                    sending = false;
                }
                return sent;
            }
            sent++;
            if (++chunk == chunkCount)
            {
                sending = false;
                sentVersion = version;
                broadcasts.incrementRelease();
                versionSent.setRelease(version);
                return sent;
            }
        }
        return sent;
    }

    private boolean start()
    {
        final long nowNs = clock.nanoTime();
        final long sinceNs = nowNs - lastStartNs;
        final boolean requestedNow = (int)REQUESTED.getAcquire(this) != 0;
        if (!requestedNow && sinceNs < periodNs && (store.version() <= sentVersion || sinceNs < minIntervalNs))
        {
            return false;
        }
        lastStartNs = nowNs;
        if (!out.isConnected())
        {
            return false;
        }
        REQUESTED.setRelease(this, 0);
        version = store.copyIfNewer(snapshot, -1);
        stagingFloats.put(0, snapshot, 0, totalFloats);
        startNs = nowNs;
        chunk = 0;
        sending = true;
        return true;
    }

    /**
     * The version of the last complete broadcast.
     *
     * @return the version, -1 before the first.
     */
    public long sentVersion()
    {
        return sentVersion;
    }

    @Override
    public String roleName()
    {
        return "aeron-parameters-proxy";
    }
}
