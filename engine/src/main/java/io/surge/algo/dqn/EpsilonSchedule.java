package io.surge.algo.dqn;

/**
 * Exploration ε as a function of an actor's env steps: linear from a start to an end value
 * over a number of steps, then constant (DQN), or constant (Ape-X's per-actor ε_i).
 *
 * @param start      ε at step 0.
 * @param end        ε from {@code decaySteps} on.
 * @param decaySteps steps of the linear part (0: constant {@code end}).
 */
record EpsilonSchedule(double start, double end, long decaySteps)
{
    static EpsilonSchedule constant(final double epsilon)
    {
        return new EpsilonSchedule(epsilon, epsilon, 0);
    }

    double value(final long steps)
    {
        if (decaySteps <= 0 || steps >= decaySteps)
        {
            return end;
        }
        return start + (end - start) * ((double)steps / decaySteps);
    }

    /**
     * Ape-X's ε of actor i of n: {@code ε^(1 + i·α/(n−1))}, or ε for a single actor.
     */
    static double apex(final double epsilon, final double alpha, final int i, final int n)
    {
        return n <= 1 ? epsilon : Math.pow(epsilon, 1 + i * alpha / (n - 1));
    }
}
