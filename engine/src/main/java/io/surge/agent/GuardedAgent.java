package io.surge.agent;

import io.surge.metrics.EngineCounter;
import io.surge.metrics.RunCounters;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Wraps a role's agent so that every exception of its duty cycle goes to the run's one error
 * handler, the same way in every threading mode. A restartable role is restarted
 * ({@link Restartable#restart()}, counted); any other role is marked failed and does no more
 * work, and the control loop stops the run.
 *
 * <p>Threading: called only on the thread that runs the role.
 */
final class GuardedAgent implements Agent
{
    private final Agent agent;
    private final boolean restartable;
    private final RunErrorHandler errorHandler;
    private final AtomicCounter restarts;
    private boolean failed;

    GuardedAgent(final Role role, final RunErrorHandler errorHandler, final RunCounters counters)
    {
        this.agent = role.agent();
        this.restartable = role.restartable() && role.agent() instanceof Restartable;
        this.errorHandler = errorHandler;
        this.restarts = counters.get(EngineCounter.ACTOR_RESTARTS);
    }

    @Override
    public void onStart()
    {
        try
        {
            agent.onStart();
        }
        catch (final RuntimeException | Error ex)
        {
            failed = true;
            errorHandler.onError(agent.roleName(), ex, false);
        }
    }

    @Override
    public int doWork()
    {
        if (failed)
        {
            return 0;
        }
        try
        {
            return agent.doWork();
        }
        catch (final Exception | Error ex)
        {
            if (ex instanceof VirtualMachineError vmError && !(vmError instanceof StackOverflowError))
            {
                failed = true;
                errorHandler.onError(agent.roleName(), ex, false);
                return 0;
            }
            errorHandler.onError(agent.roleName(), ex, restartable);
            if (restartable)
            {
                restarts.increment();
                try
                {
                    ((Restartable)agent).restart();
                }
                catch (final RuntimeException restartFailure)
                {
                    failed = true;
                    errorHandler.onError(agent.roleName(), restartFailure, false);
                }
            }
            else
            {
                failed = true;
            }
            return 0;
        }
    }

    @Override
    public void onClose()
    {
        try
        {
            agent.onClose();
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(agent.roleName(), ex, true);
        }
    }

    @Override
    public String roleName()
    {
        return agent.roleName();
    }
}
