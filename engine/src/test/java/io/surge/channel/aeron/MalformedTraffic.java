package io.surge.channel.aeron;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * Makes messages every Surge receiver must reject, cycling through the kinds: another run's, an
 * unknown schema version, a frame length that disagrees with the bytes, shorter than a header,
 * longer than any channel allows (fragmented by Aeron), random bytes, a parameter chunk where it
 * does not belong, and experience with a malformed body.
 */
final class MalformedTraffic
{
    private final long runId;
    private final ExperienceFormat format;
    private final SplittableRandom random;
    private int n;

    MalformedTraffic(final long runId, final ExperienceFormat format, final long seed)
    {
        this.runId = runId;
        this.format = format;
        this.random = new SplittableRandom(seed);
    }

    private UnsafeBuffer validExperience()
    {
        final int count = 1 + random.nextInt(format.maxRecords());
        final UnsafeBuffer b = new UnsafeBuffer(new byte[ExperienceMessage.RECORDS_OFFSET + count * format.recordLength()]);
        ExperienceMessage.writeHeader(b, 0, format, count, 0, runId, 12345, n);
        for (int r = 0; r < count; r++)
        {
            AeronTestSupport.fillRecord(b, ExperienceMessage.RECORDS_OFFSET + r * format.recordLength(), format.recordLength(),
                r, random.nextLong());
        }
        return b;
    }

    private UnsafeBuffer randomBytes(final int length)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[length]);
        for (int i = 0; i < length; i++)
        {
            b.putByte(i, (byte)random.nextInt());
        }
        return b;
    }

    UnsafeBuffer next()
    {
        final int kind = n++ % 8;
        switch (kind)
        {
            case 0 ->
            {
                final UnsafeBuffer b = validExperience();
                b.putLong(MessageHeader.RUN_ID_OFFSET, runId ^ (1L + random.nextLong(Long.MAX_VALUE)));
                return b;
            }
            case 1 ->
            {
                final UnsafeBuffer b = validExperience();
                b.putShort(MessageHeader.VERSION_OFFSET, (short)(MessageHeader.SCHEMA_VERSION + 1 + random.nextInt(1000)));
                return b;
            }
            case 2 ->
            {
                final UnsafeBuffer b = validExperience();
                int wrong;
                do
                {
                    wrong = random.nextInt();
                }
                while (wrong == b.capacity());
                b.putInt(MessageHeader.FRAME_LENGTH_OFFSET, wrong);
                return b;
            }
            case 3 ->
            {
                return randomBytes(random.nextInt(MessageHeader.LENGTH));
            }
            case 4 ->
            {
                final UnsafeBuffer b = randomBytes(format.maxMessageLength() + 1 + random.nextInt(4000));
                MessageHeader.write(b, 0, b.capacity(), format.type(), runId, 12345, n);
                return b;
            }
            case 5 ->
            {
                return randomBytes(random.nextInt(3000));
            }
            case 6 ->
            {
                final UnsafeBuffer b = new UnsafeBuffer(new byte[ParameterChunkMessage.PAYLOAD_OFFSET + 16]);
                ParameterChunkMessage.writeHeader(b, 0, 1, 0, 4, 4, 0, runId, 12345, n);
                return b;
            }
            default ->
            {
                final UnsafeBuffer b = validExperience();
                switch (random.nextInt(4))
                {
                    case 0 -> b.putInt(ExperienceMessage.RECORD_LENGTH_OFFSET, format.recordLength() + 8);
                    case 1 -> b.putInt(ExperienceMessage.COUNT_OFFSET, 0);
                    case 2 -> b.putInt(ExperienceMessage.SOURCE_OFFSET, -1 - random.nextInt(100));
                    default -> b.putInt(ExperienceMessage.RECORDS_OFFSET, -1 - random.nextInt(100));
                }
                return b;
            }
        }
    }
}
