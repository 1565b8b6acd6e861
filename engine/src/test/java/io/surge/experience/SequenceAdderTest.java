package io.surge.experience;

import io.surge.testing.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceAdderTest
{
    private static final SequenceDescriptor LAYOUT = new SequenceDescriptor(2, 0, 1, 2, 4); // L = 6

    /** Runs one episode of {@code length} steps on env 0; observation (episode, t), state 10 t, reward t + 1. */
    private static RecordBatch runEpisode(final SequenceAdder adder, final int length, final boolean terminated, final int episode)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * LAYOUT.recordLength()]);
        final RecordBatch out = new RecordBatch(LAYOUT.recordLength()).wrap(buffer, 0, 64);
        adder.begin(0, new float[] {episode, 0}, 0);
        for (int t = 0; t < length; t++)
        {
            final boolean end = t == length - 1;
            adder.values(0, 0.5 * t, 1.0);
            final int written = adder.step(0, new float[] {10f * t}, 0, t, t + 1, end && terminated, end && !terminated,
                new float[] {episode, t + 1}, 0, out);
            assertTrue(written <= 1);
        }
        return out;
    }

    @Test
    void shouldCutOverlappingSequencesThatNeverCrossTheEpisodeEndAndCoverEveryStep()
    {
        final double gamma = 0.9;
        for (int length = 1; length <= 20; length++)
        {
            for (final boolean terminated : new boolean[] {true, false})
            {
                final SequenceAdder adder = new SequenceAdder(LAYOUT, 1, 3, gamma, 0.9, 5);
                final RecordBatch out = runEpisode(adder, length, terminated, length);
                final boolean[] covered = new boolean[length];
                int previousStart = -1;
                for (int r = 0; r < out.count(); r++)
                {
                    final int at = r * LAYOUT.recordLength();
                    final UnsafeBuffer b = (UnsafeBuffer)out.buffer();
                    final int start = b.getInt(at + SequenceDescriptor.START_STEP_OFFSET);
                    final int valid = b.getShort(at + SequenceDescriptor.VALID_STEPS_OFFSET);
                    final int flags = b.getShort(at + SequenceDescriptor.FLAGS_OFFSET);
                    assertEquals(5, b.getInt(at + SequenceDescriptor.STREAM_ID_OFFSET));
                    assertEquals(0, start % 3, "starts every period");
                    assertTrue(start > previousStart);
                    previousStart = start;
                    assertTrue(valid >= 1 && valid <= 6 && start + valid <= length, "inside the episode");
                    assertEquals(start == 0, (flags & SequenceDescriptor.FLAG_EPISODE_START) != 0);
                    final boolean endsEpisode = start + valid == length;
                    assertEquals(endsEpisode && terminated, (flags & SequenceDescriptor.FLAG_TERMINATED) != 0);
                    assertEquals(endsEpisode && !terminated, (flags & SequenceDescriptor.FLAG_TRUNCATED) != 0);
                    assertEquals(10f * start, b.getFloat(at + SequenceDescriptor.STATE_OFFSET), "state before step 0");
                    for (int j = 0; j <= 6; j++)
                    {
                        final int o = at + LAYOUT.observationsOffset() + 8 * j;
                        assertEquals(j <= valid ? length : 0f, b.getFloat(o), "obs episode");
                        assertEquals(j <= valid ? start + j : 0f, b.getFloat(o + 4), "obs t (s_v is the step after the last)");
                    }
                    for (int j = 0; j < 6; j++)
                    {
                        final int t = start + j;
                        final boolean real = j < valid;
                        assertEquals(real ? t : 0, b.getInt(at + LAYOUT.actionsOffset() + 4 * j));
                        assertEquals(real ? t + 1 : 0f, b.getFloat(at + LAYOUT.rewardsOffset() + 4 * j));
                        final float discount = !real || (terminated && t == length - 1) ? 0f : (float)gamma;
                        assertEquals(discount, b.getFloat(at + LAYOUT.discountsOffset() + 4 * j));
                        if (real)
                        {
                            covered[t] = true;
                        }
                    }
                    // one-step errors |r + γ V - Q| with Q = 0.5 t, V = 1 (0 at a terminal step)
                    double max = 0;
                    double sum = 0;
                    for (int j = 0; j < valid; j++)
                    {
                        final int t = start + j;
                        final double e = Math.abs(t + 1 + (terminated && t == length - 1 ? 0 : gamma) - 0.5 * t);
                        max = Math.max(max, e);
                        sum += e;
                    }
                    assertEquals((float)(0.9 * max + 0.1 * sum / valid), b.getFloat(at + SequenceDescriptor.PRIORITY_OFFSET));
                }
                for (int t = 0; t < length; t++)
                {
                    assertTrue(covered[t], "step " + t + " of an episode of " + length);
                }
                // complete sequences: every start s with s + 6 <= length; plus one padded one unless an end fell exactly
                int complete = 0;
                for (int s = 0; s + 6 <= length; s += 3)
                {
                    complete++;
                }
                final boolean exact = length >= 6 && (length - 6) % 3 == 0;
                assertEquals(complete + (exact ? 0 : 1), out.count(), "episode of " + length);
            }
        }
    }

    @Test
    void shouldMixPrioritiesLikeR2D2()
    {
        final float[] errors = {1f, -4f, 2f, 1f};
        assertEquals(0.9 * 4 + 0.1 * 2, SequenceAdder.mixedPriority(errors, 0, 4, 0.9), 1e-12);
        assertEquals(2.0, SequenceAdder.mixedPriority(errors, 2, 1, 0.5), 1e-12);
    }

    @Test
    void shouldRefuseABadPeriodAndStepsWithoutAnEpisode()
    {
        assertThrows(IllegalArgumentException.class, () -> new SequenceAdder(LAYOUT, 1, 7, 0.9, 0.9, 0));
        final SequenceAdder adder = new SequenceAdder(LAYOUT, 1, 3, 0.9, 0.9, 0);
        final RecordBatch out = new RecordBatch(LAYOUT.recordLength()).wrap(new UnsafeBuffer(new byte[LAYOUT.recordLength()]), 0, 1);
        assertThrows(IllegalStateException.class, () -> adder.step(0, new float[1], 0, 0, 0f, false, false, new float[2], 0, out));
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final SequenceDescriptor layout = new SequenceDescriptor(8, 0, 16, 10, 20);
        final SequenceAdder adder = new SequenceAdder(layout, 4, 15, 0.99, 0.9, 0);
        final RecordBatch out = new RecordBatch(layout.recordLength()).wrap(new UnsafeBuffer(new byte[8 * layout.recordLength()]), 0, 8);
        final float[] obs = new float[8];
        final float[] state = new float[16];
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
                    final boolean end = (round[0] + 7 * e) % 113 == 0;
                    adder.step(e, state, 0, 1, 1f, end, false, obs, 0, out);
                    if (end)
                    {
                        adder.begin(e, obs, 0);
                    }
                }
            }
        }, 4, 1));
    }
}
