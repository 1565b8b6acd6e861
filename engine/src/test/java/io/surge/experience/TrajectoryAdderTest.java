package io.surge.experience;

import io.surge.testing.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrajectoryAdderTest
{
    @Test
    void shouldWriteFixedLengthUnrollsAcrossEpisodeEndsSharingTheBoundaryObservation()
    {
        final TrajectoryDescriptor layout = new TrajectoryDescriptor(2, 0, 2, 5);
        final TrajectoryAdder adder = new TrajectoryAdder(layout, 2, 0.99, 40);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * layout.recordLength()]);
        final RecordBatch out = new RecordBatch(layout.recordLength()).wrap(buffer, 0, 64);
        // env 0: episodes of 7 (terminated) then 4 (truncated) then running; env 1: one long episode
        final int[] lengths = {7, 4, 100};
        int episode = 0;
        int t = 0;
        adder.begin(0, new float[] {0, 0}, 0);
        adder.begin(1, new float[] {1, 0}, 0);
        for (int step = 0; step < 20; step++)
        {
            final boolean end = t + 1 == lengths[episode];
            adder.step(0, new float[] {step, -step}, 0, step, -0.5f * step, 100 + step, step, end && episode == 0,
                end && episode == 1, new float[] {10 * episode, t + 1}, 0, out);
            adder.step(1, new float[] {step, -step}, 0, step, -0.25f, 100 + step, 1f, false, false, new float[] {1, step + 1}, 0, out);
            t++;
            if (end)
            {
                episode++;
                t = 0;
                adder.begin(0, new float[] {10 * episode, 0}, 0);
            }
        }
        assertEquals(8, out.count(), "4 unrolls per env");
        int env0 = 0;
        for (int r = 0; r < out.count(); r++)
        {
            final int at = r * layout.recordLength();
            if (buffer.getInt(at) != 40)
            {
                continue;
            }
            final int first = 5 * env0++;
            assertEquals(5, buffer.getShort(at + TrajectoryDescriptor.LENGTH_OFFSET));
            assertEquals(100 + first, buffer.getLong(at + TrajectoryDescriptor.POLICY_VERSION_OFFSET));
            assertEquals(first, buffer.getFloat(at + TrajectoryDescriptor.STATE_OFFSET), "state before the first step");
            for (int j = 0; j < 5; j++)
            {
                final int step = first + j;
                assertEquals(step, buffer.getInt(at + layout.actionsOffset() + 4 * j));
                assertEquals(-0.5f * step, buffer.getFloat(at + layout.logProbsOffset() + 4 * j));
                final boolean endsFirst = step == 6;
                final boolean endsSecond = step == 10;
                assertEquals(endsFirst || endsSecond ? 0f : 0.99f, buffer.getFloat(at + layout.discountsOffset() + 4 * j));
                final byte flags = buffer.getByte(at + layout.stepFlagsOffset() + j);
                assertEquals(step == 0 || step == 7 || step == 11, (flags & TrajectoryDescriptor.STEP_FIRST) != 0, "step " + step);
                assertEquals(endsFirst, (flags & TrajectoryDescriptor.STEP_TERMINATED) != 0);
                assertEquals(endsSecond, (flags & TrajectoryDescriptor.STEP_TRUNCATED) != 0);
            }
            for (int j = 0; j <= 5; j++)
            {
                // s_j of the unroll: after an episode end, the next episode's first observation
                final int step = first + j;
                final int ep = step < 7 ? 0 : step < 11 ? 1 : 2;
                final int time = step - (ep == 0 ? 0 : ep == 1 ? 7 : 11);
                assertEquals(10 * ep, buffer.getFloat(at + layout.observationsOffset() + 8 * j), "step " + step);
                assertEquals(time, buffer.getFloat(at + layout.observationsOffset() + 8 * j + 4), "step " + step);
            }
        }
        assertEquals(4, env0);
    }

    @Test
    void shouldRefuseAStepAfterAnEpisodeEndWithoutBegin()
    {
        final TrajectoryDescriptor layout = new TrajectoryDescriptor(1, 0, 0, 3);
        final TrajectoryAdder adder = new TrajectoryAdder(layout, 1, 0.9, 0);
        final RecordBatch out = new RecordBatch(layout.recordLength()).wrap(new UnsafeBuffer(new byte[4 * layout.recordLength()]), 0, 4);
        adder.begin(0, new float[1], 0);
        adder.step(0, new float[0], 0, 0, 0f, 0, 1f, true, false, new float[1], 0, out);
        assertThrows(IllegalStateException.class, () -> adder.step(0, new float[0], 0, 0, 0f, 0, 1f, false, false, new float[1], 0, out));
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final TrajectoryDescriptor layout = new TrajectoryDescriptor(16, 0, 8, 20);
        final TrajectoryAdder adder = new TrajectoryAdder(layout, 4, 0.99, 0);
        final RecordBatch out = new RecordBatch(layout.recordLength()).wrap(new UnsafeBuffer(new byte[8 * layout.recordLength()]), 0, 8);
        final float[] obs = new float[16];
        final float[] state = new float[8];
        for (int e = 0; e < 4; e++)
        {
            adder.begin(e, obs, 0);
        }
        final int[] round = {0};
        assertEquals(0, AllocationMeter.bytesAllocated(() ->
        {
            for (int i = 0; i < 3000; i++, round[0]++)
            {
                out.reset();
                for (int e = 0; e < 4; e++)
                {
                    final boolean end = (round[0] + e) % 71 == 0;
                    adder.step(e, state, 0, 1, -0.1f, round[0], 1f, end, false, obs, 0, out);
                    if (end)
                    {
                        adder.begin(e, obs, 0);
                    }
                }
            }
        }, 4, 1));
    }
}
