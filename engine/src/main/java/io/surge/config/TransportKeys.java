package io.surge.config;

import java.util.List;

/**
 * Keys of processes and hosts: which roles this process runs ({@code roles=}), the transport
 * between processes (Aeron over IPC or UDP), the media driver, every channel and stream id, and
 * liveness. A run in one process ({@code roles=all}, the default) uses none of the others.
 * Guide: {@code docs/multi-host.md}.
 */
public final class TransportKeys
{
    private TransportKeys()
    {
    }

    /** Roles of this process. */
    public static final Key<List<String>> ROLES = Key.choiceList("roles", "all", "actors", "replay", "learner", "evaluator")
        .section("processes and hosts").defaultValue(List.of("all"))
        .doc("Roles this process runs: all (one process, no transport), or a list of actors, replay, learner, evaluator; the other roles run in other processes, reached over Aeron.");

    /** Global index of this process's first actor. */
    public static final Key<Integer> FIRST_ACTOR = Key.integer("actors.first_index").section("processes and hosts")
        .defaultValue(0).range(0, 1 << 20)
        .doc("Global index of this process's first actor, so actor indices (and the replay's stream ids) are unique over all actor processes.");

    /** Actors over all processes. */
    public static final Key<Integer> TOTAL_ACTORS = Key.integer("actors.total").section("processes and hosts")
        .derivedDefault("actors.first_index + actors.count")
        .range(1, 1 << 20)
        .doc("Actors over all processes of the run (Ape-X's per-actor epsilon, and the bound on source actor indices a receiver accepts).");

    /** Transport between processes. */
    public static final Key<String> TRANSPORT = Key.choice("transport", "ipc", "udp").section("processes and hosts")
        .defaultValue("ipc")
        .doc("Transport of the default channels: ipc (processes on one host sharing one media driver: aeron.driver=external) or udp (across hosts).");

    /** Embedded or external media driver. */
    public static final Key<String> DRIVER = Key.choice("aeron.driver", "embedded", "external").section("processes and hosts")
        .defaultValue("embedded")
        .doc("embedded: this process runs its own Aeron media driver; external: it connects to one started with surge driver (needed for ipc between processes).");

    /** Aeron directory. */
    public static final Key<String> DIR = Key.string("aeron.dir").section("processes and hosts")
        .derivedDefault("external: Aeron's default (/dev/shm/aeron-<user> on Linux); embedded: a fresh directory beside it")
        .doc("Directory of the media driver (CnC file, log buffers); an embedded driver set here can serve other processes of the host, and is deleted at exit.");

    /** Threading of an embedded driver. */
    public static final Key<String> DRIVER_THREADING = Key.choice("aeron.driver.threading", "shared", "shared_network", "dedicated")
        .section("processes and hosts").defaultValue("shared")
        .doc("Threads of an embedded media driver: shared (one), shared_network (conductor + one for sender and receiver), dedicated (three).");

    /** Idle strategy of an embedded driver. */
    public static final Key<String> DRIVER_IDLE = Key.choice("aeron.driver.idle", "backoff", "sleep", "yield", "busy")
        .section("processes and hosts").defaultValue("backoff")
        .doc("Idle strategy of an embedded media driver's threads; backoff spins briefly then parks up to 1 ms (does not busy-spin a small host).");

    /** Idle strategy of the bridge roles. */
    public static final Key<String> BRIDGE_IDLE = Key.choice("idle.bridges", "busy", "yield", "backoff", "sleep")
        .section("processes and hosts").defaultValue("backoff")
        .doc("Idle strategy of the Aeron bridge roles (proxies, adapters, heartbeat, liveness) when they run on their own threads.");

    /** Term buffer length of Surge's publications. */
    public static final Key<Integer> TERM_LENGTH = Key.integer("aeron.term_length").section("processes and hosts")
        .defaultValue(4 << 20).range(64 << 10, 1 << 30).unit("bytes")
        .doc("Term buffer length of each publication (a power of two; added as term-length to channels that do not set it); a message may be at most an eighth of it.");

    /** Run id of the run's messages. */
    public static final Key<Long> RUN_ID = Key.longKey("aeron.run_id").section("processes and hosts")
        .derivedDefault("a hash of name, algo, env.id and seed (equal in every process started from one file)")
        .doc("Run id every message carries; messages with another run id are rejected and counted.");

    /** Host of the learner and replay. */
    public static final Key<String> LEARNER_HOST = Key.string("aeron.learner_host").section("processes and hosts")
        .defaultValue("localhost")
        .doc("Address of the host that runs the learner and the replay, used by the default udp channels.");

    /** First UDP port of the default channels. */
    public static final Key<Integer> PORT_BASE = Key.integer("aeron.port_base").section("processes and hosts")
        .defaultValue(40456).range(1024, 65532)
        .doc("First of the four UDP ports of the default udp channels: experience, control, parameters, priorities.");

    /** Experience channel. */
    public static final Key<String> EXPERIENCE_CHANNEL = Key.string("aeron.experience.channel").section("processes and hosts")
        .derivedDefault("aeron:ipc; udp: aeron:udp?endpoint=<aeron.learner_host>:<aeron.port_base>")
        .doc("Channel of experience (or trajectories) from actor processes to the replay (or learner).");

    /** Experience stream id. */
    public static final Key<Integer> EXPERIENCE_STREAM = Key.integer("aeron.experience.stream_id").section("processes and hosts")
        .defaultValue(1001).range(1, Integer.MAX_VALUE)
        .doc("Stream id of experience on its channel.");

    /** Control channel. */
    public static final Key<String> CONTROL_CHANNEL = Key.string("aeron.control.channel").section("processes and hosts")
        .derivedDefault("aeron:ipc; udp: aeron:udp?endpoint=<aeron.learner_host>:<aeron.port_base + 1>")
        .doc("Channel of hello, heartbeat and goodbye from actor processes to the learner.");

    /** Control stream id. */
    public static final Key<Integer> CONTROL_STREAM = Key.integer("aeron.control.stream_id").section("processes and hosts")
        .defaultValue(1002).range(1, Integer.MAX_VALUE)
        .doc("Stream id of control messages on their channel.");

    /** Parameters channel of the learner. */
    public static final Key<String> PARAMETERS_CHANNEL = Key.string("aeron.parameters.channel").section("processes and hosts")
        .derivedDefault("aeron:ipc; udp: multi-destination-cast aeron:udp?control=<aeron.learner_host>:<aeron.port_base + 2>|control-mode=dynamic")
        .doc("Channel on which the learner publishes parameters to every actor process (MDC or multicast for udp).");

    /** Parameters channel of the actors. */
    public static final Key<String> PARAMETERS_SUBSCRIBE_CHANNEL = Key.string("aeron.parameters.subscribe_channel")
        .section("processes and hosts")
        .derivedDefault("aeron:ipc; udp: aeron:udp?endpoint=0.0.0.0:0|control=<aeron.learner_host>:<aeron.port_base + 2>|control-mode=dynamic")
        .doc("Channel on which actor processes subscribe to parameters (for MDC: their own endpoint plus the learner's control address).");

    /** Parameters stream id. */
    public static final Key<Integer> PARAMETERS_STREAM = Key.integer("aeron.parameters.stream_id").section("processes and hosts")
        .defaultValue(1003).range(1, Integer.MAX_VALUE)
        .doc("Stream id of parameters on their channel.");

    /** Priorities channel. */
    public static final Key<String> PRIORITIES_CHANNEL = Key.string("aeron.priorities.channel").section("processes and hosts")
        .derivedDefault("aeron:ipc; udp: aeron:udp?endpoint=<aeron.learner_host>:<aeron.port_base + 3>")
        .doc("Channel of priority updates from the learner to the replay when they run in different processes.");

    /** Priorities stream id. */
    public static final Key<Integer> PRIORITIES_STREAM = Key.integer("aeron.priorities.stream_id").section("processes and hosts")
        .defaultValue(1004).range(1, Integer.MAX_VALUE)
        .doc("Stream id of priority updates on their channel.");

    /** Parameter chunk size. */
    public static final Key<Integer> PARAMETERS_CHUNK = Key.integer("aeron.parameters.chunk_bytes").section("processes and hosts")
        .defaultValue(64 << 10).range(1 << 10, 16 << 20).unit("bytes")
        .doc("Parameters are sent in chunks of at most this many bytes of floats (a multiple of 4), reassembled by version.");

    /** Rebroadcast period. */
    public static final Key<Integer> PARAMETERS_PERIOD = Key.integer("aeron.parameters.period_ms").section("processes and hosts")
        .defaultValue(1000).range(10, 3_600_000).unit("ms")
        .doc("The learner rebroadcasts its newest parameters at least this often, so an actor that joins gets them within one period.");

    /** Least time between broadcasts of new versions. */
    public static final Key<Integer> PARAMETERS_MIN_INTERVAL = Key.integer("aeron.parameters.min_interval_ms")
        .section("processes and hosts").defaultValue(10).range(0, 3_600_000).unit("ms")
        .doc("Least time between the starts of two parameter broadcasts (caps the bandwidth when the learner publishes every update).");

    /** Heartbeat period. */
    public static final Key<Integer> HEARTBEAT_INTERVAL = Key.integer("aeron.heartbeat_interval_ms").section("processes and hosts")
        .defaultValue(500).range(10, 600_000).unit("ms")
        .doc("Actor processes send a heartbeat this often.");

    /** Liveness timeout. */
    public static final Key<Integer> LIVENESS_TIMEOUT = Key.integer("aeron.liveness_timeout_ms").section("processes and hosts")
        .defaultValue(5000).range(20, 3_600_000).unit("ms")
        .doc("The learner drops an actor process it has not heard from for this long (more than aeron.heartbeat_interval_ms).");

    /** Most actor processes tracked. */
    public static final Key<Integer> MAX_PROCESSES = Key.integer("aeron.max_processes").section("processes and hosts")
        .defaultValue(256).range(1, 1 << 16)
        .doc("Most actor processes the learner tracks at once; hellos beyond it are counted and ignored.");

    /** Driver timeout. */
    public static final Key<Integer> DRIVER_TIMEOUT = Key.integer("aeron.driver_timeout_ms").section("processes and hosts")
        .defaultValue(10_000).range(100, 600_000).unit("ms")
        .doc("How long the Aeron client waits for its media driver before giving up.");
}
