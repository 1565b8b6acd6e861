package io.surge.agent;

import io.surge.checkpoint.CheckpointStore;
import io.surge.metrics.EventLog;
import io.surge.nn.Network;
import io.surge.nn.io.Checkpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps the weights of the best evaluation in {@code checkpoints/best/}: {@code learner.ckpt}
 * (the evaluated parameters, no optimizer state) and {@code state.properties} (the mean, the
 * parameter version, the learner's updates and env steps then). Greedy policies can get worse
 * after their best evaluation; {@code surge eval RUN_DIR --best} plays the ones that scored it.
 *
 * <p>Threading: called on the evaluator's thread (or the control thread for the end-of-run
 * evaluation, after the roles stopped). Allocates when it writes, once per new best.
 */
public final class BestWeights implements Evaluator.BestListener
{
    private final CheckpointStore store;
    private final Network network;
    private final String algo;
    private final LongSupplier updates;
    private final LongSupplier envSteps;
    private final EventLog events;

    /**
     * Saves into a run's checkpoint store.
     *
     * @param store    the run's checkpoints.
     * @param network  the network the parameters belong to.
     * @param algo     the algorithm's name, written into the weights' metadata.
     * @param updates  reads the learner's update count.
     * @param envSteps reads the run's env steps.
     * @param events   the run's event log.
     */
    public BestWeights(
        final CheckpointStore store,
        final Network network,
        final String algo,
        final LongSupplier updates,
        final LongSupplier envSteps,
        final EventLog events)
    {
        this.store = store;
        this.network = network;
        this.algo = algo;
        this.updates = updates;
        this.envSteps = envSteps;
        this.events = events;
    }

    @Override
    public void onNewBest(final double mean, final long version, final float[] parameters)
    {
        final String meanText = String.format(Locale.ROOT, "%.4f", mean);
        try
        {
            final java.nio.file.Path tmp = store.beginBest();
            Checkpoints.save(tmp.resolve("learner.ckpt"), network, parameters, null,
                Map.of("algo", algo, "eval_return_mean", meanText, "parameter_version", Long.toString(version)));
            store.commitBest(tmp, Map.of(
                "eval_return_mean", meanText,
                "parameter_version", Long.toString(version),
                "updates", Long.toString(updates.getAsLong()),
                "env_steps", Long.toString(envSteps.getAsLong())));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("saving the weights of the best evaluation (" + meanText + ") failed", ex);
        }
        events.event("best", "evaluation mean " + meanText + " with parameter version " + version + " saved in checkpoints/" +
            CheckpointStore.BEST);
    }
}
