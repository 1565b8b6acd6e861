package io.surge.env;

import io.surge.util.Rng;

import java.util.function.Supplier;

/**
 * {@code N} copies of one environment stepped together on the caller's thread, with every
 * observation in one contiguous float buffer: sub-environment {@code i} owns
 * {@code observations()[i*obsSize .. (i+1)*obsSize)}. Rewards are a {@code double[N]},
 * terminated/truncated flags {@code boolean[N]}; discrete actions come as {@code int[N]},
 * continuous ones as {@code float[N * actionSize]} (sub-environment {@code i} reads
 * {@code [i*actionSize, (i+1)*actionSize)}).
 *
 * <p><b>Auto-reset, Gymnasium's {@code AutoresetMode.SAME_STEP}.</b> When sub-environment
 * {@code i} terminates or is truncated in a step, it is reset within that same step:
 * <ul>
 *   <li>{@link #observations()} holds the <em>first observation of the new episode</em>;</li>
 *   <li>{@link #rewards()}, {@link #terminated()} and {@link #truncated()} hold the reward and flags
 *       of the step that ended the old episode;</li>
 *   <li>{@link #hasFinal(int)} is true, and the old episode's last observation is in
 *       {@link #finalObservations()} (same layout as {@link #observations()}), with its return
 *       {@link #finalReturn(int)} and length {@link #finalLength(int)}.</li>
 * </ul>
 * The final values stay readable until the next {@code step} or {@code reset}; only the slots
 * of sub-environments with {@code hasFinal(i)} are meaningful. To bootstrap a truncated episode,
 * use the final observation, not the observation buffer.
 *
 * <p><b>Seeds.</b> {@link #reset(long)} seeds sub-environment {@code i} with
 * {@code Rng.deriveSeed(seed, i)}; automatic resets continue each sub-environment's stream, so a
 * run is reproducible from one seed and sub-environments draw different starts.
 *
 * <p>Errors: an exception from sub-environment {@code i} (an action out of range, say) leaves
 * sub-environments {@code 0..i-1} stepped and the rest not; reset the vector after one.
 *
 * <p>Threading: one thread at a time, not thread-safe. Memory: every buffer is allocated at
 * construction; {@code step} allocates nothing (the sub-environments must not either).
 */
public final class VectorEnv implements AutoCloseable
{
    private final Env[] envs;
    private final int numEnvs;
    private final int obsSize;
    private final int actionSize;
    private final boolean discrete;
    private final Space singleObservationSpace;
    private final Space singleActionSpace;

    private final float[] observations;
    private final float[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final boolean[] hasFinal;
    private final double[] episodeReturns;
    private final int[] episodeLengths;
    private final double[] finalReturns;
    private final int[] finalLengths;
    private boolean started;

    /**
     * Makes {@code numEnvs} sub-environments with {@code factory}.
     *
     * @param numEnvs N, at least 1.
     * @param factory makes one sub-environment per call; all must have the same spaces.
     */
    public VectorEnv(final int numEnvs, final Supplier<? extends Env> factory)
    {
        if (numEnvs < 1)
        {
            throw new IllegalArgumentException("VectorEnv needs numEnvs >= 1, got " + numEnvs);
        }
        this.numEnvs = numEnvs;
        this.envs = new Env[numEnvs];
        for (int i = 0; i < numEnvs; i++)
        {
            envs[i] = factory.get();
        }
        this.singleObservationSpace = envs[0].observationSpace();
        this.singleActionSpace = envs[0].actionSpace();
        for (int i = 1; i < numEnvs; i++)
        {
            if (!sameSpace(envs[i].observationSpace(), singleObservationSpace) || !sameSpace(envs[i].actionSpace(), singleActionSpace))
            {
                throw new IllegalArgumentException("sub-environment " + i + " has other spaces than sub-environment 0");
            }
        }
        this.obsSize = singleObservationSpace.flatSize();
        this.discrete = singleActionSpace instanceof Space.Discrete;
        this.actionSize = singleActionSpace.flatSize();
        this.observations = new float[numEnvs * obsSize];
        this.finalObservations = new float[numEnvs * obsSize];
        this.rewards = new double[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
        this.hasFinal = new boolean[numEnvs];
        this.episodeReturns = new double[numEnvs];
        this.episodeLengths = new int[numEnvs];
        this.finalReturns = new double[numEnvs];
        this.finalLengths = new int[numEnvs];
    }

    /**
     * {@code numEnvs} copies of a registered environment, each with its registered wrappers.
     *
     * @param id      the registry id, for example {@code CartPole-v1}.
     * @param numEnvs N.
     * @return the vector environment.
     */
    public static VectorEnv make(final String id, final int numEnvs)
    {
        EnvRegistry.make(id).close(); // fail fast on an unknown id, with the registry's message
        return new VectorEnv(numEnvs, () -> EnvRegistry.make(id));
    }

    private static boolean sameSpace(final Space a, final Space b)
    {
        if (a instanceof Space.Box x && b instanceof Space.Box y)
        {
            return java.util.Arrays.equals(x.shape(), y.shape()) && java.util.Arrays.equals(x.low(), y.low()) &&
                java.util.Arrays.equals(x.high(), y.high());
        }
        return a.equals(b);
    }

    /**
     * Seeds sub-environment {@code i} with {@code Rng.deriveSeed(seed, i)} and starts every episode.
     *
     * @param seed the seed of the whole vector.
     */
    public void reset(final long seed)
    {
        for (int i = 0; i < numEnvs; i++)
        {
            envs[i].reset(Rng.deriveSeed(seed, i), observations, i * obsSize);
        }
        clearAfterReset();
    }

    /** Starts a new episode in every sub-environment, continuing their random streams. */
    public void reset()
    {
        for (int i = 0; i < numEnvs; i++)
        {
            envs[i].reset(observations, i * obsSize);
        }
        clearAfterReset();
    }

    private void clearAfterReset()
    {
        java.util.Arrays.fill(rewards, 0.0);
        java.util.Arrays.fill(terminated, false);
        java.util.Arrays.fill(truncated, false);
        java.util.Arrays.fill(hasFinal, false);
        java.util.Arrays.fill(episodeReturns, 0.0);
        java.util.Arrays.fill(episodeLengths, 0);
        started = true;
    }

    /**
     * Steps every sub-environment with a discrete action.
     *
     * @param actions {@code actions[i]} for sub-environment {@code i}; at least N elements.
     * @throws IllegalStateException before the first reset.
     * @throws IllegalArgumentException if the action space is not discrete, the array is too short,
     *                                  or an action is out of range (from the sub-environment).
     */
    public void step(final int[] actions)
    {
        if (!discrete)
        {
            throw new IllegalArgumentException("this VectorEnv has a continuous action space " + singleActionSpace + "; use step(float[])");
        }
        checkStep(actions.length, numEnvs);
        final Env[] envs = this.envs;
        final float[] observations = this.observations;
        final int obsSize = this.obsSize;
        for (int i = 0, offset = 0; i < envs.length; i++, offset += obsSize)
        {
            final Env env = envs[i];
            afterStep(i, env, env.step(actions[i], observations, offset), offset);
        }
    }

    /**
     * Steps every sub-environment with a continuous action.
     *
     * @param actions sub-environment {@code i} reads {@code [i*actionSize, (i+1)*actionSize)}.
     * @throws IllegalStateException before the first reset.
     * @throws IllegalArgumentException if the action space is discrete or the array is too short.
     */
    public void step(final float[] actions)
    {
        if (discrete)
        {
            throw new IllegalArgumentException("this VectorEnv has a discrete action space " + singleActionSpace + "; use step(int[])");
        }
        checkStep(actions.length, numEnvs * actionSize);
        final Env[] envs = this.envs;
        final float[] observations = this.observations;
        final int obsSize = this.obsSize;
        final int actionSize = this.actionSize;
        for (int i = 0, offset = 0; i < envs.length; i++, offset += obsSize)
        {
            final Env env = envs[i];
            afterStep(i, env, env.step(actions, i * actionSize, observations, offset), offset);
        }
    }

    private void checkStep(final int length, final int needed)
    {
        if (!started)
        {
            throw new IllegalStateException("call reset before step");
        }
        if (length < needed)
        {
            throw new IllegalArgumentException("actions has " + length + " elements, needs " + needed);
        }
    }

    private void afterStep(final int i, final Env env, final double reward, final int offset)
    {
        final boolean term = env.terminated();
        final boolean trunc = env.truncated();
        rewards[i] = reward;
        terminated[i] = term;
        truncated[i] = trunc;
        final double episodeReturn = episodeReturns[i] + reward;
        final int episodeLength = episodeLengths[i] + 1;
        if (term || trunc)
        {
            System.arraycopy(observations, offset, finalObservations, offset, obsSize);
            finalReturns[i] = episodeReturn;
            finalLengths[i] = episodeLength;
            hasFinal[i] = true;
            episodeReturns[i] = 0.0;
            episodeLengths[i] = 0;
            env.reset(observations, offset);
        }
        else
        {
            hasFinal[i] = false;
            episodeReturns[i] = episodeReturn;
            episodeLengths[i] = episodeLength;
        }
    }

    /**
     * Number of sub-environments.
     *
     * @return N.
     */
    public int numEnvs()
    {
        return numEnvs;
    }

    /**
     * Floats per sub-environment observation.
     *
     * @return the flat observation size.
     */
    public int observationSize()
    {
        return obsSize;
    }

    /**
     * Action elements per sub-environment: 1 for discrete, the box's flat size for continuous.
     *
     * @return the action size.
     */
    public int actionSize()
    {
        return actionSize;
    }

    /**
     * Whether actions are discrete ({@link #step(int[])}) rather than continuous.
     *
     * @return true for discrete.
     */
    public boolean isDiscrete()
    {
        return discrete;
    }

    /**
     * The observation space of one sub-environment.
     *
     * @return the space.
     */
    public Space singleObservationSpace()
    {
        return singleObservationSpace;
    }

    /**
     * The action space of one sub-environment.
     *
     * @return the space.
     */
    public Space singleActionSpace()
    {
        return singleActionSpace;
    }

    /**
     * Sub-environment {@code i}, for inspection. Stepping it directly bypasses the bookkeeping.
     *
     * @param i index in {@code [0, N)}.
     * @return the sub-environment.
     */
    public Env env(final int i)
    {
        return envs[i];
    }

    /**
     * The observation buffer, {@code N * observationSize()} floats; owned by this object, rewritten
     * by every step and reset.
     *
     * @return the live buffer.
     */
    public float[] observations()
    {
        return observations;
    }

    /**
     * Rewards of the last step.
     *
     * @return the live array of N rewards.
     */
    public double[] rewards()
    {
        return rewards;
    }

    /**
     * Terminated flags of the last step (of the episode that ended, for auto-reset sub-environments).
     *
     * @return the live array of N flags.
     */
    public boolean[] terminated()
    {
        return terminated;
    }

    /**
     * Truncated flags of the last step (of the episode that ended, for auto-reset sub-environments).
     *
     * @return the live array of N flags.
     */
    public boolean[] truncated()
    {
        return truncated;
    }

    /**
     * Whether sub-environment {@code i} finished an episode in the last step (and was reset).
     *
     * @param i index in {@code [0, N)}.
     * @return true when its final observation, return and length are valid.
     */
    public boolean hasFinal(final int i)
    {
        return hasFinal[i];
    }

    /**
     * Final observations of the episodes that ended in the last step, laid out as
     * {@link #observations()}; slot {@code i} is valid only when {@link #hasFinal(int)}.
     *
     * @return the live buffer.
     */
    public float[] finalObservations()
    {
        return finalObservations;
    }

    /**
     * Copies the final observation of sub-environment {@code i}.
     *
     * @param i      index, with {@link #hasFinal(int)} true.
     * @param out    destination.
     * @param offset first index written.
     * @throws IllegalStateException if sub-environment {@code i} did not finish an episode in the last step.
     */
    public void finalObservation(final int i, final float[] out, final int offset)
    {
        if (!hasFinal[i])
        {
            throw new IllegalStateException("sub-environment " + i + " did not finish an episode in the last step");
        }
        System.arraycopy(finalObservations, i * obsSize, out, offset, obsSize);
    }

    /**
     * Return of the episode sub-environment {@code i} finished in the last step.
     *
     * @param i index, with {@link #hasFinal(int)} true.
     * @return the sum of its rewards.
     */
    public double finalReturn(final int i)
    {
        return finalReturns[i];
    }

    /**
     * Length of the episode sub-environment {@code i} finished in the last step.
     *
     * @param i index, with {@link #hasFinal(int)} true.
     * @return its number of steps.
     */
    public int finalLength(final int i)
    {
        return finalLengths[i];
    }

    /**
     * Return so far of the episode running in sub-environment {@code i}.
     *
     * @param i index.
     * @return the sum of its rewards so far (0 right after a reset).
     */
    public double episodeReturn(final int i)
    {
        return episodeReturns[i];
    }

    /**
     * Length so far of the episode running in sub-environment {@code i}.
     *
     * @param i index.
     * @return its steps so far (0 right after a reset).
     */
    public int episodeLength(final int i)
    {
        return episodeLengths[i];
    }

    /** Closes every sub-environment. */
    @Override
    public void close()
    {
        for (final Env env : envs)
        {
            env.close();
        }
    }
}
