package io.surge.agent;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** Makes Agrona idle strategies from the {@code idle.<role>} words. */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * A new idle strategy.
     *
     * @param word {@code busy}, {@code yield}, {@code backoff} or {@code sleep}.
     * @return the strategy.
     */
    public static IdleStrategy of(final String word)
    {
        return switch (word)
        {
            case "busy" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
            case "sleep" -> new SleepingMillisIdleStrategy(1);
            default -> throw new IllegalArgumentException("unknown idle strategy '" + word + "'; allowed: busy, yield, backoff, sleep");
        };
    }
}
