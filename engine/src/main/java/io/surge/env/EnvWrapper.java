package io.surge.env;

/**
 * Base of wrappers: delegates every call to the wrapped environment. Subclasses override what
 * they change. Same threading rule as {@link Env}: one thread at a time.
 */
public abstract class EnvWrapper implements Env
{
    /** The wrapped environment. */
    protected final Env env;

    /**
     * Wraps {@code env}.
     *
     * @param env the environment to wrap.
     */
    protected EnvWrapper(final Env env)
    {
        this.env = env;
    }

    /**
     * The wrapped environment.
     *
     * @return the environment this wrapper delegates to.
     */
    public Env inner()
    {
        return env;
    }

    /**
     * The innermost environment under any number of wrappers.
     *
     * @return the environment that is not a wrapper.
     */
    public Env unwrapped()
    {
        Env e = env;
        while (e instanceof EnvWrapper w)
        {
            e = w.env;
        }
        return e;
    }

    @Override
    public Space observationSpace()
    {
        return env.observationSpace();
    }

    @Override
    public Space actionSpace()
    {
        return env.actionSpace();
    }

    @Override
    public void reset(final long seed, final float[] obs, final int obsOffset)
    {
        env.reset(seed, obs, obsOffset);
    }

    @Override
    public void reset(final float[] obs, final int obsOffset)
    {
        env.reset(obs, obsOffset);
    }

    @Override
    public double step(final int action, final float[] obs, final int obsOffset)
    {
        return env.step(action, obs, obsOffset);
    }

    @Override
    public double step(final float[] action, final int actionOffset, final float[] obs, final int obsOffset)
    {
        return env.step(action, actionOffset, obs, obsOffset);
    }

    @Override
    public boolean terminated()
    {
        return env.terminated();
    }

    @Override
    public boolean truncated()
    {
        return env.truncated();
    }

    @Override
    public void close()
    {
        env.close();
    }
}
