package io.surge.env;

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
    }
}
