package io.surge.agent;

import java.util.List;

/**
 * A running algorithm, as made by its builder from a {@link RunContext}: the roles to place on
 * threads, and what it adds to {@code metrics.csv} and to the end-of-run summary.
 *
 * <p>Threading: {@link #roles()} is called once before start; {@link #metricColumns()},
 * {@link #metricValues(double[], int)}, {@link #done()} and {@link #summary()} on the control
 * thread while the roles run; {@link #close()} after the roles stopped.
 */
public interface Algorithm extends AutoCloseable
{
    /**
     * The roles, in the fixed order the invoker runs them.
     *
     * @return the roles.
     */
    List<Role> roles();

    /**
     * Columns this algorithm adds to {@code metrics.csv} after the engine's own.
     *
     * @return the column names.
     */
    default List<String> metricColumns()
    {
        return List.of();
    }

    /**
     * Fills this algorithm's columns of a metrics row.
     *
     * @param row    the row.
     * @param offset index of the first column of this algorithm.
     */
    default void metricValues(final double[] row, final int offset)
    {
    }

    /**
     * Whether the algorithm has reached its own end (for example a target evaluation score).
     *
     * @return true to stop the run.
     */
    default boolean done()
    {
        return false;
    }

    /**
     * Lines for the end-of-run summary.
     *
     * @return the lines.
     */
    default List<String> summary()
    {
        return List.of();
    }

    /**
     * Called on the control thread after every role stopped and before the last metrics row:
     * the place for a final evaluation and the final checkpoint.
     *
     * @param failed true when a fatal error stopped the run.
     */
    default void finish(final boolean failed)
    {
    }

    /** Releases what the algorithm holds; called after every role stopped. */
    @Override
    default void close()
    {
    }
}
