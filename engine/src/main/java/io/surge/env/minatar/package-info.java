/**
 * The five MinAtar games (Breakout, Freeway, Asterix, Seaquest, Space Invaders) as
 * {@link io.surge.env.Env}s that reproduce the reference implementation (kenjyoung/MinAtar @
 * {@code 4241f24}) step for step: rules, sticky actions and the random draws of NumPy's legacy
 * {@code RandomState}, replicated by {@link io.surge.env.minatar.NumpyRandomState}.
 *
 * <p>Start at {@link io.surge.env.minatar.MinAtarEnv}; options are
 * {@link io.surge.env.minatar.MinAtarOptions}, games {@link io.surge.env.minatar.MinAtarGame}.
 * The registry ids are {@code MinAtar/<Game>-v0} (full action set) and {@code MinAtar/<Game>-v1}
 * (minimal action set), as in MinAtar's own Gymnasium registration.
 */
package io.surge.env.minatar;
