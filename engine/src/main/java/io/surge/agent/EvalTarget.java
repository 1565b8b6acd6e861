package io.surge.agent;

import io.surge.metrics.EventLog;

import java.util.List;
import java.util.Locale;

/**
 * The run's {@code eval.target_return}: notices the first evaluation whose mean reaches it, logs
 * the time and env steps it took, and writes the evaluation lines of the end-of-run summary.
 * Algorithms with an {@link Evaluator} share it so that every one stops and reports the same way.
 *
 * <p>Threading: the control thread ({@link Algorithm#done()} and {@link Algorithm#summary()}).
 */
public final class EvalTarget
{
    private final Double target;
    private final long startNs;
    private final boolean bestSaved;
    private double reachedS = Double.NaN;
    private long reachedSteps = -1;

    /**
     * A target for a run that started at {@code startNs}.
     *
     * @param target    the mean return to reach, or null for none.
     * @param startNs   {@link System#nanoTime()} at the start of the run.
     * @param bestSaved whether the best evaluation's weights are kept ({@link BestWeights}).
     */
    public EvalTarget(final Double target, final long startNs, final boolean bestSaved)
    {
        this.target = target;
        this.startNs = startNs;
        this.bestSaved = bestSaved;
    }

    /**
     * Checks the evaluator's best mean against the target; the first time it is reached the time
     * and env steps are kept and an event is logged.
     *
     * @param evaluator the evaluator, or null when this process has none.
     * @param envSteps  env steps so far.
     * @param events    the run's event log.
     * @return true once the target has been reached.
     */
    public boolean check(final Evaluator evaluator, final long envSteps, final EventLog events)
    {
        if (target != null && evaluator != null && Double.isNaN(reachedS) && evaluator.bestMean() >= target)
        {
            reachedS = (System.nanoTime() - startNs) / 1e9;
            reachedSteps = envSteps;
            events.event("target", String.format(Locale.ROOT, "evaluation mean %.2f >= %.2f after %.2f s and %d env steps",
                evaluator.bestMean(), target, reachedS, reachedSteps));
        }
        return !Double.isNaN(reachedS);
    }

    /**
     * Adds the evaluation line (last and best means) and, with a target, whether and when it was
     * reached.
     *
     * @param evaluator the evaluator.
     * @param lines     the summary lines.
     */
    public void summarize(final Evaluator evaluator, final List<String> lines)
    {
        lines.add(String.format(Locale.ROOT, "  evaluation: last %s (%d episodes, std %.2f, min %.1f)  best %s%s",
            format(evaluator.lastMean()), evaluator.episodes(), evaluator.lastStd(), evaluator.lastMin(),
            format(evaluator.bestMean()), bestSaved && !Double.isNaN(evaluator.bestMean()) ?
                " (its weights: checkpoints/best)" : ""));
        if (target != null)
        {
            lines.add(Double.isNaN(reachedS) ?
                String.format(Locale.ROOT, "  target %.2f not reached", target) :
                String.format(Locale.ROOT, "  target %.2f reached after %.2f s and %,d env steps", target, reachedS,
                    reachedSteps));
        }
    }

    private static String format(final double v)
    {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
