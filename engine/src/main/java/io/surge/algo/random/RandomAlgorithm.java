package io.surge.algo.random;

import io.surge.agent.Algorithm;
import io.surge.agent.IdleStrategies;
import io.surge.agent.Role;
import io.surge.agent.RunContext;
import io.surge.config.CoreKeys;
import io.surge.config.RunConfig;
import io.surge.env.Env;
import io.surge.env.EnvRegistry;
import io.surge.util.Rng;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code algo=random}: {@code actors.count} actors, each stepping {@code actor.envs}
 * environments with uniformly random actions. No learning: it measures environment throughput
 * and gives each environment's random-policy baseline.
 */
public final class RandomAlgorithm implements Algorithm
{
    private final List<Role> roles = new ArrayList<>();

    /**
     * Builds the actors.
     *
     * @param context the run.
     */
    public RandomAlgorithm(final RunContext context)
    {
        final RunConfig config = context.config();
        final Supplier<Env> envFactory = envFactory(config);
        final int actors = config.get(CoreKeys.ACTORS);
        final int envs = config.get(CoreKeys.ENVS_PER_ACTOR);
        final long seed = config.get(CoreKeys.SEED);
        final AtomicCounter dropped = context.counters().register("episode reports dropped");
        for (int i = 0; i < actors; i++)
        {
            final RandomActor actor = new RandomActor(
                i, envs, envFactory, Rng.deriveSeed(seed, i), context.episodes(), context.counters(), dropped);
            roles.add(new Role(actor, IdleStrategies.of(config.get(CoreKeys.IDLE_ACTOR)), true));
        }
    }

    /**
     * Makes environments as the configuration says: {@code env.class} when set, else {@code env.id}.
     *
     * @param config the configuration.
     * @return a factory of new environments.
     */
    public static Supplier<Env> envFactory(final RunConfig config)
    {
        final String className = config.get(CoreKeys.ENV_CLASS);
        if (className != null)
        {
            EnvRegistry.makeClass(className).close();
            return () -> EnvRegistry.makeClass(className);
        }
        final String id = config.get(CoreKeys.ENV_ID);
        return () -> EnvRegistry.make(id);
    }

    @Override
    public List<Role> roles()
    {
        return roles;
    }
}
