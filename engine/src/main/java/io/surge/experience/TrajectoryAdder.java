package io.surge.experience;

import org.agrona.MutableDirectBuffer;

/**
 * Cuts the steps of a vector of environments into IMPALA's fixed-length unrolls
 * ({@link TrajectoryDescriptor}): every T steps of a sub-environment make one record, with the
 * behaviour policy's log-probabilities, the recurrent state before the unroll and the policy version
 * of its first step (the learner measures policy lag from it).
 *
 * <p>Unrolls run across episode ends: the step that ends an episode gets discount 0 and the
 * observation slot after it is overwritten by the next {@link #begin} with the new episode's first
 * observation. A truncated episode is therefore treated like a terminated one by V-trace (no
 * bootstrap from the truncated state), as in scalable_agent; the step is flagged
 * {@link TrajectoryDescriptor#STEP_TRUNCATED} so a learner can tell.
 *
 * <p>Each step of one environment writes at most one record.
 *
 * <p>Threading: one actor thread. Memory: per-environment buffers preallocated; a step allocates
 * nothing.
 */
public final class TrajectoryAdder
{
    private final TrajectoryDescriptor descriptor;
    private final int envCount;
    private final float gamma;
    private final int firstStreamId;
    private final int unroll;
    private final int observationSize;
    private final int actionWidth;
    private final int stateSize;

    private final float[] obs;
    private final int[] actions;
    private final float[] continuousActions;
    private final float[] rewards;
    private final float[] discounts;
    private final float[] logProbs;
    private final byte[] stepFlags;
    private final float[] states;
    private final long[] versions;
    private final int[] count;
    private final boolean[] running;
    private final boolean[] firstPending;

    /**
     * An adder for a vector of environments.
     *
     * @param descriptor    the unroll layout.
     * @param envCount      sub-environments.
     * @param gamma         discount γ written for steps that do not end an episode.
     * @param firstStreamId stream id of sub-environment 0.
     */
    public TrajectoryAdder(final TrajectoryDescriptor descriptor, final int envCount, final double gamma, final int firstStreamId)
    {
        if (envCount < 1 || !(gamma >= 0.0 && gamma <= 1.0) || firstStreamId < 0 ||
            (long)firstStreamId + envCount - 1 > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("envCount >= 1, gamma in [0, 1] and non-negative int stream ids needed");
        }
        this.descriptor = descriptor;
        this.envCount = envCount;
        this.gamma = (float)gamma;
        this.firstStreamId = firstStreamId;
        this.unroll = descriptor.unrollLength();
        this.observationSize = descriptor.observationSize();
        this.actionWidth = Math.max(1, descriptor.actionSize());
        this.stateSize = descriptor.stateSize();
        obs = new float[envCount * (unroll + 1) * observationSize];
        actions = new int[descriptor.discrete() ? envCount * unroll : 0];
        continuousActions = new float[descriptor.discrete() ? 0 : envCount * unroll * actionWidth];
        rewards = new float[envCount * unroll];
        discounts = new float[envCount * unroll];
        logProbs = new float[envCount * unroll];
        stepFlags = new byte[envCount * unroll];
        states = new float[envCount * stateSize];
        versions = new long[envCount];
        count = new int[envCount];
        running = new boolean[envCount];
        firstPending = new boolean[envCount];
    }

    /**
     * The unroll layout.
     *
     * @return the descriptor.
     */
    public TrajectoryDescriptor descriptor()
    {
        return descriptor;
    }

    /**
     * Starts an episode of one environment (at the start, and after every step that ended one).
     *
     * @param env       the sub-environment.
     * @param first     the first observation's buffer.
     * @param obsOffset index of its first float.
     */
    public void begin(final int env, final float[] first, final int obsOffset)
    {
        checkEnv(env);
        System.arraycopy(first, obsOffset, obs, (env * (unroll + 1) + count[env]) * observationSize, observationSize);
        running[env] = true;
        firstPending[env] = true;
    }

    /**
     * Adds one step with a discrete action.
     *
     * @param env           the sub-environment.
     * @param state         the recurrent state the actor acted from.
     * @param stateOffset   index of its first float.
     * @param action        a_t.
     * @param logProb       log μ(a_t | s_t) under the behaviour policy.
     * @param policyVersion version of the parameters that chose a_t.
     * @param reward        r_t.
     * @param terminated    the episode reached a terminal state.
     * @param truncated     the episode was cut.
     * @param nextObs       s_{t+1}.
     * @param nextObsOffset index of its first float.
     * @param out           where records go.
     * @return records written (0 or 1).
     */
    public int step(final int env, final float[] state, final int stateOffset, final int action, final float logProb,
        final long policyVersion, final float reward, final boolean terminated, final boolean truncated, final float[] nextObs,
        final int nextObsOffset, final RecordBatch out)
    {
        if (!descriptor.discrete())
        {
            throw new IllegalStateException("this adder's actions are continuous");
        }
        final int j = push(env, state, stateOffset, logProb, policyVersion, reward, terminated, truncated);
        actions[env * unroll + j] = action;
        return advance(env, nextObs, nextObsOffset, out);
    }

    /**
     * Adds one step with a continuous action.
     *
     * @param env           the sub-environment.
     * @param state         the recurrent state the actor acted from.
     * @param stateOffset   index of its first float.
     * @param action        a_t's buffer.
     * @param actionOffset  index of its first float.
     * @param logProb       log μ(a_t | s_t).
     * @param policyVersion version of the parameters that chose a_t.
     * @param reward        r_t.
     * @param terminated    the episode reached a terminal state.
     * @param truncated     the episode was cut.
     * @param nextObs       s_{t+1}.
     * @param nextObsOffset index of its first float.
     * @param out           where records go.
     * @return records written (0 or 1).
     */
    public int step(final int env, final float[] state, final int stateOffset, final float[] action, final int actionOffset,
        final float logProb, final long policyVersion, final float reward, final boolean terminated, final boolean truncated,
        final float[] nextObs, final int nextObsOffset, final RecordBatch out)
    {
        if (descriptor.discrete())
        {
            throw new IllegalStateException("this adder's actions are discrete");
        }
        final int j = push(env, state, stateOffset, logProb, policyVersion, reward, terminated, truncated);
        System.arraycopy(action, actionOffset, continuousActions, (env * unroll + j) * actionWidth, actionWidth);
        return advance(env, nextObs, nextObsOffset, out);
    }

    private int push(final int env, final float[] state, final int stateOffset, final float logProb, final long policyVersion,
        final float reward, final boolean terminated, final boolean truncated)
    {
        checkEnv(env);
        if (!running[env])
        {
            throw new IllegalStateException("env " + env + " has no running episode: call begin() first");
        }
        final int j = count[env];
        if (j == 0)
        {
            System.arraycopy(state, stateOffset, states, env * stateSize, stateSize);
            versions[env] = policyVersion;
        }
        final int i = env * unroll + j;
        rewards[i] = reward;
        discounts[i] = terminated || truncated ? 0.0f : gamma;
        logProbs[i] = logProb;
        byte flags = firstPending[env] ? TrajectoryDescriptor.STEP_FIRST : 0;
        if (terminated)
        {
            flags |= TrajectoryDescriptor.STEP_TERMINATED;
        }
        else if (truncated)
        {
            flags |= TrajectoryDescriptor.STEP_TRUNCATED;
        }
        stepFlags[i] = flags;
        firstPending[env] = false;
        if (terminated || truncated)
        {
            running[env] = false;
        }
        return j;
    }

    private int advance(final int env, final float[] nextObs, final int nextObsOffset, final RecordBatch out)
    {
        final int j = count[env] + 1;
        final int obsBase = env * (unroll + 1);
        System.arraycopy(nextObs, nextObsOffset, obs, (obsBase + j) * observationSize, observationSize);
        if (j < unroll)
        {
            count[env] = j;
            return 0;
        }
        emit(env, out);
        // the next unroll starts from the observation this one ends with
        System.arraycopy(obs, (obsBase + unroll) * observationSize, obs, obsBase * observationSize, observationSize);
        count[env] = 0;
        return 1;
    }

    private void emit(final int env, final RecordBatch out)
    {
        final int at = out.claim();
        if (at < 0)
        {
            throw new IllegalStateException("record batch is full: keep remaining() >= 1 per environment step");
        }
        final MutableDirectBuffer buffer = out.buffer();
        buffer.setMemory(at, descriptor.recordLength(), (byte)0);
        buffer.putInt(at + TrajectoryDescriptor.STREAM_ID_OFFSET, firstStreamId + env);
        buffer.putShort(at + TrajectoryDescriptor.LENGTH_OFFSET, (short)unroll);
        buffer.putLong(at + TrajectoryDescriptor.POLICY_VERSION_OFFSET, versions[env]);
        for (int i = 0; i < stateSize; i++)
        {
            buffer.putFloat(at + TrajectoryDescriptor.STATE_OFFSET + 4 * i, states[env * stateSize + i]);
        }
        final int obsBase = env * (unroll + 1) * observationSize;
        final int obsAt = at + descriptor.observationsOffset();
        for (int i = 0; i < (unroll + 1) * observationSize; i++)
        {
            buffer.putFloat(obsAt + 4 * i, obs[obsBase + i]);
        }
        for (int j = 0; j < unroll; j++)
        {
            final int i = env * unroll + j;
            if (descriptor.discrete())
            {
                buffer.putInt(at + descriptor.actionsOffset() + 4 * j, actions[i]);
            }
            else
            {
                for (int a = 0; a < actionWidth; a++)
                {
                    buffer.putFloat(at + descriptor.actionsOffset() + 4 * (j * actionWidth + a), continuousActions[i * actionWidth + a]);
                }
            }
            buffer.putFloat(at + descriptor.rewardsOffset() + 4 * j, rewards[i]);
            buffer.putFloat(at + descriptor.discountsOffset() + 4 * j, discounts[i]);
            buffer.putFloat(at + descriptor.logProbsOffset() + 4 * j, logProbs[i]);
            buffer.putByte(at + descriptor.stepFlagsOffset() + j, stepFlags[i]);
        }
    }

    private void checkEnv(final int env)
    {
        if (env < 0 || env >= envCount)
        {
            throw new IndexOutOfBoundsException("env " + env + " outside [0, " + envCount + ")");
        }
    }
}
