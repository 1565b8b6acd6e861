package io.surge.agent;

import io.surge.metrics.RunCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a run's roles on threads according to {@link Threading}: the one place where that is
 * decided.
 * <ul>
 *   <li>{@code INVOKER}: every role in one {@link CompositeAgent} driven by an
 *       {@link AgentInvoker} on the caller's thread ({@link #invoke()}), in the order given:
 *       a run with a given seed is bit-for-bit repeatable.</li>
 *   <li>{@code SHARED}: roles dealt round-robin onto as many {@link AgentRunner} threads as there
 *       are cores (at most one per role); each group runs with its first role's idle strategy.</li>
 *   <li>{@code DEDICATED}: one {@link AgentRunner} thread per role, with the role's idle strategy.</li>
 * </ul>
 * Every role is wrapped so that its errors go to the run's {@link RunErrorHandler}.
 *
 * <p>Threading: {@link #start()}, {@link #invoke()} and {@link #close()} are called from the run's
 * control thread.
 */
public final class RolePlacement implements AutoCloseable
{
    private final Threading threading;
    private final List<Role> roles;
    private final RunErrorHandler errorHandler;
    private final RunCounters counters;
    private final List<AgentRunner> runners = new ArrayList<>();
    private AgentInvoker invoker;

    /**
     * Prepares the placement.
     *
     * @param threading    the mode.
     * @param roles        the roles, in their fixed order.
     * @param errorHandler the run's error handler.
     * @param counters     the run's counters.
     */
    public RolePlacement(
        final Threading threading, final List<Role> roles, final RunErrorHandler errorHandler, final RunCounters counters)
    {
        if (roles.isEmpty())
        {
            throw new IllegalArgumentException("a run needs at least one role");
        }
        this.threading = threading;
        this.roles = List.copyOf(roles);
        this.errorHandler = errorHandler;
        this.counters = counters;
    }

    /** Starts the roles: threads for SHARED and DEDICATED, the invoker for INVOKER. */
    public void start()
    {
        switch (threading)
        {
            case INVOKER ->
            {
                invoker = new AgentInvoker(errorHandler, null, composite("roles", roles));
                invoker.start();
            }
            case SHARED ->
            {
                final int groups = Math.min(roles.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
                for (int g = 0; g < groups; g++)
                {
                    final List<Role> group = new ArrayList<>();
                    for (int i = g; i < roles.size(); i += groups)
                    {
                        group.add(roles.get(i));
                    }
                    final AgentRunner runner = new AgentRunner(
                        group.get(0).idle(), errorHandler, null, composite("shared-" + g, group));
                    runners.add(runner);
                }
            }
            case DEDICATED ->
            {
                for (final Role role : roles)
                {
                    runners.add(new AgentRunner(role.idle(), errorHandler, null,
                        new GuardedAgent(role, errorHandler, counters)));
                }
            }
        }
        for (final AgentRunner runner : runners)
        {
            AgentRunner.startOnThread(runner);
        }
    }

    private Agent composite(final String name, final List<Role> group)
    {
        final Agent[] agents = new Agent[group.size()];
        for (int i = 0; i < agents.length; i++)
        {
            agents[i] = new GuardedAgent(group.get(i), errorHandler, counters);
        }
        return agents.length == 1 ? agents[0] : new NamedComposite(name, agents);
    }

    /**
     * Runs one duty cycle of every role, in order (INVOKER mode only).
     *
     * @return the work done.
     */
    public int invoke()
    {
        if (invoker == null)
        {
            throw new IllegalStateException("invoke() is for threading=invoker");
        }
        return invoker.invoke();
    }

    /**
     * The mode.
     *
     * @return the threading mode.
     */
    public Threading threading()
    {
        return threading;
    }

    /**
     * A default idle strategy that backs off to parking (does not starve a 2-core machine).
     *
     * @return a new strategy.
     */
    public static BackoffIdleStrategy defaultIdle()
    {
        return new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
    }

    /** Stops the threads (waiting for each duty cycle to end) and closes the roles. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(runners);
        runners.clear();
        if (invoker != null)
        {
            invoker.close();
            invoker = null;
        }
    }

    /** A composite with a readable thread/role name. */
    private static final class NamedComposite extends CompositeAgent
    {
        private final String name;

        NamedComposite(final String name, final Agent... agents)
        {
            super(agents);
            this.name = name;
        }

        @Override
        public String roleName()
        {
            return name + super.roleName();
        }
    }
}
