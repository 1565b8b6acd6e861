package io.surge.cli;

import io.surge.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatCommandTest
{
    @TempDir
    Path dir;

    private static String captureStdout(final String... args)
    {
        final PrintStream saved = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            final int status = SurgeCli.execute(args);
            return status + "\n" + bytes.toString(StandardCharsets.UTF_8);
        }
        finally
        {
            System.setOut(saved);
        }
    }

    private static long envSteps(final String statOutput)
    {
        final Matcher m = Pattern.compile("env steps\\s+([0-9,]+)").matcher(statOutput);
        assertTrue(m.find(), statOutput);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private Path waitForRunDir(final Path root) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (Files.isDirectory(root))
            {
                try (Stream<Path> s = Files.list(root))
                {
                    final Path run = s.filter(p -> Files.exists(p.resolve("counters.dat"))).findFirst().orElse(null);
                    if (run != null)
                    {
                        return run;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the child run made no run directory under " + root);
    }

    @Test
    void shouldReadALiveRunFromAnotherProcessAndSeeItFinish() throws Exception
    {
        final Path root = dir.resolve("runs");
        final Path file = dir.resolve("live.properties");
        Files.writeString(file, "algo=random\nenv.class=io.surge.testing.CountingEnv\nactors.count=1\n" +
            "run.root=" + root + "\nrun.max_env_steps=0\nrun.max_seconds=8\nreport.interval_ms=100\nidle.actor=sleep\n");
        final Process child = new ProcessBuilder(ChildJvm.command(SurgeCli.class.getName(), "run", "--quiet", file.toString()))
            .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try
        {
            final Path run = waitForRunDir(root);
            Thread.sleep(300);
            final String first = captureStdout("stat", run.toString());
            assertTrue(first.startsWith("0\n"), first);
            assertTrue(first.contains("alive (pid " + child.pid()), first);
            final long stepsFirst = envSteps(first);
            Thread.sleep(300);
            final String second = captureStdout("stat", run.toString());
            assertTrue(envSteps(second) > stepsFirst, first + "\n---\n" + second);
            assertTrue(second.contains("rate/s"), second);

            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child run did not end");
            assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));
            final String last = captureStdout("stat", run.toString());
            assertTrue(last.contains("finished"), last);
            final String errors = captureStdout("stat", "--errors", run.toString());
            assertTrue(errors.contains("0 distinct errors"), errors);
        }
        finally
        {
            child.destroyForcibly();
        }
    }

    @Test
    void shouldSayARunKilledWithoutWarningIsNoLongerAlive() throws Exception
    {
        final Path root = dir.resolve("runs");
        final Path file = dir.resolve("killed.properties");
        Files.writeString(file, "algo=random\nenv.class=io.surge.testing.CountingEnv\nactors.count=1\n" +
            "run.root=" + root + "\nrun.max_env_steps=0\nrun.max_seconds=120\nreport.interval_ms=100\nidle.actor=sleep\n");
        final Process child = new ProcessBuilder(ChildJvm.command(SurgeCli.class.getName(), "run", "--quiet", file.toString()))
            .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try
        {
            final Path run = waitForRunDir(root);
            Thread.sleep(300);
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            final String stale = captureStdout("stat", "--stale-after", "200", run.toString());
            Thread.sleep(400);
            final String later = captureStdout("stat", "--stale-after", "200", run.toString());
            assertTrue(later.contains("no longer alive: last heartbeat"), stale + "\n---\n" + later);
        }
        finally
        {
            child.destroyForcibly();
        }
    }

    @Test
    void shouldRefuseAFolderThatIsNotARun() throws IOException
    {
        assertEquals(2, SurgeCli.execute("stat", dir.toString()));
    }
}
