package io.surge.channel.aeron;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reassembles messages that Aeron split into fragments (longer than the MTU's payload), never
 * beyond a bound: a message longer than {@code maxLength} is skipped fragment by fragment and
 * rejected as {@link RejectReason#TOO_LONG} when its last fragment arrives; nothing is ever sized
 * from a length on the wire. Unfragmented messages go straight through without a copy.
 *
 * <p>Fragments of one message are contiguous within its image (one publisher's session), but a
 * poll may stop between them and continue with another image, so each session assembles into its
 * own buffer. Buffers are made lazily, {@code maxLength} bytes each, at most {@code maxSessions} of
 * them; when all are in use the least recently used one is taken over (its partial message, if
 * any, is lost and counted in {@link #evicted()}). A continuation without its beginning (a
 * subscriber that joined mid-message) is skipped.
 *
 * <p>Abort: when the handler aborts a reassembled message (no room downstream) the last fragment
 * is taken back, so Aeron's redelivery of that fragment completes the message again.
 *
 * <p>Threading: the subscription's polling thread only. Allocation-free once every session buffer
 * exists.
 */
final class BoundedAssembler implements ControlledFragmentHandler
{
    /** Receives whole messages. */
    interface MessageHandler
    {
        /**
         * One whole message, or {@code length > maxLength} never (those are rejected here).
         *
         * @param buffer the bytes.
         * @param offset where it starts.
         * @param length its length.
         * @return {@link Action#CONTINUE}, or {@link Action#ABORT} to have it delivered again later.
         */
        Action onMessage(DirectBuffer buffer, int offset, int length);
    }

    private static final byte BEGIN = FrameDescriptor.BEGIN_FRAG_FLAG;
    private static final byte END = FrameDescriptor.END_FRAG_FLAG;

    private final MessageHandler handler;
    private final int maxLength;
    private final Rejections rejections;
    private final int[] sessions;
    private final UnsafeBuffer[] buffers;
    private final int[] limits;
    private final byte[] states;
    private final long[] lastUsed;
    private int used;
    private long tick;
    private long evicted;

    private static final byte IDLE = 0;
    private static final byte ASSEMBLING = 1;
    private static final byte OVERFLOW = 2;

    BoundedAssembler(final MessageHandler handler, final int maxLength, final int maxSessions, final Rejections rejections)
    {
        if (maxSessions < 1)
        {
            throw new IllegalArgumentException("maxSessions must be >= 1, got " + maxSessions);
        }
        this.handler = handler;
        this.maxLength = maxLength;
        this.rejections = rejections;
        this.sessions = new int[maxSessions];
        this.buffers = new UnsafeBuffer[maxSessions];
        this.limits = new int[maxSessions];
        this.states = new byte[maxSessions];
        this.lastUsed = new long[maxSessions];
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final byte flags = header.flags();
        if ((flags & FrameDescriptor.UNFRAGMENTED) == FrameDescriptor.UNFRAGMENTED)
        {
            if (length > maxLength)
            {
                rejections.reject(RejectReason.TOO_LONG);
                return Action.CONTINUE;
            }
            return handler.onMessage(buffer, offset, length);
        }
        final int session = header.sessionId();
        if ((flags & BEGIN) == BEGIN)
        {
            final int i = slotFor(session, true);
            limits[i] = 0;
            if (length > maxLength)
            {
                states[i] = OVERFLOW;
            }
            else
            {
                states[i] = ASSEMBLING;
                buffers[i].putBytes(0, buffer, offset, length);
                limits[i] = length;
            }
            return Action.CONTINUE;
        }
        final int i = slotFor(session, false);
        if (i < 0 || states[i] == IDLE)
        {
            return Action.CONTINUE;
        }
        final boolean end = (flags & END) == END;
        if (states[i] == OVERFLOW || limits[i] > maxLength - length)
        {
            states[i] = end ? IDLE : OVERFLOW;
            if (end)
            {
                rejections.reject(RejectReason.TOO_LONG);
            }
            return Action.CONTINUE;
        }
        buffers[i].putBytes(limits[i], buffer, offset, length);
        limits[i] += length;
        if (!end)
        {
            return Action.CONTINUE;
        }
        final Action action = handler.onMessage(buffers[i], 0, limits[i]);
        if (action == Action.ABORT)
        {
            limits[i] -= length;
            return Action.ABORT;
        }
        states[i] = IDLE;
        limits[i] = 0;
        return action;
    }

    private int slotFor(final int session, final boolean create)
    {
        tick++;
        for (int i = 0; i < used; i++)
        {
            if (sessions[i] == session)
            {
                lastUsed[i] = tick;
                return i;
            }
        }
        if (!create)
        {
            return -1;
        }
        int i;
        if (used < sessions.length)
        {
            i = used++;
            buffers[i] = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(maxLength), 64));
        }
        else
        {
            i = 0;
            for (int j = 1; j < used; j++)
            {
                if (lastUsed[j] < lastUsed[i])
                {
                    i = j;
                }
            }
            if (states[i] != IDLE)
            {
                evicted++;
            }
        }
        sessions[i] = session;
        states[i] = IDLE;
        limits[i] = 0;
        lastUsed[i] = tick;
        return i;
    }

    private static int align(final int length)
    {
        return (length + 63) & -64;
    }

    /**
     * Partial messages lost because their session's buffer was taken over.
     *
     * @return the count.
     */
    long evicted()
    {
        return evicted;
    }

    /**
     * Session buffers made so far.
     *
     * @return at most maxSessions.
     */
    int buffersInUse()
    {
        return used;
    }
}
