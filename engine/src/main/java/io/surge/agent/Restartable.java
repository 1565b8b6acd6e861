package io.surge.agent;

/**
 * An agent that can recover from an exception in its duty cycle by resetting its own state
 * (an actor resets its environments and episode bookkeeping). Called on the agent's thread.
 */
public interface Restartable
{
    /** Resets after an error; the next {@code doWork()} starts clean. */
    void restart();
}
