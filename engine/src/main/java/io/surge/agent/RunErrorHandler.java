package io.surge.agent;

import io.surge.metrics.EngineCounter;
import io.surge.metrics.EventLog;
import io.surge.metrics.RunCounters;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The run's one error handler: every exception from any role is counted, written to the
 * distinct-error log ({@code surge stat --errors}) and to {@code events.log} with its role.
 * A fatal error (from a role that is not restartable) is kept so the control loop stops the run
 * cleanly with a checkpoint.
 *
 * <p>Threading: thread-safe; called from any role's thread.
 */
public final class RunErrorHandler implements ErrorHandler
{
    private final RunCounters counters;
    private final EventLog events;
    private final AtomicCounter errors;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final AtomicReference<String> fatalRole = new AtomicReference<>();

    /**
     * Makes the handler.
     *
     * @param counters the run's counters (error count and distinct-error log).
     * @param events   the event log.
     */
    public RunErrorHandler(final RunCounters counters, final EventLog events)
    {
        this.counters = counters;
        this.events = events;
        this.errors = counters.get(EngineCounter.ERRORS);
    }

    @Override
    public void onError(final Throwable throwable)
    {
        onError("unknown", throwable, false);
    }

    /**
     * Records an error of a role.
     *
     * @param role        the role's name.
     * @param throwable   the error.
     * @param restartable true if the role will be restarted, false if the run must stop.
     */
    public void onError(final String role, final Throwable throwable, final boolean restartable)
    {
        errors.increment();
        counters.errorLog().record(new RoleException(role, throwable));
        events.event(restartable ? "error-restart" : "error-fatal", role + ": " + throwable);
        if (!restartable)
        {
            if (fatal.compareAndSet(null, throwable))
            {
                fatalRole.set(role);
            }
        }
    }

    /**
     * The first fatal error, or null.
     *
     * @return the error.
     */
    public Throwable fatal()
    {
        return fatal.get();
    }

    /**
     * The role of the first fatal error, or null.
     *
     * @return the role.
     */
    public String fatalRole()
    {
        return fatalRole.get();
    }

    /** Wraps an error with its role so the distinct-error log shows which role failed. */
    static final class RoleException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        RoleException(final String role, final Throwable cause)
        {
            super("role " + role + ": " + cause, cause);
        }
    }
}
