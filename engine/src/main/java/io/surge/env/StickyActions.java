package io.surge.env;

import io.surge.util.Rng;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Sticky actions (Machado et al., 2018, "Revisiting the Arcade Learning Environment"): at every
 * step, with probability {@code p} the environment repeats the previously executed action instead
 * of the one given. Works on any environment with a {@link Space.Discrete} action space.
 *
 * <p>The "previous action" is the one actually executed on the last step (so a repeat can repeat
 * a repeat), and is 0 after a reset, as in ALE (no-op) and MinAtar. One uniform draw is made on
 * every step, even when {@code p} is 0 or 1, so the stream stays aligned whatever {@code p} is.
 *
 * <p>The draws come from this wrapper's own {@link Rng}: {@link #reset(long, float[], int)} seeds
 * it with {@code Rng.deriveSeed(seed, STREAM_INDEX)} (and passes {@code seed} unchanged to the
 * wrapped environment); {@link #reset(float[], int)} continues it. Before the first seeded reset it
 * is seeded from entropy.
 *
 * <p>Threading and allocation as {@link Env}: one thread, no allocation per step.
 */
public final class StickyActions extends EnvWrapper
{
    /** Stream index from which this wrapper's seed is derived. */
    public static final long STREAM_INDEX = 0x571C_4A11L;

    private final double repeatProbability;
    private final int actionCount;
    private final Rng rng = new Rng(ThreadLocalRandom.current().nextLong());
    private int previousAction;

    /**
     * Wraps {@code env}.
     *
     * @param env               a discrete-action environment.
     * @param repeatProbability p in [0, 1].
     */
    public StickyActions(final Env env, final double repeatProbability)
    {
        super(env);
        if (!(env.actionSpace() instanceof Space.Discrete discrete))
        {
            throw new IllegalArgumentException("StickyActions needs a Discrete action space, got " + env.actionSpace());
        }
        if (!(repeatProbability >= 0.0 && repeatProbability <= 1.0))
        {
            throw new IllegalArgumentException("StickyActions needs a probability in [0, 1], got " + repeatProbability);
        }
        this.repeatProbability = repeatProbability;
        this.actionCount = discrete.n();
    }

    /**
     * The probability of repeating the previous action.
     *
     * @return p.
     */
    public double repeatProbability()
    {
        return repeatProbability;
    }

    /**
     * The action executed on the last step (0 after a reset).
     *
     * @return the executed action.
     */
    public int lastAction()
    {
        return previousAction;
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        rng.setSeed(Rng.deriveSeed(seed, STREAM_INDEX));
        previousAction = 0;
        env.reset(seed, obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        previousAction = 0;
        env.reset(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        if (action < 0 || action >= actionCount)
        {
            throw new IllegalArgumentException(
                "action " + action + " is not in the action space Discrete(" + actionCount + "); allowed actions are 0.." + (actionCount - 1));
        }
        final int executed = rng.nextDouble() < repeatProbability ? previousAction : action;
        previousAction = executed;
        return env.step(executed, obs, obsOffset);
    }
}
