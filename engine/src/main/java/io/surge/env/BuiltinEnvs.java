package io.surge.env;

import io.surge.env.minatar.MinAtarEnv;
import io.surge.env.minatar.MinAtarGame;
import io.surge.env.minatar.MinAtarOptions;

/**
 * The list of environments that ship with Surge. Each family adds its ids here.
 */
final class BuiltinEnvs
{
    private BuiltinEnvs()
    {
    }

    static void registerAll()
    {
        // Classic control (io.surge.env.classic) and MinAtar (io.surge.env.minatar) register here.

        // MinAtar, ids as MinAtar's own Gymnasium registration: -v0 the full six actions, -v1 the
        // game's minimal action set; sticky actions 0.1 and ramping on; no time limit.
        for (final MinAtarGame game : MinAtarGame.values())
        {
            EnvRegistry.register(game.fullActionId(), () -> new MinAtarEnv(game), 0,
                "MinAtar " + game.referenceName() + ", " + game.channels() + "x10x10, 6 actions");
            EnvRegistry.register(game.minimalActionId(),
                () -> new MinAtarEnv(game, MinAtarOptions.DEFAULTS.withMinimalActionSet(true)), 0,
                "MinAtar " + game.referenceName() + ", " + game.channels() + "x10x10, minimal actions " + game.minimalActionNames());
        }
    }
}
