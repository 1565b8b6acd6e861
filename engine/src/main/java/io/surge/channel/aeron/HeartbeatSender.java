package io.surge.channel.aeron;

import io.surge.channel.ParameterStore;
import org.agrona.BufferUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Actor side of liveness: says hello (repeated until an offer succeeds), then sends a heartbeat
 * every interval, and goodbye when the process stops ({@link #onClose()}). Each carries the
 * process's roles, its actors, the parameter version it holds, and the environment steps and
 * episodes its actors have done (the learner process adds them to its own counters).
 *
 * <p>Threading: an Agrona agent. Allocation-free.
 */
public final class HeartbeatSender implements Agent
{
    private static final int GOODBYE_ATTEMPTS = 100;

    private final Outbound out;
    private final long runId;
    private final long sender;
    private final int roles;
    private final int actors;
    private final int firstActor;
    private final ParameterStore store;
    private final AtomicCounter envSteps;
    private final AtomicCounter episodes;
    private final long intervalNs;
    private final long retryNs;
    private final NanoClock clock;
    private final long pid = ProcessHandle.current().pid();
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(128, 64));
    private boolean helloSent;
    private long lastSentNs;
    private long lastAttemptNs;

    HeartbeatSender(
        final Outbound out,
        final long runId,
        final long sender,
        final int roles,
        final int actors,
        final int firstActor,
        final ParameterStore store,
        final AtomicCounter envSteps,
        final AtomicCounter episodes,
        final long intervalNs,
        final NanoClock clock)
    {
        this.out = out;
        this.runId = runId;
        this.sender = sender;
        this.roles = roles;
        this.actors = actors;
        this.firstActor = firstActor;
        this.store = store;
        this.envSteps = envSteps;
        this.episodes = episodes;
        this.intervalNs = intervalNs;
        this.retryNs = Math.min(intervalNs, 10_000_000L);
        this.clock = clock;
        this.lastAttemptNs = clock.nanoTime() - retryNs;
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (helloSent ? nowNs - lastSentNs < intervalNs || nowNs - lastAttemptNs < retryNs :
            nowNs - lastAttemptNs < retryNs)
        {
            return 0;
        }
        lastAttemptNs = nowNs;
        if (send(helloSent ? ControlMessage.HEARTBEAT : ControlMessage.HELLO))
        {
            helloSent = true;
            lastSentNs = nowNs;
            return 1;
        }
        return 0;
    }

    private boolean send(final int kind)
    {
        final int length = ControlMessage.encode(buffer, 0, kind, roles, actors, firstActor, pid,
            store == null ? -1 : store.version(), envSteps.get(), episodes.get(), runId, sender, out.sequence());
        return out.offer(buffer, 0, length) > 0;
    }

    /** Says goodbye (a few attempts over back-pressure; none when never connected). */
    @Override
    public void onClose()
    {
        if (!helloSent)
        {
            return;
        }
        for (int i = 0; i < GOODBYE_ATTEMPTS; i++)
        {
            if (send(ControlMessage.GOODBYE) || !out.isConnected())
            {
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public String roleName()
    {
        return "aeron-heartbeat";
    }
}
