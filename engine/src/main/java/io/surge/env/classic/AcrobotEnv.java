package io.surge.env.classic;

import io.surge.env.Space;
import io.surge.util.Rng;

/**
 * Gymnasium's {@code Acrobot-v1} (Sutton 1996; the "book" dynamics of Sutton and Barto), bit-exact
 * to Gymnasium 1.4.0 on the same C library (see {@link Libm}).
 *
 * <p><b>State</b> (float64): {@code [theta1, theta2, dtheta1, dtheta2]}. <b>Observation</b>
 * (float32): {@code [cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2]}.
 * <b>Actions</b>: {@code Discrete(3)}, torque {@code [-1, 0, +1]} on the joint between the links.
 *
 * <p><b>Dynamics</b>: m1 = m2 = 1, l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1, g = 9.8, torque a:
 * <pre>
 *   d1   = m1 lc1^2 + m2 (l1^2 + lc2^2 + 2 l1 lc2 cos theta2) + I1 + I2
 *   d2   = m2 (lc2^2 + l1 lc2 cos theta2) + I2
 *   phi2 = m2 lc2 g cos(theta1 + theta2 - pi/2)
 *   phi1 = -m2 l1 lc2 dtheta2^2 sin theta2 - 2 m2 l1 lc2 dtheta2 dtheta1 sin theta2
 *          + (m1 lc1 + m2 l1) g cos(theta1 - pi/2) + phi2
 *   ddtheta2 = (a + d2/d1 phi1 - m2 l1 lc2 dtheta1^2 sin theta2 - phi2) / (m2 lc2^2 + I2 - d2^2/d1)
 *   ddtheta1 = -(d2 ddtheta2 + phi1) / d1
 * </pre>
 * integrated by one classical Runge-Kutta step over t = [0, 0.2] on the state augmented with the
 * torque (Gymnasium's {@code rk4}: {@code y + dt/6 * (k1 + 2 k2 + 2 k3 + k4)} with stages at
 * {@code y + dt/2 k1}, {@code y + dt/2 k2}, {@code y + dt k3}), then the angles are wrapped into
 * [-pi, pi] by adding or subtracting 2 pi and the velocities clipped to +-4 pi and +-9 pi.
 * Every expression keeps Gymnasium's operation order, and its {@code x**2} of a variable is
 * evaluated with C's {@code pow} as Python does ({@link Libm#square}), which is not always {@code x*x}.
 *
 * <p><b>Termination</b>: {@code -cos(theta1) - cos(theta2 + theta1) > 1} (the tip above the bar).
 * <b>Reward</b>: -1 per step, 0 on the terminating step. Time limit 500 steps when made through
 * {@code EnvRegistry.make("Acrobot-v1")}.
 *
 * <p><b>Reset</b>: each state element uniform in [-0.1, 0.1) then rounded to float32, as Gymnasium
 * does ({@code .astype(np.float32)}), drawn from {@link Rng}; Gymnasium's PCG64 stream is not
 * reproduced. The reset observation is {@code (float) cos((double) theta)}; Gymnasium computes it
 * with NumPy's float32 {@code cos}/{@code sin}, which differ from that by one float32 ulp on about
 * 0.1% of reset angles. After a step everything is float64, as in Gymnasium.
 *
 * <p>Threading: one thread at a time. {@code step} does not allocate.
 */
public final class AcrobotEnv implements ClassicControlEnv
{
    /** The Gymnasium id. */
    public static final String ID = "Acrobot-v1";

    private static final double DT = 0.2;
    private static final double DT2 = DT / 2.0;
    private static final double DT6 = DT / 6.0;
    private static final double M1 = 1.0;
    private static final double M2 = 1.0;
    private static final double L1 = 1.0;
    private static final double LC1 = 0.5;
    private static final double LC2 = 0.5;
    private static final double I1 = 1.0;
    private static final double I2 = 1.0;
    private static final double G = 9.8;
    /** Largest |dtheta1|. */
    public static final double MAX_VEL_1 = 4 * Math.PI;
    /** Largest |dtheta2|. */
    public static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double RESET_BOUND = 0.1;

    private static final Space OBSERVATION_SPACE = new Space.Box(
        new int[] {6},
        new float[] {-1f, -1f, -1f, -1f, (float)-MAX_VEL_1, (float)-MAX_VEL_2},
        new float[] {1f, 1f, 1f, 1f, (float)MAX_VEL_1, (float)MAX_VEL_2});
    private static final Space ACTION_SPACE = new Space.Discrete(3);

    private final Rng rng = ClassicSupport.unseededRng();
    private final Libm.SinCos sinCos = new Libm.SinCos();
    private double theta1;
    private double theta2;
    private double dtheta1;
    private double dtheta2;
    private boolean hasState;
    private boolean terminated;

    // Runge-Kutta stage derivatives {dtheta1, dtheta2, ddtheta1, ddtheta2}; preallocated.
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];

    /** An acrobot with no state yet: call a {@code reset} first. */
    public AcrobotEnv()
    {
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
        theta1 = (float)ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        theta2 = (float)ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        dtheta1 = (float)ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        dtheta2 = (float)ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        hasState = true;
        terminated = false;
        observe(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        if (action < 0 || action > 2)
        {
            throw ClassicSupport.badAction(ID, action, 3);
        }
        if (!hasState)
        {
            throw ClassicSupport.notReset(ID);
        }
        final double torque = action - 1.0; // AVAIL_TORQUE = [-1.0, 0.0, +1]

        final double y0 = theta1;
        final double y1 = theta2;
        final double y2 = dtheta1;
        final double y3 = dtheta2;
        derivatives(y0, y1, y2, y3, torque, k1);
        derivatives(y0 + DT2 * k1[0], y1 + DT2 * k1[1], y2 + DT2 * k1[2], y3 + DT2 * k1[3], torque, k2);
        derivatives(y0 + DT2 * k2[0], y1 + DT2 * k2[1], y2 + DT2 * k2[2], y3 + DT2 * k2[3], torque, k3);
        derivatives(y0 + DT * k3[0], y1 + DT * k3[1], y2 + DT * k3[2], y3 + DT * k3[3], torque, k4);

        theta1 = wrap(y0 + DT6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]));
        theta2 = wrap(y1 + DT6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]));
        dtheta1 = bound(y2 + DT6 * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]), MAX_VEL_1);
        dtheta2 = bound(y3 + DT6 * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3]), MAX_VEL_2);

        terminated = observe(obs, obsOffset, true);
        return terminated ? 0.0 : -1.0;
    }

    /** Gymnasium's {@code _dsdt} for the book dynamics, in its operation order. */
    private void derivatives(
        final double th1, final double th2, final double dth1, final double dth2, final double a, final double[] out)
    {
        sinCos.compute(th2);
        final double cos2 = sinCos.cos();
        final double sin2 = sinCos.sin();
        final double d1 = M1 * (LC1 * LC1) + M2 * (L1 * L1 + LC2 * LC2 + 2 * L1 * LC2 * cos2) + I1 + I2;
        final double d2 = M2 * (LC2 * LC2 + L1 * LC2 * cos2) + I2;
        final double phi2 = M2 * LC2 * G * Libm.cos(th1 + th2 - Math.PI / 2.0);
        // x**2 of a variable is C's pow, which is not always x*x; the constants' squares are exact.
        final double phi1 = -M2 * L1 * LC2 * Libm.square(dth2) * sin2 -
            2 * M2 * L1 * LC2 * dth2 * dth1 * sin2 +
            (M1 * LC1 + M2 * L1) * G * Libm.cos(th1 - Math.PI / 2) +
            phi2;
        final double ddth2 = (a + d2 / d1 * phi1 - M2 * L1 * LC2 * Libm.square(dth1) * sin2 - phi2) /
            (M2 * (LC2 * LC2) + I2 - Libm.square(d2) / d1);
        final double ddth1 = -(d2 * ddth2 + phi1) / d1;
        out[0] = dth1;
        out[1] = dth2;
        out[2] = ddth1;
        out[3] = ddth2;
    }

    /** Gymnasium's {@code wrap(x, -pi, pi)}: subtract or add 2 pi until inside. */
    private static double wrap(final double angle)
    {
        final double diff = Math.PI - -Math.PI;
        double x = angle;
        while (x > Math.PI)
        {
            x = x - diff;
        }
        while (x < -Math.PI)
        {
            x = x + diff;
        }
        return x;
    }

    /** Gymnasium's {@code bound(x, -max, max)} = {@code min(max(x, -max), max)}. */
    private static double bound(final double x, final double max)
    {
        final double low = x < -max ? -max : x;
        return low > max ? max : low;
    }

    @Override
    public boolean terminated()
    {
        return terminated;
    }

    @Override
    public boolean truncated()
    {
        return false;
    }

    @Override
    public int stateSize()
    {
        return 4;
    }

    /**
     * Sets {@code [theta1, theta2, dtheta1, dtheta2]}.
     *
     * @param state the four values.
     */
    @Override
    public void setState(final double... state)
    {
        ClassicSupport.checkStateLength(ID, state, 4);
        theta1 = state[0];
        theta2 = state[1];
        dtheta1 = state[2];
        dtheta2 = state[3];
        hasState = true;
    }

    @Override
    public double[] state(final double[] out)
    {
        out[0] = theta1;
        out[1] = theta2;
        out[2] = dtheta1;
        out[3] = dtheta2;
        return out;
    }

    @Override
    public void observe(final float[] obs, final int obsOffset)
    {
        observe(obs, obsOffset, false);
    }

    /** Writes the observation; returns the terminal test if asked (it shares cos theta1). */
    private boolean observe(final float[] obs, final int obsOffset, final boolean testTerminal)
    {
        sinCos.compute(theta1);
        final double cos1 = sinCos.cos();
        obs[obsOffset] = (float)cos1;
        obs[obsOffset + 1] = (float)sinCos.sin();
        sinCos.compute(theta2);
        obs[obsOffset + 2] = (float)sinCos.cos();
        obs[obsOffset + 3] = (float)sinCos.sin();
        obs[obsOffset + 4] = (float)dtheta1;
        obs[obsOffset + 5] = (float)dtheta2;
        return testTerminal && -cos1 - Libm.cos(theta2 + theta1) > 1.0;
    }
}
