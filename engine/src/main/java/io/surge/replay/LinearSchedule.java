package io.surge.replay;

/**
 * A value moved linearly from {@code start} to {@code end} over {@code steps} steps and held at
 * {@code end} afterwards; prioritized replay anneals its importance-sampling exponent β with one
 * (Schaul et al. anneal β from β₀ to 1 over the run), counting one step per sampled batch.
 *
 * @param start the value at step 0.
 * @param end   the value from step {@code steps} on.
 * @param steps the number of steps of the ramp; 0 gives {@code end} at once.
 */
public record LinearSchedule(double start, double end, long steps)
{
    /**
     * Validates the schedule.
     *
     * @param start the value at step 0, finite.
     * @param end   the final value, finite.
     * @param steps the ramp length, {@code >= 0}.
     */
    public LinearSchedule
    {
        if (!Double.isFinite(start) || !Double.isFinite(end))
        {
            throw new IllegalArgumentException("schedule values must be finite, got " + start + " -> " + end);
        }
        if (steps < 0)
        {
            throw new IllegalArgumentException("schedule steps must be >= 0, got " + steps);
        }
    }

    /**
     * A schedule that stays at one value.
     *
     * @param value the value.
     * @return the schedule.
     */
    public static LinearSchedule constant(final double value)
    {
        return new LinearSchedule(value, value, 0);
    }

    /**
     * The value at a step.
     *
     * @param step the step, {@code >= 0}.
     * @return the value.
     */
    public double valueAt(final long step)
    {
        if (step >= steps)
        {
            return end;
        }
        return start + (end - start) * ((double)step / steps);
    }
}
