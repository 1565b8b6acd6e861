package io.surge.channel.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Liveness between processes: an actor-side process says hello when it starts, sends heartbeats
 * while it runs and goodbye when it stops. The header carries the run id, the schema version and
 * the sender's instance id (new at every process start, so a restarted process is a new
 * instance); the body says what the sender runs.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                header (MessageHeader), type CONTROL           |  0
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |          kind (int32): 1 hello, 2 heartbeat, 3 goodbye        | 32
 *  +---------------------------------------------------------------+
 *  |  roles (int32 bit set): 1 actors, 2 replay, 4 learner, 8 eval | 36
 *  +---------------------------------------------------------------+
 *  |               actors in the sender's process (int32)          | 40
 *  +---------------------------------------------------------------+
 *  |               global index of its first actor (int32)         | 44
 *  +---------------------------------------------------------------+
 *  |                      process id (int64)                       | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      version of the parameters the sender holds (int64)       | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      environment steps its actors took so far (int64)         | 64
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      episodes its actors finished so far (int64)              | 72
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Checks ({@link #check}): frame length exactly 80, a known kind, a non-empty set of known role
 * bits, actor count in {@code [0, 65536]}, first index, process id, steps and episodes
 * non-negative.
 *
 * <p>Threading: static methods over the caller's buffer; no state. Allocation-free.
 */
public final class ControlMessage
{
    /** Kind: a process starts. */
    public static final int HELLO = 1;
    /** Kind: a process is alive. */
    public static final int HEARTBEAT = 2;
    /** Kind: a process stops. */
    public static final int GOODBYE = 3;

    /** Offset of the kind (int32). */
    public static final int KIND_OFFSET = MessageHeader.LENGTH;
    /** Offset of the role bits (int32). */
    public static final int ROLES_OFFSET = MessageHeader.LENGTH + 4;
    /** Offset of the actor count (int32). */
    public static final int ACTORS_OFFSET = MessageHeader.LENGTH + 8;
    /** Offset of the first actor index (int32). */
    public static final int FIRST_ACTOR_OFFSET = MessageHeader.LENGTH + 12;
    /** Offset of the process id (int64). */
    public static final int PID_OFFSET = MessageHeader.LENGTH + 16;
    /** Offset of the parameter version held (int64). */
    public static final int PARAMETER_VERSION_OFFSET = MessageHeader.LENGTH + 24;
    /** Offset of the environment steps (int64). */
    public static final int ENV_STEPS_OFFSET = MessageHeader.LENGTH + 32;
    /** Offset of the episodes (int64). */
    public static final int EPISODES_OFFSET = MessageHeader.LENGTH + 40;
    /** Length of a control message. */
    public static final int LENGTH = MessageHeader.LENGTH + 48;

    /** Most actors one process may declare. */
    public static final int MAX_ACTORS = 1 << 16;

    private ControlMessage()
    {
    }

    /**
     * Encodes a control message.
     *
     * @param buffer           the buffer.
     * @param offset           where the message starts.
     * @param kind             {@link #HELLO}, {@link #HEARTBEAT} or {@link #GOODBYE}.
     * @param roles            {@link ProcessRoles#bits()} of the sender.
     * @param actors           actors in the sender's process.
     * @param firstActor       global index of its first actor.
     * @param pid              its process id.
     * @param parameterVersion the version of the parameters it holds.
     * @param envSteps         environment steps its actors took so far.
     * @param episodes         episodes its actors finished so far.
     * @param runId            the run.
     * @param sender           the sender's instance id.
     * @param sequence         the sender's sequence.
     * @return {@link #LENGTH}.
     */
    public static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final int kind,
        final int roles,
        final int actors,
        final int firstActor,
        final long pid,
        final long parameterVersion,
        final long envSteps,
        final long episodes,
        final long runId,
        final long sender,
        final long sequence)
    {
        MessageHeader.write(buffer, offset, LENGTH, MessageType.CONTROL, runId, sender, sequence);
        buffer.putInt(offset + KIND_OFFSET, kind);
        buffer.putInt(offset + ROLES_OFFSET, roles);
        buffer.putInt(offset + ACTORS_OFFSET, actors);
        buffer.putInt(offset + FIRST_ACTOR_OFFSET, firstActor);
        buffer.putLong(offset + PID_OFFSET, pid);
        buffer.putLong(offset + PARAMETER_VERSION_OFFSET, parameterVersion);
        buffer.putLong(offset + ENV_STEPS_OFFSET, envSteps);
        buffer.putLong(offset + EPISODES_OFFSET, episodes);
        return LENGTH;
    }

    /**
     * Checks the body of a message whose header passed {@link MessageValidator#check}.
     *
     * @param buffer the received bytes.
     * @param offset where the message starts.
     * @param length bytes received.
     * @return null when valid, else why not (safe on any bytes: reads nothing beyond length).
     */
    public static RejectReason check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeader.LENGTH)
        {
            return RejectReason.TOO_SHORT;
        }
        if (MessageHeader.type(buffer, offset) != MessageType.CONTROL)
        {
            return RejectReason.UNEXPECTED_TYPE;
        }
        if (length != LENGTH)
        {
            return RejectReason.BAD_BODY;
        }
        final int kind = kind(buffer, offset);
        final int roles = roles(buffer, offset);
        final int actors = actors(buffer, offset);
        if (kind < HELLO || kind > GOODBYE || roles == 0 || (roles & ~ProcessRoles.ALL_BITS) != 0 ||
            actors < 0 || actors > MAX_ACTORS || firstActor(buffer, offset) < 0 || pid(buffer, offset) < 0 ||
            envSteps(buffer, offset) < 0 || episodes(buffer, offset) < 0)
        {
            return RejectReason.BAD_BODY;
        }
        return null;
    }

    /**
     * The kind.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the kind.
     */
    public static int kind(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + KIND_OFFSET);
    }

    /**
     * The role bits.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the bits.
     */
    public static int roles(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + ROLES_OFFSET);
    }

    /**
     * The actor count.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return actors in the sender's process.
     */
    public static int actors(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + ACTORS_OFFSET);
    }

    /**
     * The first actor index.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the global index.
     */
    public static int firstActor(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + FIRST_ACTOR_OFFSET);
    }

    /**
     * The process id.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the pid.
     */
    public static long pid(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + PID_OFFSET);
    }

    /**
     * The parameter version the sender holds.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the version.
     */
    public static long parameterVersion(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + PARAMETER_VERSION_OFFSET);
    }

    /**
     * The environment steps of the sender's actors.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the steps so far.
     */
    public static long envSteps(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + ENV_STEPS_OFFSET);
    }

    /**
     * The episodes of the sender's actors.
     *
     * @param buffer the bytes.
     * @param offset where the message starts.
     * @return the episodes so far.
     */
    public static long episodes(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + EPISODES_OFFSET);
    }
}
