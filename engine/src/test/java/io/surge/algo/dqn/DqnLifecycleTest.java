package io.surge.algo.dqn;

import io.surge.agent.Run;
import io.surge.checkpoint.CheckpointStore;
import io.surge.cli.SurgeCli;
import io.surge.metrics.CounterSnapshot;
import io.surge.metrics.CountersFile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints, resume, eval and the NaN stop of a DQN run. */
class DqnLifecycleTest
{
    @org.junit.jupiter.api.io.TempDir
    Path dir;

    private Run.Result run(final String text, final String name) throws IOException
    {
        final DqnRunTest runs = new DqnRunTest();
        runs.dir = dir;
        return runs.run(text, name);
    }

    private static String cli(final int expectedStatus, final String... args)
    {
        final PrintStream saved = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(expectedStatus, SurgeCli.execute(args), () -> bytes.toString(StandardCharsets.UTF_8));
            return bytes.toString(StandardCharsets.UTF_8);
        }
        finally
        {
            System.setOut(saved);
        }
    }

    @Test
    void shouldResumeAStoppedRunFromItsNewestCheckpointWithItsReplay() throws IOException
    {
        final Run.Result first = run(DqnRunTest.SMALL_DQN + "run.max_env_steps=3000\ncheckpoint.replay=true\n", "resumable");
        final Path runDir = first.directory().path();
        final Path checkpoint = new CheckpointStore(first.directory().checkpointsDir(), 9).latest();
        assertNotNull(checkpoint);
        assertTrue(Files.exists(checkpoint.resolve("replay.snapshot")));
        final long updatesBefore = Long.parseLong(CheckpointStore.readState(checkpoint).get("updates"));
        final int rowsBefore = Files.readAllLines(first.directory().metricsFile()).size();

        final Path file = runDir.getParent().resolve("resumable.properties");
        Files.writeString(file, DqnRunTest.SMALL_DQN + "run.root=" + runDir.getParent() + "\nname=resumable\nrun.max_env_steps=5000\n");
        cli(0, "run", "--quiet", file.toString(), "--resume", runDir.toString());

        final List<String> rows = Files.readAllLines(first.directory().metricsFile());
        assertTrue(rows.size() > rowsBefore, "rows appended");
        assertEquals(1, rows.stream().filter(r -> r.startsWith("env_steps")).count(), "one header");
        assertTrue(Files.exists(runDir.resolve("counters.dat.1")));
        final Path after = new CheckpointStore(first.directory().checkpointsDir(), 9).latest();
        final Map<String, String> state = CheckpointStore.readState(after);
        assertTrue(Long.parseLong(state.get("updates")) > updatesBefore, state.toString());
        assertEquals("1", state.get("resumes"));
        assertTrue(state.containsKey("rng.actor-0"), "the final checkpoint holds the actors' exploration streams");
        final CountersFile counters = CountersFile.open(first.directory().countersFile());
        try
        {
            assertTrue(CounterSnapshot.take(counters).value("env steps") >= 5000, "env steps continue from the checkpoint");
        }
        finally
        {
            counters.close();
        }
        assertTrue(Files.readString(first.directory().eventsLog()).contains("resume replay restored with"));

        final String evaluation = cli(0, "eval", runDir.toString(), "--episodes", "10");
        assertTrue(evaluation.contains("10 greedy episodes on CartPole-v1"), evaluation);

        Files.writeString(file, DqnRunTest.SMALL_DQN + "run.root=" + runDir.getParent() + "\nname=resumable\ndqn.gamma=0.9\n");
        assertEquals(2, SurgeCli.execute("run", "--quiet", file.toString(), "--resume", runDir.toString()),
            "a changed learning key refuses to resume");
        assertEquals(2, SurgeCli.execute("eval", runDir.getParent().toString()), "not a run directory");
    }

    @Test
    void shouldStopOnANonFiniteLossWithACheckpointOfTheLastGoodWeights() throws IOException
    {
        final Run.Result result = run(String.join("\n", "algo=dqn", "env.class=io.surge.testing.NanRewardEnv", "seed=1",
            "deterministic=true", "network.hidden=16", "replay.min_size=100", "learner.batch_size=16",
            "dqn.train_frequency=1", "dqn.gradient_steps=1", "eval.interval_updates=0", "eval.at_end=false",
            "run.max_env_steps=100000", ""), "nan");
        assertTrue(result.failed());
        final String events = Files.readString(result.directory().eventsLog());
        assertTrue(events.contains("error-fatal learner") && events.contains("non-finite loss NaN at update"), events);
        final Path checkpoint = new CheckpointStore(result.directory().checkpointsDir(), 9).latest();
        assertNotNull(checkpoint, "a checkpoint is written when the run stops on the error");
        final String updates = CheckpointStore.readState(checkpoint).get("updates");
        assertTrue(events.contains("at update " + (Long.parseLong(updates) + 1) + "; the weights are those after update " + updates),
            events);
    }
}
