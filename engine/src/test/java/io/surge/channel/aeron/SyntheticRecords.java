package io.surge.channel.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Experience records whose every byte can be checked by the receiver: a record says which
 * instance, message and position it is, and the rest is derived from those.
 *
 * <pre>
 *   0: stream id (int32) = the actor's global index     4: position in its message (int32)
 *   8: sender instance id (int64)                       16: the sender's message number (int64)
 *  24..: bytes derived from (instance, message, position)
 * </pre>
 */
final class SyntheticRecords
{
    static final int RECORD_LENGTH = 64;
    /** Length of the parameter vector the multi-process tests broadcast. */
    static final int PARAMETERS = 5000;

    private SyntheticRecords()
    {
    }

    static void write(final MutableDirectBuffer b, final int at, final int actor, final int position, final long instance,
        final long message)
    {
        b.putInt(at, actor);
        b.putInt(at + 4, position);
        b.putLong(at + 8, instance);
        b.putLong(at + 16, message);
        long x = mix(instance, message, position);
        for (int i = 24; i < RECORD_LENGTH; i += 8)
        {
            x = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            b.putLong(at + i, x);
        }
    }

    /**
     * Whether a record is intact.
     *
     * @return true when every derived byte matches.
     */
    static boolean valid(final DirectBuffer b, final int at, final int expectedPosition)
    {
        if (b.getInt(at) < 0 || b.getInt(at + 4) != expectedPosition)
        {
            return false;
        }
        long x = mix(b.getLong(at + 8), b.getLong(at + 16), expectedPosition);
        for (int i = 24; i < RECORD_LENGTH; i += 8)
        {
            x = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            if (b.getLong(at + i) != x)
            {
                return false;
            }
        }
        return true;
    }

    private static long mix(final long instance, final long message, final int position)
    {
        long h = instance * 0xBF58476D1CE4E5B9L ^ message * 0x94D049BB133111EBL ^ position;
        h ^= h >>> 31;
        return h;
    }
}
