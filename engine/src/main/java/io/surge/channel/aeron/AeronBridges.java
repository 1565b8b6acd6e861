package io.surge.channel.aeron;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.PrioritySlot;
import io.surge.channel.Ring;
import io.surge.config.RunConfig;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EventLog;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Aeron side of one process of a run spread over processes or hosts: the Aeron client (and
 * the media driver, when embedded) and the bridge agents the process needs, chosen from its
 * {@code roles=}. An algorithm's builder makes its roles, rings and parameter store as in one
 * process, leaves out the roles that run elsewhere, and adds the agents this returns:
 *
 * <pre>{@code
 * ProcessRoles roles = ProcessRoles.from(config);
 * if (!roles.single()) {
 *     bridges = AeronBridges.launch(config, context.counters(), context.errorHandler(), context.events());
 *     for (Agent a : bridges.offPolicy(experienceRing, ExperienceFormat.transitions(recordLength, slotRecords),
 *                                        store, localActors, context.latency("parameter_broadcast")))
 *         roles.add(new Role(a, bridges.newIdleStrategy(), false));
 * }
 * ...
 * close(): bridges.close()   // after every role stopped
 * }</pre>
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #offPolicy} (DQN, Ape-X, R2D2: actors, replay + learner, evaluator): a process with
 *   the replay (and so the learner) gets an experience adapter into its experience ring (which must
 *   be multi-producer when local actors publish too), a parameter proxy watching its store and the
 *   liveness tracker. A process without them gets, when it runs actors, an experience proxy
 *   draining its experience ring (its only consumer) and a heartbeat sender, and, when it runs
 *   actors or the evaluator, a parameter adapter writing its store (its only writer).</li>
 *   <li>{@link #onPolicy} (IMPALA: actors, learner): the same with trajectories and the learner in
 *   place of the replay.</li>
 *   <li>The building blocks ({@link #experienceIn}, {@link #experienceOut}, {@link #prioritiesIn},
 *   {@link #prioritiesOut}, {@link #parametersIn}, {@link #parametersOut}, {@link #liveness},
 *   {@link #heartbeat}) make one bridge each, for other splits.</li>
 *   <li>No bridge ever blocks; back-pressure is counted and shows up as a full local ring.
 *   Bridges are not restartable: an exception in one (a closed publication) stops the run.</li>
 *   <li>{@link #close()} after the roles stopped (the heartbeat's goodbye is sent when its agent
 *   closes): closes publications, subscriptions, the client, and the embedded driver, whose
 *   directory is deleted.</li>
 * </ul>
 *
 * <p>Threading: made, used and closed on the control thread; the agents it returns run wherever
 * the role placement puts them.
 */
public final class AeronBridges implements AutoCloseable
{
    /** Fragments an adapter reads per duty cycle at most. */
    static final int FRAGMENT_LIMIT = 64;
    /** Parameter chunks the proxy offers per duty cycle at most. */
    static final int CHUNKS_PER_CYCLE = 16;

    private final TransportSettings settings;
    private final RunCounters counters;
    private final AeronTransport transport;
    private final Rejections rejections;
    private final LivenessListener listener;
    private final NanoClock clock;
    private final long instanceId;
    private final int maxSource;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private ParameterProxy parameterProxy;
    private LivenessTracker tracker;

    private AeronBridges(
        final TransportSettings settings, final RunCounters counters, final AeronTransport transport,
        final LivenessListener listener, final int maxSource)
    {
        this.settings = settings;
        this.counters = counters;
        this.transport = transport;
        this.listener = listener;
        this.maxSource = maxSource;
        this.clock = SystemNanoClock.INSTANCE;
        this.rejections = new Rejections(counters);
        long id;
        do
        {
            id = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        }
        while (id == 0);
        this.instanceId = id;
    }

    /**
     * Starts the transport of a process from its configuration.
     *
     * @param config       the configuration ({@code roles=} must not be {@code all}).
     * @param counters     the run's counters.
     * @param errorHandler the run's error handler: gets fatal Aeron errors (others are counted in
     *                     {@code aeron client warnings} and written to the event log).
     * @param events       the run's event log (joins, leaves, warnings), or null.
     * @return the bridges.
     * @throws io.surge.config.ConfigException when a transport key is wrong.
     * @throws IllegalStateException when {@code roles=all}, or an external driver is not running.
     */
    public static AeronBridges launch(
        final RunConfig config, final RunCounters counters, final ErrorHandler errorHandler, final EventLog events)
    {
        final TransportSettings settings = TransportSettings.from(config);
        final Integer total = config.isSet(io.surge.config.TransportKeys.TOTAL_ACTORS) ?
            config.get(io.surge.config.TransportKeys.TOTAL_ACTORS) : null;
        return launch(settings, counters, errorHandler, events, total == null ? Integer.MAX_VALUE : total);
    }

    /**
     * Starts the transport from resolved settings.
     *
     * @param settings     the settings ({@code roles} must not be single-process).
     * @param counters     the counters.
     * @param errorHandler gets fatal Aeron errors.
     * @param events       the event log, or null.
     * @param maxSource    receivers reject experience from actor indices at or above this.
     * @return the bridges.
     */
    public static AeronBridges launch(
        final TransportSettings settings, final RunCounters counters, final ErrorHandler errorHandler,
        final EventLog events, final int maxSource)
    {
        if (settings.roles().single())
        {
            throw new IllegalStateException("roles=all runs in one process: no transport to launch");
        }
        final AtomicCounter warnings = counters.register("aeron client warnings");
        final ErrorHandler handler = throwable ->
        {
            if (throwable instanceof AeronException aeronException && !AeronException.isFatal(aeronException))
            {
                warnings.increment();
                if (events != null)
                {
                    events.event("aeron-warning", String.valueOf(throwable));
                }
            }
            else
            {
                errorHandler.onError(throwable);
            }
        };
        final LivenessListener listener = events == null ? null : new LivenessListener()
        {
            @Override
            public void onJoin(final long instance, final long pid, final int roles, final int actors, final int firstActor)
            {
                events.event("process-join", String.format(Locale.ROOT, "instance %016x pid %d actors %d from %d",
                    instance, pid, actors, firstActor));
            }

            @Override
            public void onLeave(final long instance, final long pid, final boolean timedOut)
            {
                events.event("process-leave", String.format(Locale.ROOT, "instance %016x pid %d %s", instance, pid,
                    timedOut ? "timed out" : "said goodbye"));
            }
        };
        final AeronTransport transport = AeronTransport.launch(settings, handler);
        if (events != null)
        {
            events.event("transport", "roles=" + settings.roles() + " transport=" + (settings.udp() ? "udp" : "ipc") +
                " driver=" + (transport.embedded() ? "embedded" : "external") + " dir=" + transport.directory());
        }
        return new AeronBridges(settings, counters, transport, listener, maxSource);
    }

    /**
     * The bridges of an off-policy run (replay between actors and learner) for this process's roles.
     *
     * @param experience the local experience ring.
     * @param format     its record format.
     * @param store      the local parameter store.
     * @param actors     actors this process runs.
     * @param latency    records parameter broadcast latency on actor processes (ipc only), or null.
     * @return the agents to add as roles, in a fixed order.
     * @throws IllegalArgumentException when replay and learner are split.
     */
    public List<Agent> offPolicy(
        final Ring<ExperienceSlot> experience, final ExperienceFormat format, final ParameterStore store,
        final int actors, final LatencyRecorder latency)
    {
        final ProcessRoles roles = settings.roles().requireReplayWithLearner();
        return split(roles.replay(), roles, experience, format, store, actors, latency);
    }

    /**
     * The bridges of an on-policy run (actors send trajectories to the learner) for this process's roles.
     *
     * @param trajectories the local trajectory ring (the learner's queue, or the actors' outbox).
     * @param format       its record format.
     * @param store        the local parameter store.
     * @param actors       actors this process runs.
     * @param latency      records parameter broadcast latency on actor processes (ipc only), or null.
     * @return the agents to add as roles, in a fixed order.
     */
    public List<Agent> onPolicy(
        final Ring<ExperienceSlot> trajectories, final ExperienceFormat format, final ParameterStore store,
        final int actors, final LatencyRecorder latency)
    {
        final ProcessRoles roles = settings.roles();
        return split(roles.learner(), roles, trajectories, format, store, actors, latency);
    }

    private List<Agent> split(
        final boolean receiver, final ProcessRoles roles, final Ring<ExperienceSlot> ring, final ExperienceFormat format,
        final ParameterStore store, final int actors, final LatencyRecorder latency)
    {
        final List<Agent> agents = new ArrayList<>();
        if (receiver)
        {
            agents.add(experienceIn(ring, format));
            agents.add(parametersOut(store));
            agents.add(liveness());
        }
        else
        {
            if (roles.actors() || roles.evaluator())
            {
                agents.add(parametersIn(store, settings.udp() ? null : latency));
            }
            if (roles.actors())
            {
                agents.add(experienceOut(ring, format));
            }
            agents.add(heartbeat(roles.actors() ? actors : 0, store));
        }
        return agents;
    }

    /**
     * An adapter from the experience channel into a local ring.
     *
     * @param ring   the ring (its other producers, if any, must make it multi-producer).
     * @param format the record format.
     * @return the agent.
     */
    public ExperienceAdapter experienceIn(final Ring<ExperienceSlot> ring, final ExperienceFormat format)
    {
        final ExperienceFormat bounded = maxSource < format.maxSource() ? format.withMaxSource(maxSource) : format;
        return new ExperienceAdapter(subscription(settings.experienceChannel(), settings.experienceStream()), ring, bounded,
            settings.runId(), rejections, settings.maxProcesses(), FRAGMENT_LIMIT, counters);
    }

    /**
     * A proxy from a local ring to the experience channel (the ring's only consumer).
     *
     * @param ring   the ring.
     * @param format the record format.
     * @return the agent.
     */
    public ExperienceProxy experienceOut(final Ring<ExperienceSlot> ring, final ExperienceFormat format)
    {
        final Outbound out = new Outbound(ExperienceAdapter.flowName(format),
            publication(settings.experienceChannel(), settings.experienceStream()), counters);
        return new ExperienceProxy(ring, format, out, settings.runId(), instanceId, counters);
    }

    /**
     * An adapter from the priorities channel into the replay's priority ring.
     *
     * @param ring     the ring (this is its only producer).
     * @param capacity entries per update at most (the learner's batch size).
     * @return the agent.
     */
    public PriorityAdapter prioritiesIn(final Ring<PrioritySlot> ring, final int capacity)
    {
        return new PriorityAdapter(subscription(settings.prioritiesChannel(), settings.prioritiesStream()), ring, capacity,
            settings.runId(), rejections, settings.maxProcesses(), FRAGMENT_LIMIT, counters);
    }

    /**
     * A proxy from the learner's priority ring to the priorities channel.
     *
     * @param ring     the ring (this is its only consumer).
     * @param capacity entries per update at most.
     * @return the agent.
     */
    public PriorityProxy prioritiesOut(final Ring<PrioritySlot> ring, final int capacity)
    {
        final Outbound out = new Outbound("priorities",
            publication(settings.prioritiesChannel(), settings.prioritiesStream()), counters);
        return new PriorityProxy(ring, capacity, out, settings.runId(), instanceId);
    }

    /**
     * The parameter proxy of the learner's store.
     *
     * @param store the store.
     * @return the agent.
     */
    public ParameterProxy parametersOut(final ParameterStore store)
    {
        if (parameterProxy != null)
        {
            throw new IllegalStateException("one parameter proxy per process");
        }
        final Outbound out = new Outbound("parameters",
            publication(settings.parametersChannel(), settings.parametersStream()), counters);
        parameterProxy = new ParameterProxy(store, out, settings.runId(), instanceId, settings.chunkFloats(),
            settings.parametersPeriodMs() * 1_000_000L, settings.parametersMinIntervalMs() * 1_000_000L, CHUNKS_PER_CYCLE,
            clock, counters);
        return parameterProxy;
    }

    /**
     * A parameter adapter writing a local store.
     *
     * @param store   the store (this is its only writer).
     * @param latency records broadcast latency, or null (only meaningful on one host).
     * @return the agent.
     */
    public ParameterAdapter parametersIn(final ParameterStore store, final LatencyRecorder latency)
    {
        return new ParameterAdapter(subscription(settings.parametersSubscribeChannel(), settings.parametersStream()), store,
            settings.chunkFloats(), settings.runId(), rejections, settings.maxProcesses(), FRAGMENT_LIMIT, clock, latency,
            counters);
    }

    /**
     * The liveness tracker (learner side); joins ask the parameter proxy, if this process has one,
     * for a broadcast.
     *
     * @return the agent.
     */
    public LivenessTracker liveness()
    {
        if (tracker != null)
        {
            throw new IllegalStateException("one liveness tracker per process");
        }
        tracker = new LivenessTracker(subscription(settings.controlChannel(), settings.controlStream()), settings.runId(),
            rejections, settings.maxProcesses(), settings.livenessTimeoutMs() * 1_000_000L, clock, parameterProxy,
            listener, counters);
        return tracker;
    }

    /**
     * The heartbeat sender of an actor-side process.
     *
     * @param actors actors it runs.
     * @param store  its parameter store (the version it holds is reported), or null.
     * @return the agent.
     */
    public HeartbeatSender heartbeat(final int actors, final ParameterStore store)
    {
        final Outbound out = new Outbound("control", publication(settings.controlChannel(), settings.controlStream()),
            counters);
        return new HeartbeatSender(out, settings.runId(), instanceId, settings.roles().bits(), actors,
            settings.firstActor(), store, counters.get(EngineCounter.ENV_STEPS), counters.get(EngineCounter.EPISODES),
            settings.heartbeatIntervalMs() * 1_000_000L, clock);
    }

    /**
     * A new idle strategy for a bridge role ({@code idle.bridges}).
     *
     * @return the strategy.
     */
    public IdleStrategy newIdleStrategy()
    {
        return AeronTransport.idleStrategy(settings.bridgeIdle());
    }

    private ExclusivePublication publication(final String channel, final int streamId)
    {
        final ExclusivePublication publication =
            transport.aeron().addExclusivePublication(settings.publicationChannel(channel), streamId);
        resources.add(publication);
        return publication;
    }

    private Subscription subscription(final String channel, final int streamId)
    {
        final Subscription subscription = transport.aeron().addSubscription(channel, streamId);
        resources.add(subscription);
        return subscription;
    }

    /**
     * The settings.
     *
     * @return the settings.
     */
    public TransportSettings settings()
    {
        return settings;
    }

    /**
     * This process's instance id (new at every start), the sender of its messages.
     *
     * @return the id.
     */
    public long instanceId()
    {
        return instanceId;
    }

    /**
     * The rejection counters.
     *
     * @return the rejections.
     */
    public Rejections rejections()
    {
        return rejections;
    }

    /**
     * The transport.
     *
     * @return the client and driver.
     */
    public AeronTransport transport()
    {
        return transport;
    }

    /** Closes publications, subscriptions, the client and the embedded driver (after the roles stopped). */
    @Override
    public void close()
    {
        CloseHelper.closeAll(resources);
        resources.clear();
        transport.close();
    }
}
