package io.surge.env.classic;

import io.surge.env.Space;
import io.surge.util.Rng;

/**
 * Gymnasium's {@code Pendulum-v1}, bit-exact to Gymnasium 1.4.0 on the same C library (see
 * {@link Libm}) for float64 actions whose values are float32 (that is, every {@code float} action
 * this class receives).
 *
 * <p><b>State</b> (float64): {@code [theta, theta_dot]}, theta not wrapped (0 = upright).
 * <b>Observation</b> (float32): {@code [cos theta, sin theta, theta_dot]}. <b>Action</b>:
 * {@code Box(-2, 2, (1,))}, the torque; values outside are clipped.
 *
 * <p><b>Dynamics</b> (g = 10 by default, m = 1, l = 1, dt = 0.05, max speed 8):
 * <pre>
 *   u      = clip(a, -2, 2)
 *   cost   = angle_normalize(theta)^2 + 0.1 * theta_dot^2 + 0.001 * u^2     (pre-step theta, theta_dot)
 *   theta_dot' = clip(theta_dot + (3 g / (2 l) * sin(theta) + 3 / (m l^2) * u) * dt, -8, 8)
 *   theta'     = theta + theta_dot' * dt
 *   angle_normalize(x) = ((x + pi) mod 2 pi) - pi
 * </pre>
 * where {@code mod} is Python's floor modulo (the result takes the sign of the divisor), computed
 * like NumPy as {@code fmod} plus the divisor when the signs differ. Java's {@code %} alone would
 * differ for negative x. The squares are C's {@code pow(x, 2)} ({@link Libm#square}), as NumPy's
 * {@code x**2}; it differs from {@code x*x} in the last bit on some inputs. <b>Reward</b>: {@code -cost}. Never terminates; time limit 200 steps when
 * made through {@code EnvRegistry.make("Pendulum-v1")}.
 *
 * <p><b>Reset</b>: theta uniform in [-pi, pi), theta_dot uniform in [-1, 1), drawn from
 * {@link Rng}; Gymnasium's PCG64 stream is not reproduced.
 *
 * <p>Threading: one thread at a time. {@code step} does not allocate.
 */
public final class PendulumEnv implements ClassicControlEnv
{
    /** The Gymnasium id. */
    public static final String ID = "Pendulum-v1";

    /** Default gravity, as Gymnasium's {@code g=10.0}. */
    public static final double DEFAULT_GRAVITY = 10.0;
    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double M = 1.0;
    private static final double L = 1.0;

    private static final Space OBSERVATION_SPACE = new Space.Box(
        new int[] {3}, new float[] {-1f, -1f, (float)-MAX_SPEED}, new float[] {1f, 1f, (float)MAX_SPEED});
    private static final Space ACTION_SPACE = Space.Box.uniform((float)-MAX_TORQUE, (float)MAX_TORQUE, 1);

    private final double gravity;
    private final double gravityTerm;
    private final double torqueTerm;
    private final Rng rng = ClassicSupport.unseededRng();
    private final Libm.SinCos sinCos = new Libm.SinCos();
    private double theta;
    private double thetaDot;
    private double lastTorque;
    private boolean hasState;

    /** A pendulum with Gymnasium's default gravity, 10. */
    public PendulumEnv()
    {
        this(DEFAULT_GRAVITY);
    }

    /**
     * A pendulum with another gravity, as Gymnasium's {@code g} argument.
     *
     * @param gravity g, finite.
     */
    public PendulumEnv(final double gravity)
    {
        if (!Double.isFinite(gravity))
        {
            throw new IllegalArgumentException(ID + ": gravity must be finite, got " + gravity);
        }
        this.gravity = gravity;
        this.gravityTerm = 3 * gravity / (2 * L);
        this.torqueTerm = 3.0 / (M * (L * L));
    }

    /**
     * The gravity this pendulum was made with.
     *
     * @return g.
     */
    public double gravity()
    {
        return gravity;
    }

    @Override
    public String id()
    {
        return ID;
    }

    @Override
    public Space observationSpace()
    {
        return OBSERVATION_SPACE;
    }

    @Override
    public Space actionSpace()
    {
        return ACTION_SPACE;
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        rng.setSeed(seed);
        reset(obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        theta = ClassicSupport.uniform(rng, -Math.PI, Math.PI);
        thetaDot = ClassicSupport.uniform(rng, -1.0, 1.0);
        lastTorque = Double.NaN;
        hasState = true;
        observe(obs, obsOffset);
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        if (!hasState)
        {
            throw ClassicSupport.notReset(ID);
        }
        final double u = Math.min(Math.max((double)action[actionOffset], -MAX_TORQUE), MAX_TORQUE);
        lastTorque = u;
        final double th = theta;
        final double thDot = thetaDot;
        final double normalized = angleNormalize(th);
        // NumPy evaluates x**2 with C's pow, which is not always x*x (it differs on recorded steps).
        final double cost = Libm.square(normalized) + 0.1 * Libm.square(thDot) + 0.001 * Libm.square(u);

        double newThDot = thDot + (gravityTerm * Libm.sin(th) + torqueTerm * u) * DT;
        newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
        theta = th + newThDot * DT;
        thetaDot = newThDot;
        observe(obs, obsOffset);
        return -cost;
    }

    /**
     * Gymnasium's {@code angle_normalize}: {@code ((x + pi) mod 2 pi) - pi} with a floor modulo.
     *
     * @param x an angle in radians.
     * @return the angle in [-pi, pi).
     */
    static double angleNormalize(final double x)
    {
        return floorMod(x + Math.PI, 2 * Math.PI) - Math.PI;
    }

    /** NumPy's float remainder: {@code fmod}, then plus the divisor when the signs differ. */
    static double floorMod(final double a, final double b)
    {
        double mod = a % b;
        if (mod != 0)
        {
            if ((b < 0) != (mod < 0))
            {
                mod += b;
            }
        }
        else
        {
            mod = Math.copySign(0.0, b);
        }
        return mod;
    }

    /**
     * The clipped torque of the last step (Gymnasium's {@code last_u}), NaN after a reset.
     *
     * @return u.
     */
    public double lastTorque()
    {
        return lastTorque;
    }

    @Override
    public boolean terminated()
    {
        return false;
    }

    @Override
    public boolean truncated()
    {
        return false;
    }

    @Override
    public int stateSize()
    {
        return 2;
    }

    /**
     * Sets {@code [theta, theta_dot]}.
     *
     * @param state the two values.
     */
    @Override
    public void setState(final double... state)
    {
        ClassicSupport.checkStateLength(ID, state, 2);
        theta = state[0];
        thetaDot = state[1];
        hasState = true;
    }

    @Override
    public double[] state(final double[] out)
    {
        out[0] = theta;
        out[1] = thetaDot;
        return out;
    }

    @Override
    public void observe(final float[] obs, final int obsOffset)
    {
        sinCos.compute(theta);
        obs[obsOffset] = (float)sinCos.cos();
        obs[obsOffset + 1] = (float)sinCos.sin();
        obs[obsOffset + 2] = (float)thetaDot;
    }
}
