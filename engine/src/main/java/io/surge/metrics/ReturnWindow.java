package io.surge.metrics;

/**
 * Mean of the last N episode returns (N = 100 for {@code return_mean_100}), over a ring of
 * doubles. Single-threaded.
 */
public final class ReturnWindow
{
    private final double[] values;
    private int count;
    private int next;

    /**
     * A window.
     *
     * @param size how many of the last values to keep.
     */
    public ReturnWindow(final int size)
    {
        values = new double[size];
    }

    /**
     * Adds a value, dropping the oldest when full.
     *
     * @param value the value.
     */
    public void add(final double value)
    {
        values[next] = value;
        next = (next + 1) % values.length;
        if (count < values.length)
        {
            count++;
        }
    }

    /**
     * Number of values held.
     *
     * @return the count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Mean of the held values, NaN when empty.
     *
     * @return the mean.
     */
    public double mean()
    {
        if (count == 0)
        {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += values[i];
        }
        return sum / count;
    }
}
