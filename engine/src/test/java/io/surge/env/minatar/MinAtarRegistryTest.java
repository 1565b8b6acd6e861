package io.surge.env.minatar;

import io.surge.env.Env;
import io.surge.env.EnvRegistry;
import io.surge.env.Space;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MinAtar ids in {@link EnvRegistry}: {@code -v0} full action set, {@code -v1} minimal action
 * set, as MinAtar's own Gymnasium registration; reference defaults otherwise, no time limit.
 */
final class MinAtarRegistryTest
{
    @Test
    void everyGameIsRegisteredWithTheFullAndTheMinimalActionSet()
    {
        for (final MinAtarGame game : MinAtarGame.values())
        {
            final Env full = EnvRegistry.make(game.fullActionId());
            final Env minimal = EnvRegistry.make(game.minimalActionId());
            assertInstanceOf(MinAtarEnv.class, full, "no time-limit wrapper");
            assertInstanceOf(MinAtarEnv.class, minimal);
            assertEquals(new Space.Discrete(6), full.actionSpace());
            assertEquals(new Space.Discrete(game.minimalActions().length), minimal.actionSpace());
            assertEquals(MinAtarOptions.DEFAULTS, ((MinAtarEnv)full).options());
            assertEquals(MinAtarOptions.DEFAULTS.withMinimalActionSet(true), ((MinAtarEnv)minimal).options());
            assertEquals(game.channels() * 100, full.observationSpace().flatSize());
            assertEquals(0, EnvRegistry.entries().get(game.fullActionId()).maxEpisodeSteps());
        }
        assertTrue(EnvRegistry.contains("MinAtar/SpaceInvaders-v1"));
        assertTrue(EnvRegistry.contains("MinAtar/Breakout-v0"));
        assertEquals("n,l,r", MinAtarGame.BREAKOUT.minimalActionNames());
    }
}
