package io.surge.algo.random;

import io.surge.agent.Algorithm;
import io.surge.agent.IdleStrategies;
import io.surge.agent.Role;
import io.surge.agent.RunContext;
import io.surge.config.CoreKeys;
import io.surge.config.RunConfig;
import io.surge.env.Env;
import io.surge.env.ClipReward;
import io.surge.env.EnvRegistry;
import io.surge.env.FrameStack;
import io.surge.env.StickyActions;
import io.surge.env.TimeLimit;
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
        final Supplier<Env> bare;
        final int registeredLimit;
        if (className != null)
        {
            EnvRegistry.makeClass(className).close();
            bare = () -> EnvRegistry.makeClass(className);
            registeredLimit = 0;
        }
        else
        {
            final EnvRegistry.Entry entry = EnvRegistry.entries().get(config.get(CoreKeys.ENV_ID));
            bare = entry.factory();
            registeredLimit = entry.maxEpisodeSteps();
        }
        final int override = config.get(CoreKeys.ENV_MAX_EPISODE_STEPS);
        final int limit = override > 0 ? override : registeredLimit;
        final double sticky = config.get(CoreKeys.ENV_STICKY_ACTIONS);
        final boolean clip = config.get(CoreKeys.ENV_CLIP_REWARDS);
        final int stack = config.get(CoreKeys.ENV_FRAME_STACK);
        return () ->
        {
            Env env = bare.get();
            if (sticky > 0)
            {
                env = new StickyActions(env, sticky);
            }
            if (clip)
            {
                env = new ClipReward(env);
            }
            if (stack > 1)
            {
                env = new FrameStack(env, stack);
            }
            if (limit > 0)
            {
                env = new TimeLimit(env, limit);
            }
            return env;
        };
    }

    @Override
    public List<Role> roles()
    {
        return roles;
    }
}
