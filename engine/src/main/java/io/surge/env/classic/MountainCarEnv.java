package io.surge.env.classic;

import io.surge.env.Space;
import io.surge.util.Rng;

/**
 * Gymnasium's {@code MountainCar-v0} (Moore 1990), bit-exact to Gymnasium 1.4.0 on the same C
 * library (see {@link Libm}).
 *
 * <p><b>State</b> (float64): {@code [position, velocity]}. <b>Observation</b>: the state cast to
 * float32. <b>Actions</b>: {@code Discrete(3)}: accelerate left, don't accelerate, accelerate right.
 *
 * <p><b>Dynamics</b> (force = 0.001, gravity = 0.0025, all float64):
 * <pre>
 *   velocity += (action - 1) * force + cos(3 * position) * (-gravity)
 *   velocity  = clip(velocity, -0.07, 0.07)
 *   position += velocity
 *   position  = clip(position, -1.2, 0.6)
 *   if position == -1.2 and velocity &lt; 0: velocity = 0      (inelastic left wall)
 * </pre>
 * <b>Termination</b>: {@code position >= 0.5 && velocity >= 0}. <b>Reward</b>: -1 per step.
 * Time limit 200 steps when made through {@code EnvRegistry.make("MountainCar-v0")}.
 *
 * <p><b>Reset</b>: position uniform in [-0.6, -0.4), velocity 0, drawn from {@link Rng};
 * Gymnasium's PCG64 stream is not reproduced.
 *
 * <p>Threading: one thread at a time. {@code step} does not allocate.
 */
public final class MountainCarEnv implements ClassicControlEnv
{
    /** The Gymnasium id. */
    public static final String ID = "MountainCar-v0";

    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.5;
    private static final double GOAL_VELOCITY = 0;
    private static final double FORCE = 0.001;
    private static final double GRAVITY = 0.0025;

    private static final Space OBSERVATION_SPACE = new Space.Box(
        new int[] {2},
        new float[] {(float)MIN_POSITION, (float)-MAX_SPEED},
        new float[] {(float)MAX_POSITION, (float)MAX_SPEED});
    private static final Space ACTION_SPACE = new Space.Discrete(3);

    private final Rng rng = ClassicSupport.unseededRng();
    private double position;
    private double velocity;
    private boolean hasState;
    private boolean terminated;

    /** A mountain car with no state yet: call a {@code reset} first. */
    public MountainCarEnv()
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
        double v = velocity + ((action - 1) * FORCE + Libm.cos(3 * position) * -GRAVITY);
        v = Math.min(Math.max(v, -MAX_SPEED), MAX_SPEED);
        double p = position + v;
        p = Math.min(Math.max(p, MIN_POSITION), MAX_POSITION);
        if (p == MIN_POSITION && v < 0)
        {
            v = 0;
        }
        position = p;
        velocity = v;
        terminated = p >= GOAL_POSITION && v >= GOAL_VELOCITY;
        observe(obs, obsOffset);
        return -1.0;
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
     * Sets {@code [position, velocity]}.
     *
     * @param state the two values.
     */
    @Override
    public void setState(final double... state)
    {
        ClassicSupport.checkStateLength(ID, state, 2);
        position = state[0];
        velocity = state[1];
        hasState = true;
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
