package io.surge.algo.dqn;

import io.surge.agent.Run;
import io.surge.algo.Algorithms;
import io.surge.checkpoint.CheckpointStore;
import io.surge.config.RunConfig;
import io.surge.metrics.ProgressLine;
import io.surge.nn.Network;
import io.surge.nn.io.Checkpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DqnRunTest
{
    @TempDir
    Path dir;

    static final String SMALL_DQN = String.join("\n",
        "algo=dqn", "env.id=CartPole-v1", "seed=7", "deterministic=true",
        "actors.count=1", "actor.envs=1", "network.hidden=64,64",
        "learner.lr=0.0023", "learner.batch_size=64", "dqn.target_update_period=100",
        "dqn.eps_start=1.0", "dqn.eps_end=0.04", "dqn.eps_decay_steps=8000",
        "dqn.train_frequency=256", "dqn.gradient_steps=128", "replay.capacity=100000", "replay.min_size=1000",
        "eval.interval_updates=500", "eval.episodes=20", "eval.envs=20", "report.interval_steps=2000", "");

    Run.Result run(final String text, final String name) throws IOException
    {
        final RunConfig config = RunConfig.fromText(text + "run.root=" + dir + "\nname=" + name + "\n", name, List.of());
        final ProgressLine quiet = new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            false, true);
        return new Run(config, Algorithms::create, quiet, null).execute();
    }

    static double column(final Path metrics, final String column) throws IOException
    {
        final List<String> rows = Files.readAllLines(metrics);
        final int index = Arrays.asList(rows.get(0).split(",")).indexOf(column);
        assertTrue(index >= 0, column + " in " + rows.get(0));
        double best = Double.NaN;
        for (final String row : rows.subList(1, rows.size()))
        {
            final String[] cells = row.split(",", -1);
            if (!cells[index].isEmpty())
            {
                best = Double.isNaN(best) ? Double.parseDouble(cells[index]) : Math.max(best, Double.parseDouble(cells[index]));
            }
        }
        return best;
    }

    @Test
    void shouldRepeatADeterministicRunBitForBit() throws IOException
    {
        final String text = SMALL_DQN + "run.max_env_steps=4000\ncheckpoint.interval_updates=0\n";
        final Run.Result first = run(text, "first");
        final Run.Result second = run(text, "second");
        assertFalse(first.failed());
        assertEquals(Files.readString(first.directory().metricsFile()), Files.readString(second.directory().metricsFile()));
        assertTrue(Files.readAllLines(first.directory().metricsFile()).size() >= 3);

        final Path a = new CheckpointStore(first.directory().checkpointsDir(), 1).latest();
        final Path b = new CheckpointStore(second.directory().checkpointsDir(), 1).latest();
        assertNotNull(a);
        assertNotNull(b);
        final Network network = Network.mlp(4, 64, 64, 2);
        final float[] pa = network.newParameters();
        final float[] pb = network.newParameters();
        Checkpoints.load(a.resolve("learner.ckpt"), network, pa, null);
        Checkpoints.load(b.resolve("learner.ckpt"), network, pb, null);
        assertArrayEquals(pa, pb);
        assertTrue(CheckpointStore.readState(a).get("updates").equals(CheckpointStore.readState(b).get("updates")));
        assertTrue(Long.parseLong(CheckpointStore.readState(a).get("updates")) > 1000);
    }

    @Test
    void shouldLearnCartPoleToAnEvaluationOf195InDeterministicMode() throws IOException
    {
        final long start = System.nanoTime();
        final Run.Result result = run(SMALL_DQN + "run.max_env_steps=40000\neval.target_return=195\n", "learn");
        final double seconds = (System.nanoTime() - start) / 1e9;
        assertFalse(result.failed());
        final double best = column(result.directory().metricsFile(), "eval_best");
        assertTrue(best >= 195, "best evaluation " + best + " after " + result.envSteps() + " env steps");
        assertTrue(result.envSteps() <= 40000, "env steps " + result.envSteps());
        assertTrue(seconds < 120, "took " + seconds + " s");
    }
}
