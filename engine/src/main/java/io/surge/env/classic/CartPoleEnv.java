package io.surge.env.classic;

import io.surge.env.Space;
import io.surge.util.Rng;

/**
 * Gymnasium's {@code CartPole-v1} (Barto, Sutton and Anderson, 1983), bit-exact to Gymnasium 1.4.0
 * on the same C library (see {@link Libm}).
 *
 * <p><b>State</b> (float64): {@code [x, x_dot, theta, theta_dot]}. <b>Observation</b>: the state
 * cast to float32. <b>Actions</b>: {@code Discrete(2)}, 0 pushes left, 1 pushes right.
 *
 * <p><b>Dynamics</b> (explicit Euler, tau = 0.02 s; g = 9.8, m_cart = 1.0, m_pole = 0.1,
 * total mass M = 1.1, half pole length l = 0.5, m_pole*l = 0.05, F = +-10):
 * <pre>
 *   temp      = (F + m_pole*l * theta_dot^2 * sin(theta)) / M
 *   theta_acc = (g*sin(theta) - cos(theta)*temp) / (l * (4/3 - m_pole * cos(theta)^2 / M))
 *   x_acc     = temp - m_pole*l * theta_acc * cos(theta) / M
 *   x += tau*x_dot;  x_dot += tau*x_acc;  theta += tau*theta_dot;  theta_dot += tau*theta_acc
 * </pre>
 * The squares are computed first ({@code m_pole*l * (theta_dot*theta_dot) * sin},
 * {@code m_pole * (cos*cos) / M}), as NumPy's {@code np.square} does; another order changes the
 * last bit.
 *
 * <p><b>Termination</b>: {@code x < -2.4 || x > 2.4 || theta < -12 deg || theta > 12 deg}
 * (12 deg = {@code 12*2*pi/360} rad). <b>Reward</b>: 1.0 on every step including the terminating
 * one; 0.0 on steps taken after termination without a reset (Gymnasium warns there; this class
 * does not). Time limit 500 steps when made through {@code EnvRegistry.make("CartPole-v1")}.
 *
 * <p><b>Reset</b>: each state element uniform in [-0.05, 0.05), drawn from {@link Rng} (seeded by
 * {@link #reset(long, float[], int)}); Gymnasium's PCG64 stream is not reproduced, so the same
 * seed gives a different (identically distributed) start than in Gymnasium.
 *
 * <p>Threading: one thread at a time. {@code step} does not allocate.
 */
public final class CartPoleEnv implements ClassicControlEnv
{
    /** The Gymnasium id. */
    public static final String ID = "CartPole-v1";

    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5;
    private static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    /** Pole angle beyond which the episode terminates, in radians (12 degrees). */
    public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    /** Cart position beyond which the episode terminates. */
    public static final double X_THRESHOLD = 2.4;
    private static final double RESET_BOUND = 0.05;

    private static final Space OBSERVATION_SPACE = new Space.Box(
        new int[] {4},
        new float[] {(float)(-X_THRESHOLD * 2), Float.NEGATIVE_INFINITY, (float)(-THETA_THRESHOLD_RADIANS * 2), Float.NEGATIVE_INFINITY},
        new float[] {(float)(X_THRESHOLD * 2), Float.POSITIVE_INFINITY, (float)(THETA_THRESHOLD_RADIANS * 2), Float.POSITIVE_INFINITY});
    private static final Space ACTION_SPACE = new Space.Discrete(2);

    private final Rng rng = ClassicSupport.unseededRng();
    private final Libm.SinCos sinCos = new Libm.SinCos();
    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private boolean hasState;
    private boolean terminated;
    private boolean terminatedBefore;

    /** A cart-pole with no state yet: call a {@code reset} first. */
    public CartPoleEnv()
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
        x = ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        xDot = ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        theta = ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        thetaDot = ClassicSupport.uniform(rng, -RESET_BOUND, RESET_BOUND);
        hasState = true;
        terminated = false;
        terminatedBefore = false;
        observe(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        if (action != 0 && action != 1)
        {
            throw ClassicSupport.badAction(ID, action, 2);
        }
        if (!hasState)
        {
            throw ClassicSupport.notReset(ID);
        }
        final double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        sinCos.compute(theta);
        final double cosTheta = sinCos.cos();
        final double sinTheta = sinCos.sin();

        final double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        final double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp) /
            (LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        final double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;

        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;

        terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        final double reward;
        if (!terminated)
        {
            reward = 1.0;
        }
        else if (!terminatedBefore)
        {
            terminatedBefore = true;
            reward = 1.0;
        }
        else
        {
            reward = 0.0;
        }
        observe(obs, obsOffset);
        return reward;
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
     * Sets {@code [x, x_dot, theta, theta_dot]}.
     *
     * @param state the four values.
     */
    @Override
    public void setState(final double... state)
    {
        ClassicSupport.checkStateLength(ID, state, 4);
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
        hasState = true;
    }

    @Override
    public double[] state(final double[] out)
    {
        out[0] = x;
        out[1] = xDot;
        out[2] = theta;
        out[3] = thetaDot;
        return out;
    }

    @Override
    public void observe(final float[] obs, final int obsOffset)
    {
        obs[obsOffset] = (float)x;
        obs[obsOffset + 1] = (float)xDot;
        obs[obsOffset + 2] = (float)theta;
        obs[obsOffset + 3] = (float)thetaDot;
    }
}
