/**
 * Gymnasium's five classic-control tasks, reproduced to the last bit of Gymnasium 1.4.0 under
 * NumPy 2 (same constants, integrators, operation order and float32/float64 behaviour):
 * {@link io.surge.env.classic.CartPoleEnv}, {@link io.surge.env.classic.AcrobotEnv},
 * {@link io.surge.env.classic.MountainCarEnv}, {@link io.surge.env.classic.MountainCarContinuousEnv}
 * and {@link io.surge.env.classic.PendulumEnv}. They are registered in
 * {@link io.surge.env.EnvRegistry} under their Gymnasium ids with Gymnasium's time limits.
 *
 * <p>Bit-exactness holds where the sine and cosine are those of the C library NumPy uses (see
 * {@link io.surge.env.classic.Libm}). Reset distributions are Gymnasium's, but drawn from
 * {@link io.surge.util.Rng}: NumPy's PCG64 stream is not reproduced, so a seed gives a different
 * start than in Gymnasium. Tests start from recorded states instead
 * ({@link io.surge.env.classic.ClassicControlEnv#setState(double...)}).
 */
package io.surge.env.classic;
