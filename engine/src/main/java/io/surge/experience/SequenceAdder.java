package io.surge.experience;

import org.agrona.MutableDirectBuffer;

/**
 * Cuts the steps of a vector of environments into R2D2 sequences ({@link SequenceDescriptor}):
 * a sequence of L steps starts every {@code period} steps of an episode (so consecutive sequences
 * overlap by {@code L - period} steps; R2D2 uses L = 80 and period 40), and carries the recurrent
 * state the actor had before its first step.
 *
 * <ul>
 *   <li>A sequence is written as soon as its L steps and the observation after them are known.</li>
 *   <li>Sequences never cross an episode end: when an episode ends, the oldest sequence still open
 *   is written with its valid steps and padding (the later open ones hold no step it does not
 *   hold), unless a sequence ended exactly there.</li>
 *   <li>Discounts are γ, or 0 at a terminal step; after a truncation the observation following the
 *   last valid step is the truncated state, so the learner can bootstrap from it.</li>
 * </ul>
 *
 * <p>Initial priority: if the actor gives {@link #values(int, double, double)} before each step,
 * the one-step errors {@code |r_t + d_t V(s_{t+1}) - Q(s_t, a_t)|} are mixed as
 * {@code η max + (1 - η) mean} over the sequence's valid steps ({@link #mixedPriority}); otherwise
 * the record asks for the max priority (-1).
 *
 * <p>Each step of one environment writes at most one record.
 *
 * <p>Threading: one actor thread. Memory: rings preallocated; a step allocates nothing.
 */
public final class SequenceAdder
{
    private final SequenceDescriptor descriptor;
    private final int envCount;
    private final int period;
    private final double gamma;
    private final double eta;
    private final int firstStreamId;
    private final int length;
    private final int observationSize;
    private final int actionWidth;
    private final int stateSize;
    private final int stateSlots;

    private final float[] obsRing;
    private final int[] actionRing;
    private final float[] continuousActionRing;
    private final float[] rewardRing;
    private final float[] discountRing;
    private final double[] errorRing;
    private final float[] stateRing;
    private final int[] steps;
    private final boolean[] running;
    private final double[] pendingQ;
    private final double[] pendingNextValue;

    /**
     * An adder for a vector of environments.
     *
     * @param descriptor    the sequence layout.
     * @param envCount      sub-environments.
     * @param period        steps between sequence starts, in {@code [1, L]}.
     * @param gamma         discount γ.
     * @param eta           η of the priority mixture (R2D2: 0.9).
     * @param firstStreamId stream id of sub-environment 0.
     */
    public SequenceAdder(final SequenceDescriptor descriptor, final int envCount, final int period, final double gamma,
        final double eta, final int firstStreamId)
    {
        if (envCount < 1)
        {
            throw new IllegalArgumentException("envCount must be >= 1, got " + envCount);
        }
        if (period < 1 || period > descriptor.length())
        {
            throw new IllegalArgumentException("period must be in [1, L = " + descriptor.length() + "], got " + period);
        }
        if (!(gamma >= 0.0 && gamma <= 1.0) || !(eta >= 0.0 && eta <= 1.0))
        {
            throw new IllegalArgumentException("gamma and eta must be in [0, 1], got " + gamma + ", " + eta);
        }
        if (firstStreamId < 0 || (long)firstStreamId + envCount - 1 > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("stream ids must be non-negative ints");
        }
        this.descriptor = descriptor;
        this.envCount = envCount;
        this.period = period;
        this.gamma = gamma;
        this.eta = eta;
        this.firstStreamId = firstStreamId;
        this.length = descriptor.length();
        this.observationSize = descriptor.observationSize();
        this.actionWidth = Math.max(1, descriptor.actionSize());
        this.stateSize = descriptor.stateSize();
        this.stateSlots = (length + period - 1) / period + 1;
        obsRing = new float[envCount * (length + 1) * observationSize];
        actionRing = new int[descriptor.discrete() ? envCount * length : 0];
        continuousActionRing = new float[descriptor.discrete() ? 0 : envCount * length * actionWidth];
        rewardRing = new float[envCount * length];
        discountRing = new float[envCount * length];
        errorRing = new double[envCount * length];
        stateRing = new float[envCount * stateSlots * stateSize];
        steps = new int[envCount];
        running = new boolean[envCount];
        pendingQ = new double[envCount];
        pendingNextValue = new double[envCount];
        java.util.Arrays.fill(pendingQ, Double.NaN);
        java.util.Arrays.fill(pendingNextValue, Double.NaN);
    }

    /**
     * η max + (1 - η) mean of the absolute values of {@code count} errors (R2D2's sequence
     * priority).
     *
     * @param errors the TD errors.
     * @param offset index of the first.
     * @param count  how many, at least 1.
     * @param eta    η.
     * @return the mixture.
     */
    public static double mixedPriority(final float[] errors, final int offset, final int count, final double eta)
    {
        double max = 0.0;
        double sum = 0.0;
        for (int i = offset; i < offset + count; i++)
        {
            final double e = Math.abs(errors[i]);
            max = Math.max(max, e);
            sum += e;
        }
        return eta * max + (1.0 - eta) * (sum / count);
    }

    /**
     * The sequence layout.
     *
     * @return the descriptor.
     */
    public SequenceDescriptor descriptor()
    {
        return descriptor;
    }

    /**
     * Starts an episode of one environment.
     *
     * @param env       the sub-environment.
     * @param obs       the first observation's buffer.
     * @param obsOffset index of its first float.
     */
    public void begin(final int env, final float[] obs, final int obsOffset)
    {
        checkEnv(env);
        steps[env] = 0;
        running[env] = true;
        System.arraycopy(obs, obsOffset, obsRing, (env * (length + 1)) * observationSize, observationSize);
        pendingQ[env] = Double.NaN;
        pendingNextValue[env] = Double.NaN;
    }

    /**
     * Gives the values the next step of {@code env} uses for its one-step error.
     *
     * @param env       the sub-environment.
     * @param qTaken    {@code Q(s_t, a_t)}.
     * @param nextValue {@code max_a Q(s_{t+1}, a)} (ignored if the step terminates).
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
     * @param state         the recurrent state the actor acted from (before this step).
     * @param stateOffset   index of its first float.
     * @param action        a_t.
     * @param reward        r_t.
     * @param terminated    the episode reached a terminal state.
     * @param truncated     the episode was cut.
     * @param nextObs       s_{t+1} (the final observation at an episode end).
     * @param nextObsOffset index of its first float.
     * @param out           where records go.
     * @return records written (0 or 1).
     */
    public int step(final int env, final float[] state, final int stateOffset, final int action, final float reward,
        final boolean terminated, final boolean truncated, final float[] nextObs, final int nextObsOffset, final RecordBatch out)
    {
        if (!descriptor.discrete())
        {
            throw new IllegalStateException("this adder's actions are continuous");
        }
        final int at = push(env, state, stateOffset, reward, terminated);
        actionRing[env * length + at] = action;
        return advance(env, terminated, truncated, nextObs, nextObsOffset, out);
    }

    /**
     * Adds one step with a continuous action.
     *
     * @param env           the sub-environment.
     * @param state         the recurrent state the actor acted from.
     * @param stateOffset   index of its first float.
     * @param action        a_t's buffer.
     * @param actionOffset  index of its first float.
     * @param reward        r_t.
     * @param terminated    the episode reached a terminal state.
     * @param truncated     the episode was cut.
     * @param nextObs       s_{t+1}.
     * @param nextObsOffset index of its first float.
     * @param out           where records go.
     * @return records written (0 or 1).
     */
    public int step(final int env, final float[] state, final int stateOffset, final float[] action, final int actionOffset,
        final float reward, final boolean terminated, final boolean truncated, final float[] nextObs, final int nextObsOffset,
        final RecordBatch out)
    {
        if (descriptor.discrete())
        {
            throw new IllegalStateException("this adder's actions are discrete");
        }
        final int at = push(env, state, stateOffset, reward, terminated);
        System.arraycopy(action, actionOffset, continuousActionRing, (env * length + at) * actionWidth, actionWidth);
        return advance(env, terminated, truncated, nextObs, nextObsOffset, out);
    }

    private int push(final int env, final float[] state, final int stateOffset, final float reward, final boolean terminated)
    {
        checkEnv(env);
        if (!running[env])
        {
            throw new IllegalStateException("env " + env + " has no running episode: call begin() first");
        }
        final int t = steps[env];
        if (t % period == 0 && stateSize > 0)
        {
            System.arraycopy(state, stateOffset, stateRing, (env * stateSlots + (t / period) % stateSlots) * stateSize, stateSize);
        }
        final int at = t % length;
        final int i = env * length + at;
        final float discount = terminated ? 0.0f : (float)gamma;
        rewardRing[i] = reward;
        discountRing[i] = discount;
        errorRing[i] = Math.abs(reward + (terminated ? 0.0 : gamma * pendingNextValue[env]) - pendingQ[env]);
        pendingQ[env] = Double.NaN;
        pendingNextValue[env] = Double.NaN;
        return at;
    }

    private int advance(final int env, final boolean terminated, final boolean truncated, final float[] nextObs,
        final int nextObsOffset, final RecordBatch out)
    {
        final int t = steps[env];
        final int end = t + 1;
        steps[env] = end;
        System.arraycopy(nextObs, nextObsOffset, obsRing, (env * (length + 1) + end % (length + 1)) * observationSize,
            observationSize);
        final boolean episodeEnds = terminated || truncated;
        final int endFlags = terminated ? SequenceDescriptor.FLAG_TERMINATED :
            truncated ? SequenceDescriptor.FLAG_TRUNCATED : 0;
        int written = 0;
        final int completedStart = end - length;
        final boolean completed = completedStart >= 0 && completedStart % period == 0;
        if (completed)
        {
            emit(env, completedStart, length, endFlags, out);
            written++;
        }
        if (episodeEnds)
        {
            if (!completed)
            {
                // the oldest sequence still open: the first start after end - L
                final int earliest = Math.max(0, end - length + 1);
                final int start = (earliest + period - 1) / period * period;
                if (start <= t)
                {
                    emit(env, start, end - start, endFlags, out);
                    written++;
                }
            }
            running[env] = false;
        }
        return written;
    }

    private void emit(final int env, final int start, final int valid, final int endFlags, final RecordBatch out)
    {
        final int at = out.claim();
        if (at < 0)
        {
            throw new IllegalStateException("record batch is full: keep remaining() >= 1 per environment step");
        }
        final MutableDirectBuffer buffer = out.buffer();
        buffer.setMemory(at, descriptor.recordLength(), (byte)0);
        int flags = start == 0 ? SequenceDescriptor.FLAG_EPISODE_START : 0;
        flags |= endFlags;
        double max = 0.0;
        double sum = 0.0;
        boolean known = true;
        for (int j = 0; j < valid; j++)
        {
            final double e = errorRing[env * length + (start + j) % length];
            known &= !Double.isNaN(e);
            max = Math.max(max, e);
            sum += e;
        }
        final double priority = eta * max + (1.0 - eta) * (sum / valid);
        buffer.putInt(at + SequenceDescriptor.STREAM_ID_OFFSET, firstStreamId + env);
        buffer.putShort(at + SequenceDescriptor.FLAGS_OFFSET, (short)flags);
        buffer.putShort(at + SequenceDescriptor.VALID_STEPS_OFFSET, (short)valid);
        buffer.putFloat(at + SequenceDescriptor.PRIORITY_OFFSET, known ? (float)priority : -1.0f);
        buffer.putInt(at + SequenceDescriptor.START_STEP_OFFSET, start);
        final int stateBase = (env * stateSlots + (start / period) % stateSlots) * stateSize;
        for (int i = 0; i < stateSize; i++)
        {
            buffer.putFloat(at + SequenceDescriptor.STATE_OFFSET + 4 * i, stateRing[stateBase + i]);
        }
        final int obsAt = at + descriptor.observationsOffset();
        for (int j = 0; j <= valid; j++)
        {
            final int source = (env * (length + 1) + (start + j) % (length + 1)) * observationSize;
            final int target = obsAt + 4 * j * observationSize;
            for (int i = 0; i < observationSize; i++)
            {
                buffer.putFloat(target + 4 * i, obsRing[source + i]);
            }
        }
        final int actionsAt = at + descriptor.actionsOffset();
        final int rewardsAt = at + descriptor.rewardsOffset();
        final int discountsAt = at + descriptor.discountsOffset();
        for (int j = 0; j < valid; j++)
        {
            final int i = env * length + (start + j) % length;
            if (descriptor.discrete())
            {
                buffer.putInt(actionsAt + 4 * j, actionRing[i]);
            }
            else
            {
                for (int a = 0; a < actionWidth; a++)
                {
                    buffer.putFloat(actionsAt + 4 * (j * actionWidth + a), continuousActionRing[i * actionWidth + a]);
                }
            }
            buffer.putFloat(rewardsAt + 4 * j, rewardRing[i]);
            buffer.putFloat(discountsAt + 4 * j, discountRing[i]);
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
