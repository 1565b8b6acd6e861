package io.surge.channel.aeron;

import io.aeron.Subscription;
import io.surge.metrics.RunCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Learner side of liveness: reads {@link ControlMessage}s from actor processes and keeps the table
 * of connected ones. A hello, or a heartbeat from an instance it does not know (one dropped after a
 * pause, or a learner that started later), makes the process join; a goodbye makes it leave; a
 * process silent for longer than the timeout is dropped. A new or restarted process is a new
 * instance id. Each join asks the parameter proxy for an immediate broadcast.
 *
 * <p>Heartbeats carry the environment steps and episodes of each process's actors; what they add
 * since the last one is added to this process's {@link io.surge.metrics.EngineCounter#ENV_STEPS}
 * and {@link io.surge.metrics.EngineCounter#EPISODES}, so the learner process's counters (rates,
 * {@code run.max_env_steps}) count every actor of the run, late by at most one heartbeat.
 *
 * <p>Counters: {@code aeron actor processes connected} and {@code aeron actors connected} (now),
 * {@code aeron actor processes joined}, {@code ... left} (goodbye), {@code ... timed out},
 * {@code ... refused (table full)}.
 *
 * <p>Threading: an Agrona agent; every method on its thread except the read-only accessors, which
 * are approximate elsewhere. Allocation-free, except the listener's calls on join and leave.
 */
public final class LivenessTracker implements Agent, Inbound.Body
{
    private final Inbound inbound;
    private final NanoClock clock;
    private final long timeoutNs;
    private final long checkIntervalNs;
    private final ParameterProxy parameters;
    private final LivenessListener listener;
    private final long[] instances;
    private final long[] lastSeenNs;
    private final long[] pids;
    private final long[] parameterVersions;
    private final int[] actors;
    private final int[] firsts;
    private final int[] roles;
    private final long[] steps;
    private final long[] episodes;
    private final long[] departed;
    private final long[] departedSteps;
    private final long[] departedEpisodes;
    private int nextDeparted;
    private final AtomicCounter envSteps;
    private final AtomicCounter episodeCounter;
    private final AtomicCounter connected;
    private final AtomicCounter connectedActors;
    private final AtomicCounter joined;
    private final AtomicCounter left;
    private final AtomicCounter timedOut;
    private final AtomicCounter refused;
    private int size;
    private int actorSum;
    private long lastCheckNs;

    LivenessTracker(
        final Subscription subscription,
        final long runId,
        final Rejections rejections,
        final int maxProcesses,
        final long timeoutNs,
        final NanoClock clock,
        final ParameterProxy parameters,
        final LivenessListener listener,
        final RunCounters counters)
    {
        this.clock = clock;
        this.timeoutNs = timeoutNs;
        this.checkIntervalNs = Math.max(1_000_000L, timeoutNs / 10);
        this.parameters = parameters;
        this.listener = listener;
        this.instances = new long[maxProcesses];
        this.lastSeenNs = new long[maxProcesses];
        this.pids = new long[maxProcesses];
        this.parameterVersions = new long[maxProcesses];
        this.actors = new int[maxProcesses];
        this.firsts = new int[maxProcesses];
        this.roles = new int[maxProcesses];
        this.steps = new long[maxProcesses];
        this.episodes = new long[maxProcesses];
        this.departed = new long[maxProcesses];
        this.departedSteps = new long[maxProcesses];
        this.departedEpisodes = new long[maxProcesses];
        this.envSteps = counters.get(io.surge.metrics.EngineCounter.ENV_STEPS);
        this.episodeCounter = counters.get(io.surge.metrics.EngineCounter.EPISODES);
        this.inbound = new Inbound("control", subscription,
            new MessageValidator(runId, MessageType.bit(MessageType.CONTROL), ControlMessage.LENGTH), rejections, this,
            maxProcesses, counters);
        this.connected = counters.register("aeron actor processes connected");
        this.connectedActors = counters.register("aeron actors connected");
        this.joined = counters.register("aeron actor processes joined");
        this.left = counters.register("aeron actor processes left");
        this.timedOut = counters.register("aeron actor processes timed out");
        this.refused = counters.register("aeron actor processes refused (table full)");
        this.lastCheckNs = clock.nanoTime();
    }

    @Override
    public int doWork()
    {
        int work = inbound.poll(16);
        final long nowNs = clock.nanoTime();
        if (nowNs - lastCheckNs >= checkIntervalNs)
        {
            lastCheckNs = nowNs;
            for (int i = size - 1; i >= 0; i--)
            {
                if (nowNs - lastSeenNs[i] > timeoutNs)
                {
                    timedOut.incrementRelease();
                    remove(i, true);
                    work++;
                }
            }
        }
        return work;
    }

    @Override
    public RejectReason check(final DirectBuffer buffer, final int offset, final int length)
    {
        return ControlMessage.check(buffer, offset, length);
    }

    @Override
    public boolean apply(final DirectBuffer buffer, final int offset, final int length)
    {
        final long instance = MessageHeader.sender(buffer, offset);
        final int kind = ControlMessage.kind(buffer, offset);
        int i = indexOf(instance);
        if (kind == ControlMessage.GOODBYE)
        {
            if (i >= 0)
            {
                addProgress(i, buffer, offset);
                left.incrementRelease();
                remove(i, false);
            }
            return true;
        }
        if (i < 0)
        {
            if (size == instances.length)
            {
                refused.incrementRelease();
                return true;
            }
            i = size++;
            instances[i] = instance;
            pids[i] = ControlMessage.pid(buffer, offset);
            actors[i] = ControlMessage.actors(buffer, offset);
            firsts[i] = ControlMessage.firstActor(buffer, offset);
            roles[i] = ControlMessage.roles(buffer, offset);
            restoreProgress(i, instance);
            actorSum += actors[i];
            joined.incrementRelease();
            publishGauges();
            if (parameters != null)
            {
                parameters.requestBroadcast();
            }
            if (listener != null)
            {
                listener.onJoin(instance, pids[i], roles[i], actors[i], firsts[i]);
            }
        }
        addProgress(i, buffer, offset);
        lastSeenNs[i] = clock.nanoTime();
        parameterVersions[i] = ControlMessage.parameterVersion(buffer, offset);
        return true;
    }

    /** A process dropped for silence that comes back keeps its counts: only new steps are added. */
    private void restoreProgress(final int i, final long instance)
    {
        steps[i] = 0;
        episodes[i] = 0;
        for (int d = 0; d < departed.length; d++)
        {
            if (departed[d] == instance)
            {
                steps[i] = departedSteps[d];
                episodes[i] = departedEpisodes[d];
                departed[d] = 0;
                return;
            }
        }
    }

    private void addProgress(final int i, final DirectBuffer buffer, final int offset)
    {
        final long s = ControlMessage.envSteps(buffer, offset);
        final long e = ControlMessage.episodes(buffer, offset);
        if (s > steps[i])
        {
            envSteps.getAndAdd(s - steps[i]);
            steps[i] = s;
        }
        if (e > episodes[i])
        {
            episodeCounter.getAndAdd(e - episodes[i]);
            episodes[i] = e;
        }
    }

    private int indexOf(final long instance)
    {
        for (int i = 0; i < size; i++)
        {
            if (instances[i] == instance)
            {
                return i;
            }
        }
        return -1;
    }

    private void remove(final int i, final boolean silent)
    {
        final long instance = instances[i];
        departed[nextDeparted] = instance;
        departedSteps[nextDeparted] = steps[i];
        departedEpisodes[nextDeparted] = episodes[i];
        nextDeparted = (nextDeparted + 1) % departed.length;
        final long pid = pids[i];
        actorSum -= actors[i];
        final int last = --size;
        instances[i] = instances[last];
        lastSeenNs[i] = lastSeenNs[last];
        pids[i] = pids[last];
        parameterVersions[i] = parameterVersions[last];
        actors[i] = actors[last];
        firsts[i] = firsts[last];
        roles[i] = roles[last];
        steps[i] = steps[last];
        episodes[i] = episodes[last];
        publishGauges();
        if (listener != null)
        {
            listener.onLeave(instance, pid, silent);
        }
    }

    private void publishGauges()
    {
        connected.setRelease(size);
        connectedActors.setRelease(actorSum);
    }

    /**
     * Actor processes connected now.
     *
     * @return the count.
     */
    public int connectedProcesses()
    {
        return size;
    }

    /**
     * Whether an instance is connected (tracker's thread).
     *
     * @param instance the instance id.
     * @return true if connected.
     */
    public boolean isConnected(final long instance)
    {
        return indexOf(instance) >= 0;
    }

    /**
     * The parameter version a connected instance reported in its last hello or heartbeat
     * (tracker's thread).
     *
     * @param instance the instance id.
     * @return the version, or -1 when not connected.
     */
    public long parameterVersion(final long instance)
    {
        final int i = indexOf(instance);
        return i < 0 ? -1 : parameterVersions[i];
    }

    @Override
    public String roleName()
    {
        return "aeron-liveness";
    }
}
