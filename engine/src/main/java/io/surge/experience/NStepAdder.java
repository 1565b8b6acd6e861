package io.surge.experience;

/**
 * Turns the steps of a vector of environments into n-step transitions (Ape-X, R2D2's and
 * Rainbow's n-step targets), written as {@link TransitionDescriptor} records into a
 * {@link RecordBatch}.
 *
 * <p>For a transition starting at {@code s_t} with {@code k} reward steps:
 * <pre>
 *   G_t = r_t + γ r_{t+1} + ... + γ^(k-1) r_{t+k-1}          (computed in double, stored as float32)
 *   bootstrap discount = γ^k, bootstrap state s_{t+k}
 *   target = G_t + γ^k · max_a Q(s_{t+k}, a)               (the learner's; 0 · ... after a termination)
 * </pre>
 * <ul>
 *   <li>While the episode goes on, a transition is written once {@code s_{t+n}} is observed, with
 *   {@code k = n}.</li>
 *   <li>Termination stops bootstrapping: at a terminal step every transition still waiting is
 *   written with its rewards up to the end, bootstrap discount 0 and {@code k = 0} (no bootstrap
 *   record; its next observation reads as zeros).</li>
 *   <li>Truncation (for example a time limit) bootstraps from the truncated state: every transition
 *   still waiting is written with {@code k = T - t} and discount γ^k, followed by a
 *   {@link TransitionDescriptor#FLAG_FINAL_OBSERVATION} record holding {@code s_T}. If a step is
 *   both terminated and truncated, termination wins.</li>
 * </ul>
 * Each sub-environment {@code env} of the vector is its own stream, id {@code firstStreamId + env},
 * with its own window of at most n steps; the records of one stream come out in time order, which
 * is what lets the replay find {@code s_{t+k}} in the record {@code k} places later in the stream.
 *
 * <p>Initial priorities: if the actor calls {@link #values(int, double, double)} before a step with
 * {@code Q(s_t, a_t)} and {@code V(s_{t+1}) = max_a Q(s_{t+1}, a)} from its own forward passes, each
 * transition carries {@code |G_t + γ^k V(s_{t+k}) - Q(s_t, a_t)|} as its initial |TD error| (Ape-X);
 * otherwise it carries -1 and the replay gives it the max priority.
 *
 * <p>Per step an environment writes at most {@link #maxRecordsPerStep()} records: check
 * {@link RecordBatch#remaining()} before stepping; a full batch is a programming error and throws.
 *
 * <p>Threading: one actor thread. Memory: all windows preallocated; a step allocates nothing.
 */
public final class NStepAdder
{
    private static final int RUNNING = 0;
    private static final int TERMINATED = 1;
    private static final int TRUNCATED = 2;

    private final TransitionDescriptor descriptor;
    private final TransitionRecord record;
    private final int envCount;
    private final int n;
    private final double gamma;
    private final int firstStreamId;
    private final int observationSize;
    private final int actionWidth;

    // Per env: window of up to n steps, a ring starting at start[env] with size[env] entries.
    private final float[] windowObs;
    private final int[] windowAction;
    private final float[] windowContinuousAction;
    private final float[] windowReward;
    private final double[] windowQ;
    private final double[] windowNextValue;
    private final boolean[] windowFirst;
    private final int[] start;
    private final int[] size;

    // Per env: the current observation s_t and whether an episode is running.
    private final float[] current;
    private final boolean[] running;
    private final boolean[] currentIsFirst;
    private final double[] pendingQ;
    private final double[] pendingNextValue;
    private final double[] discountPowers;

    /**
     * An adder for a vector of environments.
     *
     * @param descriptor    the record layout (observation and action sizes).
     * @param envCount      sub-environments of the vector.
     * @param n             steps of the return, at least 1.
     * @param gamma         discount γ in [0, 1].
     * @param firstStreamId stream id of sub-environment 0; ids must be unique across actors.
     */
    public NStepAdder(final TransitionDescriptor descriptor, final int envCount, final int n, final double gamma,
        final int firstStreamId)
    {
        if (envCount < 1)
        {
            throw new IllegalArgumentException("envCount must be >= 1, got " + envCount);
        }
        if (n < 1 || n > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException("n must be in [1, 32767], got " + n);
        }
        if (!(gamma >= 0.0 && gamma <= 1.0))
        {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        if (firstStreamId < 0 || (long)firstStreamId + envCount - 1 > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("stream ids [" + firstStreamId + ", " + ((long)firstStreamId + envCount) +
                ") must be non-negative ints");
        }
        this.descriptor = descriptor;
        this.record = new TransitionRecord(descriptor);
        this.envCount = envCount;
        this.n = n;
        this.gamma = gamma;
        this.firstStreamId = firstStreamId;
        this.observationSize = descriptor.observationSize();
        this.actionWidth = Math.max(1, descriptor.actionSize());
        windowObs = new float[envCount * n * observationSize];
        windowAction = new int[descriptor.discrete() ? envCount * n : 0];
        windowContinuousAction = new float[descriptor.discrete() ? 0 : envCount * n * actionWidth];
        windowReward = new float[envCount * n];
        windowQ = new double[envCount * n];
        windowNextValue = new double[envCount * n];
        windowFirst = new boolean[envCount * n];
        start = new int[envCount];
        size = new int[envCount];
        current = new float[envCount * observationSize];
        running = new boolean[envCount];
        currentIsFirst = new boolean[envCount];
        pendingQ = new double[envCount];
        pendingNextValue = new double[envCount];
        java.util.Arrays.fill(pendingQ, Double.NaN);
        java.util.Arrays.fill(pendingNextValue, Double.NaN);
        discountPowers = new double[n + 1];
        discountPowers[0] = 1.0;
        for (int k = 1; k <= n; k++)
        {
            discountPowers[k] = discountPowers[k - 1] * gamma;
        }
    }

    /**
     * The most records one environment's step can write: n transitions and a final observation.
     *
     * @return {@code n + 1}.
     */
    public int maxRecordsPerStep()
    {
        return n + 1;
    }

    /**
     * The record layout.
     *
     * @return the descriptor.
     */
    public TransitionDescriptor descriptor()
    {
        return descriptor;
    }

    /**
     * Starts an episode of one environment with its first observation. Transitions still waiting
     * from an episode that was not ended by a terminated or truncated step are dropped.
     *
     * @param env       the sub-environment.
     * @param obs       the observation's buffer.
     * @param obsOffset index of its first float.
     */
    public void begin(final int env, final float[] obs, final int obsOffset)
    {
        checkEnv(env);
        System.arraycopy(obs, obsOffset, current, env * observationSize, observationSize);
        size[env] = 0;
        start[env] = 0;
        running[env] = true;
        currentIsFirst[env] = true;
        pendingQ[env] = Double.NaN;
        pendingNextValue[env] = Double.NaN;
    }

    /**
     * Gives the values the next {@code step} of {@code env} uses for initial priorities.
     *
     * @param env       the sub-environment.
     * @param qTaken    {@code Q(s_t, a_t)} of the action about to be taken.
     * @param nextValue {@code max_a Q(s_{t+1}, a)} of the observation the step will return (ignored
     *                  if the step terminates).
     */
    public void values(final int env, final double qTaken, final double nextValue)
    {
        checkEnv(env);
        pendingQ[env] = qTaken;
        pendingNextValue[env] = nextValue;
    }

    /**
     * Adds one step with a discrete action.
     *
     * @param env           the sub-environment.
     * @param action        a_t.
     * @param reward        r_t.
     * @param terminated    the episode reached a terminal state.
     * @param truncated     the episode was cut (not terminal).
     * @param nextObs       s_{t+1}: the final observation when the episode ended.
     * @param nextObsOffset index of its first float.
     * @param out           where records go.
     * @return records written.
     */
    public int step(final int env, final int action, final float reward, final boolean terminated, final boolean truncated,
        final float[] nextObs, final int nextObsOffset, final RecordBatch out)
    {
        if (!descriptor.discrete())
        {
            throw new IllegalStateException("this adder's actions are continuous");
        }
        final int w = push(env, reward);
        windowAction[w] = action;
        return advance(env, terminated, truncated, nextObs, nextObsOffset, out);
    }

    /**
     * Adds one step with a continuous action.
     *
     * @param env           the sub-environment.
     * @param action        a_t's buffer.
     * @param actionOffset  index of its first float.
     * @param reward        r_t.
     * @param terminated    the episode reached a terminal state.
     * @param truncated     the episode was cut (not terminal).
     * @param nextObs       s_{t+1}: the final observation when the episode ended.
     * @param nextObsOffset index of its first float.
     * @param out           where records go.
     * @return records written.
     */
    public int step(final int env, final float[] action, final int actionOffset, final float reward, final boolean terminated,
        final boolean truncated, final float[] nextObs, final int nextObsOffset, final RecordBatch out)
    {
        if (descriptor.discrete())
        {
            throw new IllegalStateException("this adder's actions are discrete");
        }
        final int w = push(env, reward);
        System.arraycopy(action, actionOffset, windowContinuousAction, w * actionWidth, actionWidth);
        return advance(env, terminated, truncated, nextObs, nextObsOffset, out);
    }

    private int push(final int env, final float reward)
    {
        checkEnv(env);
        if (!running[env])
        {
            throw new IllegalStateException("env " + env + " has no running episode: call begin() first");
        }
        int index = start[env] + size[env];
        if (index >= n)
        {
            index -= n;
        }
        final int w = env * n + index;
        System.arraycopy(current, env * observationSize, windowObs, w * observationSize, observationSize);
        windowReward[w] = reward;
        windowQ[w] = pendingQ[env];
        windowNextValue[w] = pendingNextValue[env];
        windowFirst[w] = currentIsFirst[env];
        pendingQ[env] = Double.NaN;
        pendingNextValue[env] = Double.NaN;
        currentIsFirst[env] = false;
        size[env]++;
        return w;
    }

    private int advance(final int env, final boolean terminated, final boolean truncated, final float[] nextObs,
        final int nextObsOffset, final RecordBatch out)
    {
        System.arraycopy(nextObs, nextObsOffset, current, env * observationSize, observationSize);
        int written = 0;
        if (terminated)
        {
            while (size[env] > 0)
            {
                emitOldest(env, size[env], TERMINATED, out);
                written++;
            }
            running[env] = false;
        }
        else if (truncated)
        {
            while (size[env] > 0)
            {
                emitOldest(env, size[env], TRUNCATED, out);
                written++;
            }
            final int at = claim(out);
            record.wrap(out.buffer(), at).clear()
                .streamId(firstStreamId + env)
                .flags(TransitionDescriptor.FLAG_FINAL_OBSERVATION)
                .observation(current, env * observationSize);
            written++;
            running[env] = false;
        }
        else if (size[env] == n)
        {
            emitOldest(env, n, RUNNING, out);
            written++;
        }
        return written;
    }

    /**
     * Writes the oldest transition of the window with {@code k} reward steps and removes it;
     * {@code end} says whether the episode goes on, terminated or was truncated.
     */
    private void emitOldest(final int env, final int k, final int end, final RecordBatch out)
    {
        final boolean terminal = end == TERMINATED;
        final int base = env * n;
        final int first = start[env];
        // G = r_0 + γ (r_1 + γ (... + γ r_{k-1})), from the last reward back.
        double g = 0.0;
        for (int j = k - 1; j >= 0; j--)
        {
            int index = first + j;
            if (index >= n)
            {
                index -= n;
            }
            g = windowReward[base + index] + gamma * g;
        }
        final int w = base + first;
        final double bootstrapDiscount = terminal ? 0.0 : discountPowers[k];
        // V(s_{t+k}) is the next-value given with the window's last step.
        int lastIndex = first + k - 1;
        if (lastIndex >= n)
        {
            lastIndex -= n;
        }
        final double bootstrapValue = terminal ? 0.0 : windowNextValue[base + lastIndex];
        final double q = windowQ[w];
        final double tdError = Math.abs(g + bootstrapDiscount * bootstrapValue - q);
        int flags = windowFirst[w] ? TransitionDescriptor.FLAG_FIRST : 0;
        if (terminal)
        {
            flags |= TransitionDescriptor.FLAG_TERMINATED;
        }
        else if (end == TRUNCATED)
        {
            flags |= TransitionDescriptor.FLAG_TRUNCATED;
        }
        final boolean lastStepOfEpisode = terminal && k == 1;

        final int at = claim(out);
        record.wrap(out.buffer(), at).clear()
            .streamId(firstStreamId + env)
            .flags(flags)
            .bootstrapSteps(terminal ? 0 : k)
            .reward(windowReward[w])
            .discount(lastStepOfEpisode ? 0.0f : (float)gamma)
            .nStepReturn((float)g)
            .bootstrapDiscount((float)bootstrapDiscount)
            .priority(Double.isNaN(tdError) ? -1.0f : (float)tdError)
            .observation(windowObs, w * observationSize);
        if (descriptor.discrete())
        {
            record.action(windowAction[w]);
        }
        else
        {
            record.action(windowContinuousAction, w * actionWidth);
        }
        start[env] = first + 1 == n ? 0 : first + 1;
        size[env]--;
    }

    private static int claim(final RecordBatch out)
    {
        final int at = out.claim();
        if (at < 0)
        {
            throw new IllegalStateException("record batch is full: keep remaining() >= maxRecordsPerStep() per environment step");
        }
        return at;
    }

    private void checkEnv(final int env)
    {
        if (env < 0 || env >= envCount)
        {
            throw new IndexOutOfBoundsException("env " + env + " outside [0, " + envCount + ")");
        }
    }
}
