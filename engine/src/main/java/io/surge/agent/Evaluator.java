package io.surge.agent;

import io.surge.env.VectorEnv;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.RunCounters;
import io.surge.util.Rng;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.function.LongSupplier;

/**
 * The evaluator role: every {@code interval} learner updates it copies the newest parameters and
 * runs {@code episodes} greedy episodes on its own environments ({@code envs} stepped together,
 * each running {@code episodes / envs} episodes so that short episodes are not over-counted),
 * a bounded number of steps per duty cycle. Each evaluation round reseeds its environments from
 * the run's seed and the round number, so evaluations are repeatable.
 *
 * <p>Results are published for the control thread through volatile fields (mean, episodes, best).
 *
 * <p>Threading: {@link #doWork()} on the evaluator's thread; {@link #evaluateNow()} on the control
 * thread only after every role stopped; the getters from any thread.
 */
public final class Evaluator implements Agent
{
    /**
     * Told when an evaluation sets a new best mean, on the thread that ran it, with the parameters
     * that were evaluated (valid during the call only).
     */
    @FunctionalInterface
    public interface BestListener
    {
        /**
         * A new best evaluation.
         *
         * @param mean       its mean return.
         * @param version    the parameter version evaluated.
         * @param parameters the parameters evaluated (read-only, valid during the call).
         */
        void onNewBest(double mean, long version, float[] parameters);
    }

    private BestListener bestListener;
    private final VectorEnv env;
    private final EvalPolicy policy;
    private final int episodes;
    private final int episodesPerEnv;
    private final long interval;
    private final LongSupplier updates;
    private final long seed;
    private final int stepsPerCycle;
    private final AtomicCounter evalEpisodes;
    private final int[] actions;
    private final int[] finished;
    private final double[] sums;
    private final double[] sumSquares;
    private final double[] minReturn;

    private boolean running;
    private long nextAtUpdates;
    private long round;
    private long paramsVersion;

    private volatile double lastMean = Double.NaN;
    private volatile double lastStd = Double.NaN;
    private volatile double lastMin = Double.NaN;
    private volatile long lastVersion = -1;
    private volatile double bestMean = Double.NaN;
    private volatile long completed;

    /**
     * Makes the role.
     *
     * @param env           its own environments.
     * @param policy        the greedy policy.
     * @param episodes      episodes per evaluation, a multiple of {@code env.numEnvs()}.
     * @param interval      learner updates between evaluations (0: only {@link #evaluateNow()}).
     * @param updates       reads the learner's update count.
     * @param seed          seed of the evaluation environments.
     * @param stepsPerCycle vector steps per duty cycle.
     * @param counters      the run's counters, or null outside a run ({@code surge eval}).
     */
    public Evaluator(
        final VectorEnv env,
        final EvalPolicy policy,
        final int episodes,
        final long interval,
        final LongSupplier updates,
        final long seed,
        final int stepsPerCycle,
        final RunCounters counters)
    {
        if (episodes % env.numEnvs() != 0)
        {
            throw new IllegalArgumentException("eval.episodes (" + episodes + ") must be a multiple of eval.envs (" +
                env.numEnvs() + ")");
        }
        if (!env.isDiscrete())
        {
            throw new IllegalArgumentException("the evaluator supports discrete action spaces");
        }
        this.env = env;
        this.policy = policy;
        this.episodes = episodes;
        this.episodesPerEnv = episodes / env.numEnvs();
        this.interval = interval;
        this.updates = updates;
        this.seed = seed;
        this.stepsPerCycle = stepsPerCycle;
        this.evalEpisodes = counters == null ? null : counters.get(EngineCounter.EVAL_EPISODES);
        this.actions = new int[env.numEnvs()];
        this.finished = new int[env.numEnvs()];
        this.sums = new double[1];
        this.sumSquares = new double[1];
        this.minReturn = new double[1];
        this.nextAtUpdates = interval;
    }

    @Override
    public int doWork()
    {
        if (!running)
        {
            if (interval <= 0 || updates.getAsLong() < nextAtUpdates)
            {
                return 0;
            }
            start();
        }
        int work = 0;
        for (int s = 0; s < stepsPerCycle && running; s++)
        {
            step();
            work++;
        }
        return work;
    }

    private void start()
    {
        paramsVersion = policy.sync();
        env.reset(Rng.deriveSeed(seed, 0xE7A1_0000_0000L + round));
        round++;
        java.util.Arrays.fill(finished, 0);
        sums[0] = 0;
        sumSquares[0] = 0;
        minReturn[0] = Double.POSITIVE_INFINITY;
        running = true;
    }

    private void step()
    {
        final int n = env.numEnvs();
        policy.act(env.observations(), n, actions);
        env.step(actions);
        int doneEnvs = 0;
        for (int i = 0; i < n; i++)
        {
            if (env.hasFinal(i) && finished[i] < episodesPerEnv)
            {
                final double ret = env.finalReturn(i);
                sums[0] += ret;
                sumSquares[0] += ret * ret;
                minReturn[0] = Math.min(minReturn[0], ret);
                finished[i]++;
            }
            if (finished[i] >= episodesPerEnv)
            {
                doneEnvs++;
            }
        }
        if (doneEnvs == n)
        {
            finish();
        }
    }

    private void finish()
    {
        final double mean = sums[0] / episodes;
        final double variance = Math.max(0, sumSquares[0] / episodes - mean * mean);
        lastStd = Math.sqrt(variance);
        lastMin = minReturn[0];
        lastVersion = paramsVersion;
        if (Double.isNaN(bestMean) || mean > bestMean)
        {
            bestMean = mean;
            if (bestListener != null)
            {
                bestListener.onNewBest(mean, paramsVersion, policy.parameters());
            }
        }
        lastMean = mean;
        if (evalEpisodes != null)
        {
            evalEpisodes.getAndAddRelease(episodes);
        }
        completed = completed + 1;
        running = false;
        while (interval > 0 && nextAtUpdates <= updates.getAsLong())
        {
            nextAtUpdates += interval;
        }
    }

    /**
     * Sets who is told of each new best evaluation (for example to save its weights).
     *
     * @param listener the listener, or null for none.
     * @return this.
     */
    public Evaluator onNewBest(final BestListener listener)
    {
        this.bestListener = listener;
        return this;
    }

    /**
     * Runs one whole evaluation now, on the calling thread (after every role stopped).
     *
     * @return the mean return.
     */
    public double evaluateNow()
    {
        start();
        while (running)
        {
            step();
        }
        return lastMean;
    }

    /**
     * Mean return of the last finished evaluation, NaN before the first.
     *
     * @return the mean.
     */
    public double lastMean()
    {
        return lastMean;
    }

    /**
     * Standard deviation of the returns of the last evaluation.
     *
     * @return the standard deviation.
     */
    public double lastStd()
    {
        return lastStd;
    }

    /**
     * Lowest return of the last evaluation.
     *
     * @return the minimum.
     */
    public double lastMin()
    {
        return lastMin;
    }

    /**
     * Parameter version the last evaluation ran.
     *
     * @return the version, -1 before the first.
     */
    public long lastVersion()
    {
        return lastVersion;
    }

    /**
     * Best evaluation mean so far.
     *
     * @return the best mean, NaN before the first.
     */
    public double bestMean()
    {
        return bestMean;
    }

    /**
     * Evaluations finished.
     *
     * @return the count.
     */
    public long completed()
    {
        return completed;
    }

    /**
     * Episodes per evaluation.
     *
     * @return the count.
     */
    public int episodes()
    {
        return episodes;
    }

    @Override
    public void onClose()
    {
        env.close();
    }

    @Override
    public String roleName()
    {
        return "evaluator";
    }
}
