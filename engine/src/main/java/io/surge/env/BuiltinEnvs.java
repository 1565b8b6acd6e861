package io.surge.env;

import io.surge.env.classic.AcrobotEnv;
import io.surge.env.classic.CartPoleEnv;
import io.surge.env.classic.MountainCarContinuousEnv;
import io.surge.env.classic.MountainCarEnv;
import io.surge.env.classic.PendulumEnv;
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
        // Classic control (io.surge.env.classic): Gymnasium's ids and time limits.
        EnvRegistry.register(CartPoleEnv.ID, CartPoleEnv::new, 500, "Gymnasium CartPole-v1: balance a pole on a cart (Discrete(2))");
        EnvRegistry.register(AcrobotEnv.ID, AcrobotEnv::new, 500, "Gymnasium Acrobot-v1: swing a two-link arm above the bar (Discrete(3))");
        EnvRegistry.register(MountainCarEnv.ID, MountainCarEnv::new, 200, "Gymnasium MountainCar-v0: drive an underpowered car up a hill (Discrete(3))");
        EnvRegistry.register(MountainCarContinuousEnv.ID, MountainCarContinuousEnv::new, 999,
            "Gymnasium MountainCarContinuous-v0: mountain car with a continuous force (Box(1))");
        EnvRegistry.register(PendulumEnv.ID, PendulumEnv::new, 200, "Gymnasium Pendulum-v1: swing up and hold an inverted pendulum (Box(1))");
        EnvRegistry.register("CartPole-POMDP-v1", () -> new ObservationMask(new CartPoleEnv(), 0, 2), 500,
            "CartPole-v1 with the velocities hidden: observation [x, theta]");

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
