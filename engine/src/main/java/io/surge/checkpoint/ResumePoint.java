package io.surge.checkpoint;

import io.surge.nn.Network;
import io.surge.nn.Optimizer;
import io.surge.nn.io.Checkpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a learner starts: from scratch, or from a checkpoint of an earlier run being resumed. A
 * resumed learner continues the checkpoint's update count (so schedules go on from it) and its
 * parameter version, and counts one more resume; its weights (and optimizer state) come from the
 * checkpoint's files through {@link #load}.
 *
 * @param checkpoint       the checkpoint's folder, or null for a fresh start.
 * @param updates          updates made before (0 when fresh).
 * @param parameterVersion parameter version published before (0 when fresh).
 * @param resumes          how many times this run has been resumed (0 when fresh), saved in its own checkpoints.
 * @param state            the checkpoint's whole {@code state.properties} (empty when fresh), for what an
 *                         algorithm saved of its own (RNG states, the rate limiter).
 */
public record ResumePoint(Path checkpoint, long updates, long parameterVersion, int resumes, Map<String, String> state)
{
    /**
     * The start a run's resume checkpoint gives.
     *
     * @param checkpoint the checkpoint to resume from, or null for a fresh start.
     * @return the start.
     * @throws UncheckedIOException if the checkpoint's state cannot be read.
     */
    public static ResumePoint of(final Path checkpoint)
    {
        if (checkpoint == null)
        {
            return new ResumePoint(null, 0, 0, 0, Map.of());
        }
        final Map<String, String> state;
        try
        {
            state = CheckpointStore.readState(checkpoint);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read checkpoint state " + checkpoint, ex);
        }
        return new ResumePoint(checkpoint, Long.parseLong(state.getOrDefault("updates", "0")),
            Long.parseLong(state.getOrDefault("parameter_version", "0")), Integer.parseInt(state.getOrDefault("resumes", "-1")) + 1,
            Map.copyOf(state));
    }

    /**
     * Loads one of the checkpoint's parameter files into {@code params} (and the optimizer's state
     * when given); nothing on a fresh start.
     *
     * @param file      the file's name in the checkpoint folder, such as {@code learner.ckpt}.
     * @param network   the network the parameters belong to.
     * @param params    receives the parameters.
     * @param optimizer receives the optimizer state, or null.
     * @throws UncheckedIOException if the file cannot be read or does not fit the network.
     */
    public void load(final String file, final Network network, final float[] params, final Optimizer optimizer)
    {
        if (checkpoint == null)
        {
            return;
        }
        final Path path = checkpoint.resolve(file);
        try
        {
            Checkpoints.load(path, network, params, optimizer);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot load checkpoint " + path + ": " + ex.getMessage(), ex);
        }
    }
}
