package io.surge.channel.aeron;

import io.surge.channel.PrioritySlot;
import io.surge.experience.TrajectoryDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecTest
{
    private static final long RUN = 0x5EED_0001L;
    private static final long SENDER = 77L;
    private static final ExperienceFormat TRANSITIONS = ExperienceFormat.transitions(48, 8).withMaxSource(4);
    private static final TrajectoryDescriptor UNROLL = new TrajectoryDescriptor(4, 0, 0, 5);
    private static final ExperienceFormat TRAJECTORIES = ExperienceFormat.trajectories(UNROLL, 3);

    /** A valid experience message of n records, records filled with a pattern, in an exact-size buffer. */
    static UnsafeBuffer experience(final ExperienceFormat format, final int count, final int source, final long sequence)
    {
        final int length = ExperienceMessage.RECORDS_OFFSET + count * format.recordLength();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[length]);
        ExperienceMessage.writeHeader(b, 0, format, count, source, RUN, SENDER, sequence);
        for (int r = 0; r < count; r++)
        {
            final int at = ExperienceMessage.RECORDS_OFFSET + r * format.recordLength();
            for (int i = 0; i < format.recordLength(); i++)
            {
                b.putByte(at + i, (byte)(r * 31 + i));
            }
            b.putInt(at, r + 10);
            if (format.type() == MessageType.TRAJECTORY)
            {
                b.putShort(at + TrajectoryDescriptor.LENGTH_OFFSET, (short)format.unrollLength());
            }
        }
        return b;
    }

    private static RejectReason checkExperience(final DirectBuffer b, final int length, final ExperienceFormat format)
    {
        final RejectReason header = new MessageValidator(RUN, MessageType.bit(format.type()), format.maxMessageLength())
            .check(b, 0, length);
        return header != null ? header : ExperienceMessage.check(b, 0, length, format);
    }

    @Test
    void shouldWriteAndReadEveryHeaderField()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[MessageHeader.LENGTH]);
        MessageHeader.write(b, 0, 32, MessageType.CONTROL, -5L, Long.MAX_VALUE, 1L << 40);
        assertEquals(32, MessageHeader.frameLength(b, 0));
        assertEquals(MessageType.CONTROL, MessageHeader.type(b, 0));
        assertEquals(MessageHeader.SCHEMA_VERSION, MessageHeader.version(b, 0));
        assertEquals(-5L, MessageHeader.runId(b, 0));
        assertEquals(Long.MAX_VALUE, MessageHeader.sender(b, 0));
        assertEquals(1L << 40, MessageHeader.sequence(b, 0));
    }

    @Test
    void shouldAcceptAValidExperienceMessageAndReadItsFields()
    {
        final UnsafeBuffer b = experience(TRANSITIONS, 5, 3, 9);
        assertNull(checkExperience(b, b.capacity(), TRANSITIONS));
        assertEquals(5, ExperienceMessage.count(b, 0));
        assertEquals(3, ExperienceMessage.source(b, 0));
        assertEquals(48, ExperienceMessage.recordLength(b, 0));
        assertEquals(9, MessageHeader.sequence(b, 0));
        assertEquals(ExperienceMessage.RECORDS_OFFSET + 5 * 48, MessageHeader.frameLength(b, 0));
    }

    @Test
    void shouldRejectEachKindOfBadHeader()
    {
        final UnsafeBuffer b = experience(TRANSITIONS, 2, 0, 0);
        final int length = b.capacity();

        b.putLong(MessageHeader.RUN_ID_OFFSET, RUN + 1);
        assertEquals(RejectReason.WRONG_RUN, checkExperience(b, length, TRANSITIONS));
        b.putLong(MessageHeader.RUN_ID_OFFSET, RUN);

        b.putShort(MessageHeader.VERSION_OFFSET, (short)(MessageHeader.SCHEMA_VERSION + 1));
        assertEquals(RejectReason.UNKNOWN_VERSION, checkExperience(b, length, TRANSITIONS));
        b.putShort(MessageHeader.VERSION_OFFSET, (short)MessageHeader.SCHEMA_VERSION);

        b.putShort(MessageHeader.TYPE_OFFSET, (short)MessageType.PARAMETERS);
        assertEquals(RejectReason.UNEXPECTED_TYPE, checkExperience(b, length, TRANSITIONS));
        b.putShort(MessageHeader.TYPE_OFFSET, (short)0xFFFF);
        assertEquals(RejectReason.UNEXPECTED_TYPE, checkExperience(b, length, TRANSITIONS));
        b.putShort(MessageHeader.TYPE_OFFSET, (short)MessageType.EXPERIENCE);

        b.putInt(MessageHeader.FRAME_LENGTH_OFFSET, length + 48);
        assertEquals(RejectReason.LENGTH_MISMATCH, checkExperience(b, length, TRANSITIONS));
        b.putInt(MessageHeader.FRAME_LENGTH_OFFSET, length);

        assertEquals(RejectReason.TOO_SHORT, checkExperience(b, 31, TRANSITIONS));
        assertEquals(RejectReason.TOO_LONG, new MessageValidator(RUN, MessageType.bit(MessageType.EXPERIENCE), length - 1)
            .check(b, 0, length));
        assertNull(checkExperience(b, length, TRANSITIONS));
    }

    @Test
    void shouldRejectExperienceBodiesThatDisagreeWithTheFormat()
    {
        final UnsafeBuffer b = experience(TRANSITIONS, 2, 1, 0);
        final int length = b.capacity();
        assertBadBody(b, length, ExperienceMessage.RECORD_LENGTH_OFFSET, 47);
        assertBadBody(b, length, ExperienceMessage.COUNT_OFFSET, 3);
        assertBadBody(b, length, ExperienceMessage.COUNT_OFFSET, 0);
        assertBadBody(b, length, ExperienceMessage.COUNT_OFFSET, -1);
        assertBadBody(b, length, ExperienceMessage.SOURCE_OFFSET, -1);
        assertBadBody(b, length, ExperienceMessage.SOURCE_OFFSET, 4);
        assertBadBody(b, length, ExperienceMessage.UNROLL_LENGTH_OFFSET, 5);
        assertBadBody(b, length, ExperienceMessage.RECORDS_OFFSET + 48, -7);

        final UnsafeBuffer tooMany = experience(ExperienceFormat.transitions(48, 9), 9, 0, 0);
        assertEquals(RejectReason.TOO_LONG, checkExperience(tooMany, tooMany.capacity(), TRANSITIONS));
        final ExperienceFormat loose = ExperienceFormat.transitions(48, 16);
        assertEquals(RejectReason.BAD_BODY, ExperienceMessage.check(tooMany, 0, tooMany.capacity(), TRANSITIONS));
        assertNull(checkExperience(tooMany, tooMany.capacity(), loose));
    }

    private static void assertBadBody(final UnsafeBuffer b, final int length, final int at, final int value)
    {
        final int before = b.getInt(at);
        b.putInt(at, value);
        assertEquals(RejectReason.BAD_BODY, checkExperience(b, length, TRANSITIONS), "field at " + at + " = " + value);
        b.putInt(at, before);
        assertNull(checkExperience(b, length, TRANSITIONS));
    }

    @Test
    void shouldCheckTheUnrollLengthOfEveryTrajectory()
    {
        final UnsafeBuffer b = experience(TRAJECTORIES, 3, 0, 0);
        assertNull(checkExperience(b, b.capacity(), TRAJECTORIES));
        final int third = ExperienceMessage.RECORDS_OFFSET + 2 * UNROLL.recordLength() + TrajectoryDescriptor.LENGTH_OFFSET;
        b.putShort(third, (short)4);
        assertEquals(RejectReason.BAD_BODY, checkExperience(b, b.capacity(), TRAJECTORIES));
        b.putShort(third, (short)5);
        b.putInt(ExperienceMessage.UNROLL_LENGTH_OFFSET, 6);
        assertEquals(RejectReason.BAD_BODY, checkExperience(b, b.capacity(), TRAJECTORIES));
        b.putInt(ExperienceMessage.UNROLL_LENGTH_OFFSET, 5);
        // A trajectory on an experience channel and the reverse are the wrong type.
        assertEquals(RejectReason.UNEXPECTED_TYPE, ExperienceMessage.check(b, 0, b.capacity(),
            ExperienceFormat.transitions(UNROLL.recordLength(), 3)));
    }

    @Test
    void shouldRoundTripPrioritiesAndRejectBadOnes()
    {
        final PrioritySlot in = new PrioritySlot(4);
        in.count = 3;
        in.ids[0] = 1;
        in.ids[1] = Long.MAX_VALUE;
        in.ids[2] = 1L << 33;
        in.tdErrors[0] = 0f;
        in.tdErrors[1] = 2.5f;
        in.tdErrors[2] = Float.MAX_VALUE;
        final UnsafeBuffer b = new UnsafeBuffer(new byte[PrioritiesMessage.length(3)]);
        assertEquals(b.capacity(), PrioritiesMessage.encode(b, 0, in, RUN, SENDER, 4));
        final MessageValidator validator = new MessageValidator(RUN, MessageType.bit(MessageType.PRIORITIES),
            PrioritiesMessage.length(4));
        assertNull(validator.check(b, 0, b.capacity()));
        assertNull(PrioritiesMessage.check(b, 0, b.capacity(), 4));
        final PrioritySlot out = new PrioritySlot(4);
        PrioritiesMessage.decode(b, 0, out);
        assertEquals(3, out.count);
        assertArrayEquals(Arrays.copyOf(in.ids, 3), Arrays.copyOf(out.ids, 3));
        assertArrayEquals(Arrays.copyOf(in.tdErrors, 3), Arrays.copyOf(out.tdErrors, 3));

        assertEquals(RejectReason.BAD_BODY, PrioritiesMessage.check(b, 0, b.capacity(), 2));
        final int errors = PrioritiesMessage.IDS_OFFSET + 8 * 3;
        for (final float bad : new float[] {Float.NaN, -1f, Float.POSITIVE_INFINITY, -0.0001f})
        {
            b.putFloat(errors + 4, bad);
            assertEquals(RejectReason.BAD_BODY, PrioritiesMessage.check(b, 0, b.capacity(), 4), "|δ| " + bad);
        }
        b.putFloat(errors + 4, 1f);
        b.putInt(PrioritiesMessage.COUNT_OFFSET, 2);
        assertEquals(RejectReason.BAD_BODY, PrioritiesMessage.check(b, 0, b.capacity(), 4));
    }

    @Test
    void shouldRoundTripControlMessagesAndRejectBadOnes()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[ControlMessage.LENGTH]);
        ControlMessage.encode(b, 0, ControlMessage.HEARTBEAT, ProcessRoles.ACTORS, 4, 8, 1234, 99, 5000, 7, RUN, SENDER, 2);
        final MessageValidator validator = new MessageValidator(RUN, MessageType.bit(MessageType.CONTROL), ControlMessage.LENGTH);
        assertNull(validator.check(b, 0, b.capacity()));
        assertNull(ControlMessage.check(b, 0, b.capacity()));
        assertEquals(ControlMessage.HEARTBEAT, ControlMessage.kind(b, 0));
        assertEquals(ProcessRoles.ACTORS, ControlMessage.roles(b, 0));
        assertEquals(4, ControlMessage.actors(b, 0));
        assertEquals(8, ControlMessage.firstActor(b, 0));
        assertEquals(1234, ControlMessage.pid(b, 0));
        assertEquals(99, ControlMessage.parameterVersion(b, 0));
        assertEquals(5000, ControlMessage.envSteps(b, 0));
        assertEquals(7, ControlMessage.episodes(b, 0));
        assertEquals(SENDER, MessageHeader.sender(b, 0));

        for (final int[] field : new int[][] {
            {ControlMessage.KIND_OFFSET, 0}, {ControlMessage.KIND_OFFSET, 4}, {ControlMessage.ROLES_OFFSET, 0},
            {ControlMessage.ROLES_OFFSET, 16}, {ControlMessage.ACTORS_OFFSET, -1},
            {ControlMessage.ACTORS_OFFSET, ControlMessage.MAX_ACTORS + 1}, {ControlMessage.FIRST_ACTOR_OFFSET, -2},
            {ControlMessage.ENV_STEPS_OFFSET + 4, -1}, {ControlMessage.EPISODES_OFFSET + 4, -1}})
        {
            final int before = b.getInt(field[0]);
            b.putInt(field[0], field[1]);
            assertEquals(RejectReason.BAD_BODY, ControlMessage.check(b, 0, b.capacity()), "field at " + field[0]);
            b.putInt(field[0], before);
        }
        assertNull(ControlMessage.check(b, 0, b.capacity()));
    }

    @Test
    void shouldChunkAndCheckParameters()
    {
        assertEquals(3, ParameterChunkMessage.chunkCount(10, 4));
        assertEquals(2, ParameterChunkMessage.chunkLength(10, 4, 2));
        assertEquals(1, ParameterChunkMessage.chunkCount(4, 4));
        final UnsafeBuffer b = chunk(7, 10, 4, 2);
        assertNull(new MessageValidator(RUN, MessageType.bit(MessageType.PARAMETERS), ParameterChunkMessage.PAYLOAD_OFFSET + 16)
            .check(b, 0, b.capacity()));
        assertNull(ParameterChunkMessage.check(b, 0, b.capacity(), 10, 4));
        assertEquals(RejectReason.BAD_BODY, ParameterChunkMessage.check(b, 0, b.capacity(), 11, 4));
        assertEquals(RejectReason.BAD_BODY, ParameterChunkMessage.check(b, 0, b.capacity(), 10, 5));
        for (final int[] field : new int[][] {
            {ParameterChunkMessage.INDEX_OFFSET, 3}, {ParameterChunkMessage.INDEX_OFFSET, -1},
            {ParameterChunkMessage.COUNT_OFFSET, 4}, {ParameterChunkMessage.CHUNK_OFFSET_OFFSET, 7},
            {ParameterChunkMessage.CHUNK_LENGTH_OFFSET, 4}, {ParameterChunkMessage.TOTAL_OFFSET, 1 << 30}})
        {
            final int before = b.getInt(field[0]);
            b.putInt(field[0], field[1]);
            assertEquals(RejectReason.BAD_BODY, ParameterChunkMessage.check(b, 0, b.capacity(), 10, 4), "field at " + field[0]);
            b.putInt(field[0], before);
        }
        b.putLong(ParameterChunkMessage.VERSION_OFFSET, -1);
        assertEquals(RejectReason.BAD_BODY, ParameterChunkMessage.check(b, 0, b.capacity(), 10, 4));
    }

    /** Chunk {@code index} of version {@code version} of the vector v[i] = version * 100 + i. */
    static UnsafeBuffer chunk(final long version, final int total, final int chunkFloats, final int index)
    {
        final int length = ParameterChunkMessage.chunkLength(total, chunkFloats, index);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[ParameterChunkMessage.PAYLOAD_OFFSET + 4 * length]);
        ParameterChunkMessage.writeHeader(b, 0, version, 1000 + version, total, chunkFloats, index, RUN, SENDER, index);
        for (int i = 0; i < length; i++)
        {
            b.putFloat(ParameterChunkMessage.PAYLOAD_OFFSET + 4 * i, version * 100 + index * chunkFloats + i);
        }
        return b;
    }

    private static float[] expected(final long version, final int total)
    {
        final float[] v = new float[total];
        for (int i = 0; i < total; i++)
        {
            v[i] = version * 100 + i;
        }
        return v;
    }

    @Test
    void shouldReassembleParametersInAnyOrderKeyedByVersion()
    {
        final ParameterAssembler assembler = new ParameterAssembler(10, 4);
        final float[] out = new float[10];
        assertEquals(ParameterAssembler.STORED, assembler.onChunk(chunk(3, 10, 4, 2), 0));
        assertEquals(ParameterAssembler.DUPLICATE, assembler.onChunk(chunk(3, 10, 4, 2), 0));
        assertEquals(ParameterAssembler.STORED, assembler.onChunk(chunk(3, 10, 4, 0), 0));
        assertEquals(ParameterAssembler.COMPLETE, assembler.onChunk(chunk(3, 10, 4, 1), 0));
        assembler.copyTo(out);
        assertArrayEquals(expected(3, 10), out);
        assertEquals(3, assembler.deliveredVersion());
        assertEquals(1003, assembler.startNs());

        // A rebroadcast of a delivered version, and older versions, are stale.
        assertEquals(ParameterAssembler.STALE, assembler.onChunk(chunk(3, 10, 4, 0), 0));
        assertEquals(ParameterAssembler.STALE, assembler.onChunk(chunk(2, 10, 4, 0), 0));

        // A newer version overtakes one under assembly, which is then abandoned and stale.
        assertEquals(ParameterAssembler.STORED, assembler.onChunk(chunk(5, 10, 4, 0), 0));
        assertEquals(ParameterAssembler.STORED, assembler.onChunk(chunk(6, 10, 4, 1), 0));
        assertEquals(1, assembler.abandoned());
        assertEquals(ParameterAssembler.STALE, assembler.onChunk(chunk(5, 10, 4, 1), 0));
        assertEquals(ParameterAssembler.STORED, assembler.onChunk(chunk(6, 10, 4, 2), 0));
        assertEquals(ParameterAssembler.COMPLETE, assembler.onChunk(chunk(6, 10, 4, 0), 0));
        assembler.copyTo(out);
        assertArrayEquals(expected(6, 10), out);
    }

    @Test
    void shouldCompleteAVersionFromItsRebroadcastWhenChunksWereMissed()
    {
        final ParameterAssembler assembler = new ParameterAssembler(10, 4);
        // Joined mid-broadcast: chunk 0 of version 4 was missed.
        assertEquals(ParameterAssembler.STORED, assembler.onChunk(chunk(4, 10, 4, 1), 0));
        assertEquals(ParameterAssembler.STORED, assembler.onChunk(chunk(4, 10, 4, 2), 0));
        assertEquals(ParameterAssembler.COMPLETE, assembler.onChunk(chunk(4, 10, 4, 0), 0));
        final float[] out = new float[10];
        assembler.copyTo(out);
        assertArrayEquals(expected(4, 10), out);
    }

    @Test
    void shouldRejectEveryTruncationOfEveryMessageKind()
    {
        final ExperienceFormat format = TRANSITIONS;
        final UnsafeBuffer exp = experience(format, 3, 2, 1);
        for (int length = 0; length < exp.capacity(); length++)
        {
            final UnsafeBuffer cut = new UnsafeBuffer(Arrays.copyOf(exp.byteArray(), length));
            assertTrue(checkExperience(cut, length, format) != null, "truncated to " + length);
        }
        final UnsafeBuffer ctl = new UnsafeBuffer(new byte[ControlMessage.LENGTH]);
        ControlMessage.encode(ctl, 0, ControlMessage.HELLO, 1, 1, 0, 1, 0, 0, 0, RUN, SENDER, 0);
        final MessageValidator v = new MessageValidator(RUN, MessageType.bit(MessageType.CONTROL), ControlMessage.LENGTH);
        for (int length = 0; length < ctl.capacity(); length++)
        {
            final UnsafeBuffer cut = new UnsafeBuffer(Arrays.copyOf(ctl.byteArray(), length));
            final RejectReason r = v.check(cut, 0, length);
            assertTrue(r != null || ControlMessage.check(cut, 0, length) != null, "truncated to " + length);
        }
    }

    @Test
    void shouldNeverReadOutOfBoundsOrAcceptInconsistentMessagesUnderFuzzing()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final MessageValidator expValidator = new MessageValidator(RUN, MessageType.bit(MessageType.EXPERIENCE),
            TRANSITIONS.maxMessageLength());
        int accepted = 0;
        for (int n = 0; n < 100_000; n++)
        {
            final UnsafeBuffer b;
            final int kind = random.nextInt(3);
            if (kind == 0)
            {
                // Random bytes, random length, run id planted half of the time.
                b = new UnsafeBuffer(new byte[random.nextInt(0, 600)]);
                for (int i = 0; i < b.capacity(); i++)
                {
                    b.putByte(i, (byte)random.nextInt());
                }
                if (b.capacity() >= MessageHeader.LENGTH && random.nextBoolean())
                {
                    b.putLong(MessageHeader.RUN_ID_OFFSET, RUN);
                    b.putShort(MessageHeader.VERSION_OFFSET, (short)MessageHeader.SCHEMA_VERSION);
                    b.putShort(MessageHeader.TYPE_OFFSET, (short)MessageType.EXPERIENCE);
                    b.putInt(MessageHeader.FRAME_LENGTH_OFFSET, b.capacity());
                }
            }
            else
            {
                // A valid message with a few random bytes changed, then maybe cut or extended.
                final UnsafeBuffer valid = experience(TRANSITIONS, 1 + random.nextInt(8), random.nextInt(4), n);
                byte[] bytes = valid.byteArray().clone();
                final int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++)
                {
                    bytes[random.nextInt(Math.min(bytes.length, kind == 1 ? 48 : bytes.length))] = (byte)random.nextInt();
                }
                if (random.nextInt(4) == 0)
                {
                    bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length * 2));
                }
                b = new UnsafeBuffer(bytes);
            }
            final int length = b.capacity();
            RejectReason r = expValidator.check(b, 0, length);
            if (r == null)
            {
                r = ExperienceMessage.check(b, 0, length, TRANSITIONS);
            }
            if (r == null)
            {
                accepted++;
                final int count = ExperienceMessage.count(b, 0);
                assertEquals(ExperienceMessage.RECORDS_OFFSET + count * 48, length);
                assertTrue(count >= 1 && count <= 8);
                assertTrue(ExperienceMessage.source(b, 0) >= 0 && ExperienceMessage.source(b, 0) < 4);
                assertEquals(RUN, MessageHeader.runId(b, 0));
            }
            final int any = random.nextInt(4);
            final RejectReason other = switch (any)
            {
                case 0 -> ControlMessage.check(b, 0, length);
                case 1 -> PrioritiesMessage.check(b, 0, length, 16);
                case 2 -> ParameterChunkMessage.check(b, 0, length, 100, 16);
                default -> ExperienceMessage.check(b, 0, length, TRAJECTORIES);
            };
            assertTrue(other != null || length >= MessageHeader.LENGTH);
        }
        // Flips in record payloads (not header or fields) keep a message valid: some must pass.
        assertTrue(accepted > 1000, "accepted " + accepted);
    }
}
