package io.surge.agent;

import io.surge.algo.Algorithms;
import io.surge.config.RunConfig;
import io.surge.metrics.CounterSnapshot;
import io.surge.metrics.CountersFile;
import io.surge.metrics.ProgressLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunTest
{
    @TempDir
    Path dir;

    private Run.Result run(final String text, final ByteArrayOutputStream progress) throws IOException
    {
        final RunConfig config = RunConfig.fromText(text + "run.root=" + dir + "\n", "test", List.of());
        final ProgressLine line = new ProgressLine(new PrintStream(progress, true, StandardCharsets.UTF_8), false, false);
        return new Run(config, Algorithms::create, line, null).execute();
    }

    @Test
    void shouldMakeTheRunDirectoryWithEveryFileAndMetricsRows() throws IOException
    {
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final Run.Result result = run("algo=random\nenv.class=io.surge.testing.CountingEnv\nthreading=invoker\n" +
            "actors.count=2\nrun.max_env_steps=5000\nreport.interval_ms=10\n", progress);
        final Path run = result.directory().path();
        assertTrue(run.getFileName().toString().matches("test-\\d{8}-\\d{6}"), run.toString());
        for (final String name : List.of("config.properties", "metrics.csv", "counters.dat", "events.log"))
        {
            assertTrue(Files.isRegularFile(run.resolve(name)), name);
        }
        assertTrue(Files.isDirectory(run.resolve("latency")));
        assertTrue(Files.isDirectory(run.resolve("checkpoints")));

        final List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("wall_s,env_steps,fps,episodes,return_mean_100,episode_length_mean_100", rows.get(0));
        assertTrue(rows.size() >= 2, rows.toString());
        final String[] last = rows.get(rows.size() - 1).split(",", -1);
        assertTrue(Long.parseLong(last[1]) >= 5000);
        assertEquals(10.0, Double.parseDouble(last[5]), 1e-9, "CountingEnv episodes last 10 steps");
        assertTrue(Double.parseDouble(last[4]) > 10 && Double.parseDouble(last[4]) < 20, last[4]);
        assertFalse(result.failed());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("frames"), progress.toString(StandardCharsets.UTF_8));

        final String config = Files.readString(run.resolve("config.properties"));
        assertTrue(config.contains("env.class=io.surge.testing.CountingEnv"), config);
        assertTrue(config.contains("[default]"), config);

        final CountersFile counters = CountersFile.open(run.resolve("counters.dat"));
        try
        {
            assertEquals(CountersFile.STATUS_FINISHED, counters.status());
            final CounterSnapshot snapshot = CounterSnapshot.take(counters);
            assertEquals(result.envSteps(), snapshot.value("env steps"));
            assertEquals(2 * (result.envSteps() / 2 / 10), snapshot.value("episodes"), "two actors with equal step counts");
        }
        finally
        {
            counters.close();
        }
    }

    @Test
    void shouldRestartAnActorThatThrowsAndCountIt() throws IOException
    {
        final Run.Result result = run("algo=random\nenv.class=io.surge.testing.FailingEnv\nthreading=invoker\n" +
            "actors.count=1\nrun.max_env_steps=2000\nrun.max_seconds=60\n", new ByteArrayOutputStream());
        assertFalse(result.failed());
        final CountersFile counters = CountersFile.open(result.directory().countersFile());
        try
        {
            final CounterSnapshot snapshot = CounterSnapshot.take(counters);
            assertTrue(snapshot.value("actor restarts") >= 1);
            assertEquals(snapshot.value("actor restarts"), snapshot.value("errors"));
        }
        finally
        {
            counters.close();
        }
        final String events = Files.readString(result.directory().eventsLog());
        assertTrue(events.contains("error-restart actor-0: java.lang.IllegalStateException: injected failure"), events);
    }

    @Test
    void shouldRunInEveryThreadingMode() throws IOException
    {
        for (final String mode : List.of("invoker", "shared", "dedicated"))
        {
            final Run.Result result = run("algo=random\nenv.class=io.surge.testing.CountingEnv\nthreading=" + mode +
                "\nactors.count=3\nrun.max_env_steps=20000\nname=" + mode + "\n", new ByteArrayOutputStream());
            assertTrue(result.envSteps() >= 20000, mode);
            assertFalse(result.failed(), mode);
        }
    }
}
