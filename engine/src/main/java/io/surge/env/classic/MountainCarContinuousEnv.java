package io.surge.env.classic;

import io.surge.env.Space;
import io.surge.util.Rng;

/**
 * Gymnasium's {@code MountainCarContinuous-v0}, bit-exact to Gymnasium 1.4.0 under NumPy 2 on the
 * same C library (see {@link Libm}), including NumPy 2's float32 promotion rules (NEP 50).
 *
 * <p><b>State</b>: {@code [position, velocity]}. <b>Observation</b>: the state as float32.
 * <b>Action</b>: {@code Box(-1, 1, (1,))}, the force; values outside are clipped for the dynamics.
 *
 * <p><b>Dynamics</b> (power = 0.0015):
 * <pre>
 *   force     = min(max(a, -1.0), 1.0)
 *   velocity += force * power - 0.0025 * cos(3 * position)
 *   velocity  = clip(velocity, -0.07, 0.07)
 *   position += velocity
 *   position  = clip(position, -1.2, 0.6)
 *   if position == -1.2 and velocity &lt; 0: velocity = 0
 *   state     = float32([position, velocity])
 * </pre>
 * <b>Termination</b>: {@code position >= 0.45 && velocity >= 0}. <b>Reward</b>:
 * {@code (100 if terminated else 0) - 0.1 * a^2} with the <em>unclipped</em> action a. Time limit
 * 999 steps when made through {@code EnvRegistry.make("MountainCarContinuous-v0")}.
 *
 * <p><b>Where the types matter.</b> Gymnasium's state is float64 right after a reset and float32
 * after every step (the last line above). Under NumPy 2 a float32 scalar combined with a Python
 * float stays float32, while with a NumPy float64 it becomes float64. So, from the second step
 * of an episode on:
 * <ul>
 *   <li>{@code 3 * position} is a float32 product;</li>
 *   <li>when the action is clipped, {@code force} is the Python float +-1.0, the right-hand side
 *       is a Python float, and {@code velocity += rhs} is a float32 addition of {@code rhs} rounded
 *       to float32 (an unclipped action is a NumPy float64 and makes velocity float64);</li>
 *   <li>{@code position += velocity} is a float32 addition when velocity is float32 or the Python
 *       float +-0.07 from the speed clip;</li>
 *   <li>comparisons of a float32 value with a Python float constant happen in float32
 *       ({@code float32(0.45) >= 0.45} is true).</li>
 * </ul>
 * This class tracks the type of each intermediate to reproduce that. {@link #setState(double...)}
 * sets a float64 state (as after a reset), {@link #setStateFloat32(float, float)} a float32 one (as
 * after a step).
 *
 * <p><b>Reset</b>: position uniform in [-0.6, -0.4), velocity 0, float64, drawn from {@link Rng};
 * Gymnasium's PCG64 stream is not reproduced.
 *
 * <p>Threading: one thread at a time. {@code step} does not allocate.
 */
public final class MountainCarContinuousEnv implements ClassicControlEnv
{
    /** The Gymnasium id. */
    public static final String ID = "MountainCarContinuous-v0";

    private static final double MIN_ACTION = -1.0;
    private static final double MAX_ACTION = 1.0;
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.45;
    private static final double GOAL_VELOCITY = 0;
    private static final double POWER = 0.0015;

    private static final Space OBSERVATION_SPACE = new Space.Box(
        new int[] {2},
        new float[] {(float)MIN_POSITION, (float)-MAX_SPEED},
        new float[] {(float)MAX_POSITION, (float)MAX_SPEED});
    private static final Space ACTION_SPACE = Space.Box.uniform((float)MIN_ACTION, (float)MAX_ACTION, 1);

    // Scalar types of the NumPy expression: a NumPy float32 scalar, a NumPy float64 scalar, or a
    // Python float / int (a "weak" scalar under NEP 50, which adopts the other operand's type).
    private static final int F32 = 0;
    private static final int F64 = 1;
    private static final int PY = 2;

    private final Rng rng = ClassicSupport.unseededRng();
    private double position;
    private double velocity;
    private boolean stateIsFloat32;
    private boolean hasState;
    private boolean terminated;

    /** A car with no state yet: call a {@code reset} first. */
    public MountainCarContinuousEnv()
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
        position = ClassicSupport.uniform(rng, -0.6, -0.4);
        velocity = 0;
        stateIsFloat32 = false;
        hasState = true;
        terminated = false;
        observe(obs, obsOffset);
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        if (!hasState)
        {
            throw ClassicSupport.notReset(ID);
        }
        final double a = action[actionOffset];
        final int stateType = stateIsFloat32 ? F32 : F64;

        // force = min(max(a, -1.0), 1.0): Python's max/min return the Python float bound only
        // when it is strictly beyond a; otherwise a itself (a NumPy float64).
        final boolean clipped = a < MIN_ACTION || a > MAX_ACTION;
        final double force = a < MIN_ACTION ? MIN_ACTION : (a > MAX_ACTION ? MAX_ACTION : a);

        final double threePosition = stateType == F32 ? (double)(3f * (float)position) : 3 * position;
        final double rhs = force * POWER - 0.0025 * Libm.cos(threePosition);

        double v;
        int vType;
        if (clipped && stateType == F32)
        {
            v = (float)velocity + (float)rhs;
            vType = F32;
        }
        else
        {
            v = velocity + rhs;
            vType = F64;
        }
        if (greater(v, vType, MAX_SPEED))
        {
            v = MAX_SPEED;
            vType = PY;
        }
        if (less(v, vType, -MAX_SPEED))
        {
            v = -MAX_SPEED;
            vType = PY;
        }

        double p;
        int pType;
        if (stateType == F32 && vType != F64)
        {
            p = (float)position + (float)v;
            pType = F32;
        }
        else
        {
            p = position + v;
            pType = F64;
        }
        if (greater(p, pType, MAX_POSITION))
        {
            p = MAX_POSITION;
            pType = PY;
        }
        if (less(p, pType, MIN_POSITION))
        {
            p = MIN_POSITION;
            pType = PY;
        }
        if (equal(p, pType, MIN_POSITION) && less(v, vType, 0))
        {
            v = 0;
            vType = PY;
        }

        terminated = greaterOrEqual(p, pType, GOAL_POSITION) && greaterOrEqual(v, vType, GOAL_VELOCITY);
        final double reward = (terminated ? 100.0 : 0.0) - (a * a) * 0.1;

        position = (float)p;
        velocity = (float)v;
        stateIsFloat32 = true;
        observe(obs, obsOffset);
        return reward;
    }

    // A NumPy float32 scalar compared with a Python float compares in float32 (NEP 50).

    private static boolean greater(final double x, final int type, final double constant)
    {
        return type == F32 ? (float)x > (float)constant : x > constant;
    }

    private static boolean less(final double x, final int type, final double constant)
    {
        return type == F32 ? (float)x < (float)constant : x < constant;
    }

    private static boolean greaterOrEqual(final double x, final int type, final double constant)
    {
        return type == F32 ? (float)x >= (float)constant : x >= constant;
    }

    private static boolean equal(final double x, final int type, final double constant)
    {
        return type == F32 ? (float)x == (float)constant : x == constant;
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
        return 2;
    }

    /**
     * Sets {@code [position, velocity]} as a float64 state, as right after a reset.
     *
     * @param state the two values.
     */
    @Override
    public void setState(final double... state)
    {
        ClassicSupport.checkStateLength(ID, state, 2);
        position = state[0];
        velocity = state[1];
        stateIsFloat32 = false;
        hasState = true;
    }

    /**
     * Sets {@code [position, velocity]} as a float32 state, as after a step.
     *
     * @param position the position.
     * @param velocity the velocity.
     */
    public void setStateFloat32(final float position, final float velocity)
    {
        this.position = position;
        this.velocity = velocity;
        stateIsFloat32 = true;
        hasState = true;
    }

    /**
     * Whether the state is float32 (after a step) rather than float64 (after a reset or
     * {@link #setState(double...)}).
     *
     * @return true after a step.
     */
    public boolean stateIsFloat32()
    {
        return stateIsFloat32;
    }

    @Override
    public double[] state(final double[] out)
    {
        out[0] = position;
        out[1] = velocity;
        return out;
    }

    @Override
    public void observe(final float[] obs, final int obsOffset)
    {
        obs[obsOffset] = (float)position;
        obs[obsOffset + 1] = (float)velocity;
    }
}
