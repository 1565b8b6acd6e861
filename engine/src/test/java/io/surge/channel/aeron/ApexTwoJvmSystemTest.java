package io.surge.channel.aeron;

import io.surge.agent.Run;
import io.surge.algo.Algorithms;
import io.surge.config.RunConfig;
import io.surge.metrics.CounterSnapshot;
import io.surge.metrics.CountersFile;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.ProgressLine;
import io.surge.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ape-X over two JVMs on one host through a standalone media driver: learner, replay and evaluator
 * in this JVM ({@code roles=learner,replay,evaluator}), two actors in a child JVM
 * ({@code bin/surge run FILE --set roles=actors}), over {@code aeron:ipc}. The run must reach a
 * greedy evaluation mean of 475 on CartPole-v1.
 *
 * <p>What the learning test expects of the algorithm's builder ({@code DqnAlgorithm}), which the
 * lead wires: with {@code roles=} other than {@code all} it makes only its roles, launches
 * {@link AeronBridges#launch(RunConfig, io.surge.metrics.RunCounters, org.agrona.ErrorHandler,
 * io.surge.metrics.EventLog)} and adds the agents of {@link AeronBridges#offPolicy} as roles
 * (not restartable, idle {@link AeronBridges#newIdleStrategy()}), uses {@code actors.first_index}
 * and {@code actors.total} for actor indices, stream ids and Ape-X's epsilons, and closes the
 * bridges in {@code close()}. The learner process's env-step counter then counts the remote actors
 * (heartbeats), its evaluator stops the run at {@code eval.target_return}, and the actor process
 * stops on SIGTERM (its run's shutdown hook) after saying goodbye.
 */
@Tag("system")
class ApexTwoJvmSystemTest
{
    @TempDir
    Path dir;

    /** The run's file, shared by both processes; the transport keys are the only multi-process part. */
    static String properties(final String aeronDir)
    {
        return String.join("\n",
            "name=apex-cartpole-two-jvms",
            "algo=apex",
            "env.id=CartPole-v1",
            "seed=1",
            "threading=shared",
            "actors.count=2",
            "actors.total=2",
            "actor.envs=4",
            "network.hidden=256,256",
            "network.dueling=false",
            "learner.lr=0.0023",
            "learner.batch_size=64",
            "learner.grad_clip_norm=10",
            "dqn.gamma=0.99",
            "dqn.n_step=3",
            "dqn.double=true",
            "dqn.target_update_period=100",
            "replay.kind=prioritized",
            "replay.capacity=100000",
            "replay.min_size=1000",
            "eval.interval_updates=1000",
            "eval.episodes=100",
            "eval.envs=20",
            "eval.target_return=475",
            "run.max_env_steps=2000000",
            "run.max_seconds=900",
            "transport=ipc",
            "aeron.driver=external",
            "aeron.dir=" + aeronDir,
            "");
    }

    @Test
    void shouldDescribeBothProcessesWithOneValidFile() throws IOException
    {
        final Path file = dir.resolve("apex.properties");
        Files.writeString(file, properties(dir.resolve("aeron").toString()));
        final RunConfig learner = RunConfig.load(file, List.of("roles=learner,replay,evaluator"));
        final RunConfig actors = RunConfig.load(file, List.of("roles=actors"));
        final TransportSettings l = TransportSettings.from(learner);
        final TransportSettings a = TransportSettings.from(actors);
        assertEquals(l.runId(), a.runId());
        assertEquals(l.experienceChannel(), a.experienceChannel());
        assertTrue(l.roles().learner() && l.roles().replay() && !l.roles().actors());
        assertTrue(a.roles().actors() && !a.roles().learner());
        l.roles().requireReplayWithLearner();
        a.roles().requireReplayWithLearner();
    }

    @Test
    void shouldLearnCartPoleWithLearnerAndReplayInOneJvmAndTwoActorsInAnother() throws Exception
    {
        final String aeronDir = dir.resolve("aeron").toString();
        final Path file = dir.resolve("apex.properties");
        Files.writeString(file, properties(aeronDir));
        final List<Process> children = new ArrayList<>();
        try
        {
            final Process driver = new ProcessBuilder(ChildJvm.command("io.surge.cli.SurgeCli", "driver", "--dir", aeronDir))
                .redirectErrorStream(true).start();
            children.add(driver);
            awaitLine(driver, "media driver running");
            final Process actors = new ProcessBuilder(ChildJvm.command("io.surge.cli.SurgeCli", "run", file.toString(),
                "--quiet", "--set", "roles=actors", "--set", "run.root=" + dir.resolve("actor-runs")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("actors.log").toFile()).start();
            children.add(actors);

            final RunConfig config = RunConfig.load(file,
                List.of("roles=learner,replay,evaluator", "run.root=" + dir.resolve("learner-runs")));
            final Run.Result result = new Run(config, Algorithms::create,
                new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, true),
                null).execute();
            assertFalse(result.failed(), String.join("\n", result.summary()));
            assertTrue(String.join("\n", result.summary()).contains("target 475.00 reached"),
                String.join("\n", result.summary()));

            final CountersFile counters = CountersFile.open(result.directory().path().resolve(CountersFile.FILE_NAME));
            try
            {
                final CounterSnapshot snapshot = CounterSnapshot.take(counters);
                assertEquals(1, snapshot.value("aeron actor processes joined"));
                assertEquals(0, snapshot.value("aeron experience messages lost"));
                assertEquals(0, snapshot.value(EngineCounter.REJECTED_MESSAGES.label()));
                assertTrue(snapshot.value(EngineCounter.ENV_STEPS.label()) > 0, "remote env steps counted");
            }
            finally
            {
                counters.close();
            }

            actors.toHandle().destroy();
            assertTrue(actors.waitFor(60, TimeUnit.SECONDS), "the actor process stops on SIGTERM");
        }
        finally
        {
            for (final Process child : children)
            {
                child.toHandle().destroy();
                if (!child.waitFor(20, TimeUnit.SECONDS))
                {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static void awaitLine(final Process process, final String text) throws IOException
    {
        final BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null)
        {
            if (line.contains(text))
            {
                return;
            }
        }
        throw new IOException("the process ended without printing '" + text + "'");
    }
}
