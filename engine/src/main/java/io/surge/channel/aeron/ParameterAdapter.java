package io.surge.channel.aeron;

import io.aeron.Subscription;
import io.surge.channel.ParameterStore;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Actor side of parameters: checks every {@link ParameterChunkMessage}, reassembles vectors by
 * version ({@link ParameterAssembler}) and publishes each complete one newer than what the local
 * {@link ParameterStore} holds; the actors (and an evaluator) copy it from there as in one process.
 * Versions it already holds (rebroadcasts for processes that joined later) are ignored.
 *
 * <p>Broadcast latency (from the learner starting the broadcast to the vector being published
 * here) is recorded when a recorder is given: only meaningful on one host, where both processes
 * read the same monotonic clock.
 *
 * <p>Counters ({@code aeron parameter ...}): versions applied, version held, chunks ignored
 * (stale or duplicate), versions abandoned (overtaken before complete).
 *
 * <p>Threading: an Agrona agent; the single writer of its store. Allocation-free.
 */
public final class ParameterAdapter implements Agent, Inbound.Body
{
    private final ParameterStore store;
    private final ParameterAssembler assembler;
    private final Inbound inbound;
    private final float[] vector;
    private final int chunkFloats;
    private final int fragmentLimit;
    private final NanoClock clock;
    private final LatencyRecorder latency;
    private final AtomicCounter applied;
    private final AtomicCounter held;
    private final AtomicCounter ignored;
    private final AtomicCounter abandoned;

    ParameterAdapter(
        final Subscription subscription,
        final ParameterStore store,
        final int chunkFloats,
        final long runId,
        final Rejections rejections,
        final int maxSenders,
        final int fragmentLimit,
        final NanoClock clock,
        final LatencyRecorder latency,
        final RunCounters counters)
    {
        this.store = store;
        this.chunkFloats = chunkFloats;
        this.fragmentLimit = fragmentLimit;
        this.clock = clock;
        this.latency = latency;
        this.assembler = new ParameterAssembler(store.length(), chunkFloats);
        this.vector = new float[store.length()];
        this.inbound = new Inbound("parameters", subscription, new MessageValidator(runId,
            MessageType.bit(MessageType.PARAMETERS), ParameterChunkMessage.PAYLOAD_OFFSET + 4 * chunkFloats), rejections,
            this, maxSenders, counters);
        this.applied = counters.register("aeron parameter versions applied");
        this.held = counters.register("aeron parameter version held");
        this.ignored = counters.register("aeron parameter chunks ignored (stale or duplicate)");
        this.abandoned = counters.register("aeron parameter versions abandoned");
    }

    @Override
    public int doWork()
    {
        return inbound.poll(fragmentLimit);
    }

    @Override
    public RejectReason check(final DirectBuffer buffer, final int offset, final int length)
    {
        return ParameterChunkMessage.check(buffer, offset, length, store.length(), chunkFloats);
    }

    @Override
    public boolean apply(final DirectBuffer buffer, final int offset, final int length)
    {
        final int result = assembler.onChunk(buffer, offset);
        if (result == ParameterAssembler.COMPLETE)
        {
            final long version = assembler.deliveredVersion();
            if (version > store.version())
            {
                assembler.copyTo(vector);
                store.publish(vector, version);
                applied.incrementRelease();
                held.setRelease(version);
                if (latency != null)
                {
                    latency.record(clock.nanoTime() - assembler.startNs());
                }
            }
        }
        else if (result != ParameterAssembler.STORED)
        {
            ignored.incrementRelease();
        }
        abandoned.setRelease(assembler.abandoned());
        return true;
    }

    @Override
    public String roleName()
    {
        return "aeron-parameters-adapter";
    }
}
