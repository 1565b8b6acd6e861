package io.surge.algo.returns;

/**
 * Argument checks shared by the estimators. They run once per call, before the loops, and
 * allocate only when they throw.
 */
final class Checks
{
    private Checks()
    {
    }

    static void shape(final int timeSteps, final int batch)
    {
        if (timeSteps < 1 || batch < 1)
        {
            throw new IllegalArgumentException("need T >= 1 and B >= 1, got T=" + timeSteps + ", B=" + batch);
        }
        if ((long)timeSteps * batch > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("T*B too large: T=" + timeSteps + ", B=" + batch);
        }
    }

    static void actions(final int numActions)
    {
        if (numActions < 1)
        {
            throw new IllegalArgumentException("need A >= 1, got A=" + numActions);
        }
    }

    static void length(final String name, final double[] array, final long needed)
    {
        if (array == null)
        {
            throw new NullPointerException(name + " is null");
        }
        if (array.length < needed)
        {
            throw new IllegalArgumentException(name + ": need at least " + needed + " elements, got " + array.length);
        }
    }

    static void length(final String name, final float[] array, final long needed)
    {
        if (array == null)
        {
            throw new NullPointerException(name + " is null");
        }
        if (array.length < needed)
        {
            throw new IllegalArgumentException(name + ": need at least " + needed + " elements, got " + array.length);
        }
    }

    static void length(final String name, final int[] array, final long needed)
    {
        if (array == null)
        {
            throw new NullPointerException(name + " is null");
        }
        if (array.length < needed)
        {
            throw new IllegalArgumentException(name + ": need at least " + needed + " elements, got " + array.length);
        }
    }

    /** A per-step λ array, when given, covers T*B; λ values must lie in [0, 1]. */
    static void lambda(final double lambda)
    {
        if (!(lambda >= 0.0 && lambda <= 1.0))
        {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
    }

    static void threshold(final String name, final double threshold)
    {
        if (!(threshold >= 0.0))
        {
            throw new IllegalArgumentException(name + " must be >= 0 (or +infinity for no clipping), got " + threshold);
        }
    }

    static void actionIndex(final String name, final int action, final int numActions, final int index)
    {
        if (action < 0 || action >= numActions)
        {
            throw new IllegalArgumentException(name + "[" + index + "] = " + action + " is outside [0, " + numActions + ")");
        }
    }
}
