package io.surge.channel.aeron;

import io.aeron.ChannelUri;
import io.aeron.driver.ThreadingMode;
import io.surge.config.ConfigException;
import io.surge.config.CoreKeys;
import io.surge.config.Key;
import io.surge.config.RunConfig;
import io.surge.config.TransportKeys;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The resolved transport settings of one process, from the {@link TransportKeys} of its
 * configuration: defaults of the channels derived from {@code transport=}, the learner's host and
 * the port base; the run id derived from the run's identity unless set. Checked once, before
 * anything starts.
 *
 * @param roles                      the roles this process runs.
 * @param udp                        true for {@code transport=udp}.
 * @param embeddedDriver             true for {@code aeron.driver=embedded}.
 * @param dir                        the Aeron directory, or null for the default.
 * @param driverThreading            threading of an embedded driver.
 * @param driverIdle                 idle strategy word of an embedded driver.
 * @param bridgeIdle                 idle strategy word of the bridge roles.
 * @param termLength                 term buffer length of publications (bytes, a power of two).
 * @param runId                      the run id of every message.
 * @param experienceChannel          experience channel.
 * @param experienceStream           experience stream id.
 * @param controlChannel             control channel.
 * @param controlStream              control stream id.
 * @param parametersChannel          the learner's parameter publication channel.
 * @param parametersSubscribeChannel the actors' parameter subscription channel.
 * @param parametersStream           parameters stream id.
 * @param prioritiesChannel          priorities channel.
 * @param prioritiesStream           priorities stream id.
 * @param chunkBytes                 bytes of floats per parameter chunk (a multiple of 4).
 * @param parametersPeriodMs         longest time between parameter broadcasts.
 * @param parametersMinIntervalMs    shortest time between parameter broadcasts.
 * @param heartbeatIntervalMs        heartbeat period of actor processes.
 * @param livenessTimeoutMs          silence after which the learner drops an actor process.
 * @param maxProcesses               actor processes tracked at most.
 * @param driverTimeoutMs            client-to-driver timeout.
 * @param firstActor                 global index of this process's first actor.
 */
public record TransportSettings(
    ProcessRoles roles,
    boolean udp,
    boolean embeddedDriver,
    String dir,
    ThreadingMode driverThreading,
    String driverIdle,
    String bridgeIdle,
    int termLength,
    long runId,
    String experienceChannel,
    int experienceStream,
    String controlChannel,
    int controlStream,
    String parametersChannel,
    String parametersSubscribeChannel,
    int parametersStream,
    String prioritiesChannel,
    int prioritiesStream,
    int chunkBytes,
    int parametersPeriodMs,
    int parametersMinIntervalMs,
    int heartbeatIntervalMs,
    int livenessTimeoutMs,
    int maxProcesses,
    int driverTimeoutMs,
    int firstActor)
{
    /**
     * Resolves and checks the settings of a configuration.
     *
     * @param config the configuration.
     * @return the settings.
     * @throws ConfigException naming the key, the value and what is allowed.
     */
    public static TransportSettings from(final RunConfig config)
    {
        final ProcessRoles roles = ProcessRoles.from(config);
        final boolean udp = "udp".equals(config.get(TransportKeys.TRANSPORT));
        final String host = config.get(TransportKeys.LEARNER_HOST);
        final int port = config.get(TransportKeys.PORT_BASE);
        final String ipc = "aeron:ipc";
        final String experience = channel(config, TransportKeys.EXPERIENCE_CHANNEL,
            udp ? "aeron:udp?endpoint=" + host + ":" + port : ipc);
        final String control = channel(config, TransportKeys.CONTROL_CHANNEL,
            udp ? "aeron:udp?endpoint=" + host + ":" + (port + 1) : ipc);
        final String parameters = channel(config, TransportKeys.PARAMETERS_CHANNEL,
            udp ? "aeron:udp?control=" + host + ":" + (port + 2) + "|control-mode=dynamic" : ipc);
        final String parametersSubscribe = channel(config, TransportKeys.PARAMETERS_SUBSCRIBE_CHANNEL,
            udp ? "aeron:udp?endpoint=0.0.0.0:0|control=" + host + ":" + (port + 2) + "|control-mode=dynamic" : ipc);
        final String priorities = channel(config, TransportKeys.PRIORITIES_CHANNEL,
            udp ? "aeron:udp?endpoint=" + host + ":" + (port + 3) : ipc);

        final int termLength = config.get(TransportKeys.TERM_LENGTH);
        if (Integer.bitCount(termLength) != 1)
        {
            throw new ConfigException(config.where(TransportKeys.TERM_LENGTH) + ": key 'aeron.term_length': value '" +
                termLength + "' is not a power of two; allowed: " + TransportKeys.TERM_LENGTH.allowed() + ", a power of two");
        }
        final int chunkBytes = config.get(TransportKeys.PARAMETERS_CHUNK);
        if (chunkBytes % 4 != 0)
        {
            throw new ConfigException(config.where(TransportKeys.PARAMETERS_CHUNK) + ": key 'aeron.parameters.chunk_bytes': value '" +
                chunkBytes + "' is not a multiple of 4");
        }
        if (chunkBytes + ParameterChunkMessage.PAYLOAD_OFFSET > termLength / 8)
        {
            throw new ConfigException(config.where(TransportKeys.PARAMETERS_CHUNK) + ": key 'aeron.parameters.chunk_bytes': value '" +
                chunkBytes + "' makes chunks longer than an eighth of aeron.term_length (" + termLength + ")");
        }
        final int heartbeat = config.get(TransportKeys.HEARTBEAT_INTERVAL);
        final int timeout = config.get(TransportKeys.LIVENESS_TIMEOUT);
        if (timeout <= heartbeat)
        {
            throw new ConfigException(config.where(TransportKeys.LIVENESS_TIMEOUT) + ": key 'aeron.liveness_timeout_ms': value '" +
                timeout + "' must exceed aeron.heartbeat_interval_ms (" + heartbeat + ")");
        }
        final boolean embedded = "embedded".equals(config.get(TransportKeys.DRIVER));
        if (!roles.single() && embedded && config.get(TransportKeys.DIR) == null)
        {
            for (final String channel : new String[] {experience, control, parameters, parametersSubscribe})
            {
                if (channel.startsWith("aeron:ipc"))
                {
                    throw new ConfigException(config.where(TransportKeys.DRIVER) + ": key 'aeron.driver': value 'embedded' " +
                        "with channel " + channel + " and roles=" + roles + ": no other process can reach a private embedded " +
                        "driver over ipc; allowed: aeron.driver=external (a shared `surge driver`), aeron.dir set (the " +
                        "other processes use this one's driver), or transport=udp");
                }
            }
        }
        final Long runId = config.get(TransportKeys.RUN_ID);
        return new TransportSettings(
            roles,
            udp,
            embedded,
            config.get(TransportKeys.DIR),
            ThreadingMode.valueOf(config.get(TransportKeys.DRIVER_THREADING).toUpperCase(Locale.ROOT)),
            config.get(TransportKeys.DRIVER_IDLE),
            config.get(TransportKeys.BRIDGE_IDLE),
            termLength,
            runId != null ? runId : derivedRunId(config),
            experience,
            config.get(TransportKeys.EXPERIENCE_STREAM),
            control,
            config.get(TransportKeys.CONTROL_STREAM),
            parameters,
            parametersSubscribe,
            config.get(TransportKeys.PARAMETERS_STREAM),
            priorities,
            config.get(TransportKeys.PRIORITIES_STREAM),
            chunkBytes,
            config.get(TransportKeys.PARAMETERS_PERIOD),
            config.get(TransportKeys.PARAMETERS_MIN_INTERVAL),
            heartbeat,
            timeout,
            config.get(TransportKeys.MAX_PROCESSES),
            config.get(TransportKeys.DRIVER_TIMEOUT),
            config.get(TransportKeys.FIRST_ACTOR));
    }

    private static String channel(final RunConfig config, final Key<String> key, final String derived)
    {
        final String value = config.get(key);
        final String channel = value != null ? value : derived;
        try
        {
            final ChannelUri uri = ChannelUri.parse(channel);
            if (!uri.isIpc() && !uri.isUdp())
            {
                throw new IllegalArgumentException("media must be ipc or udp");
            }
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException(config.where(key) + ": key '" + key.name() + "': value '" + channel +
                "' is not an Aeron channel (" + ex.getMessage() + "); allowed: aeron:ipc or aeron:udp?...");
        }
        return channel;
    }

    /**
     * The run id every process started from one file agrees on: FNV-1a (64 bits) of the run's
     * name, algorithm, environment and seed.
     *
     * @param config the configuration.
     * @return the run id.
     */
    public static long derivedRunId(final RunConfig config)
    {
        final String identity = config.get(CoreKeys.NAME) + '\n' + config.get(CoreKeys.ALGO) + '\n' +
            config.get(CoreKeys.ENV_ID) + '\n' + config.get(CoreKeys.SEED);
        long hash = 0xcbf29ce484222325L;
        for (final byte b : identity.getBytes(StandardCharsets.UTF_8))
        {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * A channel with this run's term length added unless it sets its own (publications only).
     *
     * @param channel the channel.
     * @return the channel for a publication.
     */
    public String publicationChannel(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        if (!uri.containsKey("term-length"))
        {
            uri.put("term-length", Integer.toString(termLength));
        }
        return uri.toString();
    }

    /**
     * Floats per parameter chunk.
     *
     * @return {@code chunkBytes / 4}.
     */
    public int chunkFloats()
    {
        return chunkBytes / 4;
    }
}
