package io.surge.channel.aeron;

import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.metrics.CountersFile;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EventLog;
import io.surge.metrics.RunCounters;
import io.surge.testing.ChildJvm;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Several JVMs on one host over IPC through a standalone media driver ({@code surge driver}, a
 * child JVM): the learner side runs in this JVM (experience adapter, parameter proxy, liveness
 * tracker, a checker of every record), actor-side processes are child JVMs
 * ({@link ActorProcessMain}) that publish checkable records and receive parameters.
 */
@Tag("system")
class MultiProcessSystemTest
{
    private static final int RECORDS = 32;
    private static final int PERIOD_MS = 500;
    private static final int TIMEOUT_MS = 1500;

    @TempDir
    static Path shared;

    private static Process driver;
    private static BlockingQueue<String> driverOutput;
    private static String aeronDir;

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private RunCounters counters;
    private EventLog events;
    private AeronBridges bridges;
    private AgentRunner runner;
    private ParameterStore store;
    private RecordChecker checker;

    @BeforeAll
    static void startDriver() throws IOException
    {
        aeronDir = shared.resolve("aeron").toString();
        driver = new ProcessBuilder(ChildJvm.command("io.surge.cli.SurgeCli", "driver", "--dir", aeronDir,
            "--client-timeout-ms", "2000")).redirectErrorStream(true).start();
        driverOutput = lines(driver);
        final String line = awaitLine(driverOutput, "media driver running", 30_000);
        assertTrue(line.contains(aeronDir), line);
    }

    @AfterAll
    static void stopDriver() throws InterruptedException
    {
        // SIGTERM through the handle: Process.destroy() would also close our end of its output.
        driver.toHandle().destroy();
        assertTrue(driver.waitFor(20, TimeUnit.SECONDS), "driver stops on SIGTERM");
        awaitLine(driverOutput, "surge driver: stopped", 5_000);
        assertEquals(143, driver.exitValue(), "the exit status of a JVM ended by SIGTERM");
        assertFalse(new File(aeronDir).exists(), "the driver deleted its directory");
    }

    private static List<String> common()
    {
        return List.of("aeron.driver=external", "aeron.dir=" + aeronDir, "aeron.term_length=1048576",
            "aeron.heartbeat_interval_ms=100", "aeron.liveness_timeout_ms=" + TIMEOUT_MS,
            "aeron.parameters.chunk_bytes=4096", "aeron.parameters.period_ms=" + PERIOD_MS,
            "aeron.parameters.min_interval_ms=20", "ring.experience.batch=" + RECORDS);
    }

    /** The learner process: adapter, parameter proxy and tracker, a checker, and a learner publishing versions. */
    private void startLearner() throws IOException
    {
        final List<String> lines = new ArrayList<>(common());
        lines.add("roles=learner,replay");
        counters = AeronTestSupport.counters(dir.resolve("learner"));
        events = new EventLog(dir.resolve("learner-events.log"));
        bridges = AeronBridges.launch(AeronTestSupport.config(lines.toArray(new String[0])), counters, errors::add, events);
        final Ring<ExperienceSlot> inbox = new Ring<>("experience",
            () -> new ExperienceSlot(SyntheticRecords.RECORD_LENGTH, RECORDS), 64, true);
        store = new ParameterStore(new float[SyntheticRecords.PARAMETERS]);
        checker = new RecordChecker(inbox);
        final List<Agent> agents = new ArrayList<>(bridges.offPolicy(inbox,
            ExperienceFormat.transitions(SyntheticRecords.RECORD_LENGTH, RECORDS), store, 0, null));
        agents.add(checker);
        agents.add(new VersionPublisher(store, 50));
        runner = new AgentRunner(bridges.newIdleStrategy(), errors::add, null, new CompositeAgent(agents));
        AgentRunner.startOnThread(runner);
    }

    @AfterEach
    void stopAll() throws InterruptedException
    {
        for (final Process child : children)
        {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        CloseHelper.closeAll(runner, bridges, events, counters);
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
    }

    private Child startActor(final String name, final int firstActor) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of("stdin", dir.resolve(name).toString(), "2", Integer.toString(RECORDS), "500"));
        args.addAll(common());
        args.add("roles=actors");
        args.add("actors.first_index=" + firstActor);
        final Process process = new ProcessBuilder(ChildJvm.command(ActorProcessMain.class.getName(),
            args.toArray(new String[0]))).redirectErrorStream(true).start();
        children.add(process);
        final BlockingQueue<String> out = lines(process);
        final String ready = awaitLine(out, "ready ", 30_000);
        final long instance = Long.parseLong(ready.substring("ready ".length()).trim());
        return new Child(process, out, instance, dir.resolve(name).resolve(CountersFile.FILE_NAME));
    }

    private long learnerCounter(final String label)
    {
        return AeronTestSupport.counter(counters.file(), label);
    }

    @Test
    void shouldCarryEveryRecordAndTheParametersBetweenTwoJvmsThroughAStandaloneDriver() throws Exception
    {
        startLearner();
        final Child actor = startActor("actor", 0);
        await("the actor process to join", () -> learnerCounter("aeron actor processes connected") == 1);
        assertEquals(2, learnerCounter("aeron actors connected"));
        await("20,000 records", () -> checker.records(actor.instance) >= 20_000);
        final long version = store.version();
        await("the actor to hold version " + version, () -> actor.counter("aeron parameter version held") >= version);

        actor.stop();
        await("goodbye", () -> learnerCounter("aeron actor processes left") == 1);
        assertEquals(0, learnerCounter("aeron actor processes connected"));
        final long sent = actor.counter("aeron experience records sent");
        await("every record sent to arrive", () -> checker.records(actor.instance) == sent);
        assertTrue(actor.counter("test records produced") >= sent);
        assertEquals(actor.counter("aeron experience messages sent"), learnerCounter("aeron experience messages received"));
        assertClean();
    }

    @Test
    void shouldDropAKilledActorProcessAndLetItsRestartRejoinWithCurrentParameters() throws Exception
    {
        startLearner();
        final Child first = startActor("first", 0);
        await("the first process to join", () -> learnerCounter("aeron actor processes connected") == 1);
        await("10,000 records", () -> checker.records(first.instance) >= 10_000);

        first.process.destroyForcibly();
        assertTrue(first.process.waitFor(10, TimeUnit.SECONDS));
        final long killedAt = System.nanoTime();
        await("the killed process to be dropped", () -> learnerCounter("aeron actor processes timed out") == 1);
        final long droppedAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(droppedAfterMs >= TIMEOUT_MS - 200 && droppedAfterMs < TIMEOUT_MS + 3000, "dropped after " + droppedAfterMs + " ms");
        assertEquals(0, learnerCounter("aeron actor processes connected"));
        assertEquals(0, learnerCounter("aeron actors connected"));

        // What the killed process counted as sent arrived, plus at most the one message it was
        // counting when it died (the counter is incremented after a successful offer).
        final long sent = first.counterAfterDeath("aeron experience records sent");
        awaitStable(() -> checker.records(first.instance));
        final long received = checker.records(first.instance);
        assertTrue(received >= sent && received <= sent + RECORDS, "sent " + sent + ", received " + received);

        // The run goes on: parameters keep being published; a restarted process joins again.
        final long versionBefore = store.version();
        await("newer parameters", () -> store.version() > versionBefore + 5);
        final Child second = startActor("second", 0);
        final long[] joinedAt = new long[2];
        await("the restarted process to join", () ->
        {
            if (learnerCounter("aeron actor processes joined") == 2)
            {
                joinedAt[0] = System.nanoTime();
                joinedAt[1] = store.version();
                return true;
            }
            return false;
        });
        await("the restarted process to hold the parameters current at its join",
            () -> second.counter("aeron parameter version held") >= joinedAt[1]);
        final long tookMs = (System.nanoTime() - joinedAt[0]) / 1_000_000;
        assertTrue(tookMs <= PERIOD_MS, "current parameters after " + tookMs + " ms; the broadcast period is " + PERIOD_MS);
        assertEquals(1, learnerCounter("aeron actor processes connected"));
        await("records from the restarted process", () -> checker.records(second.instance) >= 5_000);

        second.stop();
        await("goodbye", () -> learnerCounter("aeron actor processes left") == 1);
        final long secondSent = second.counter("aeron experience records sent");
        await("every record of the restarted process", () -> checker.records(second.instance) == secondSent);
        assertEquals(1, learnerCounter("aeron actor processes timed out"));
        assertClean();
    }

    @Test
    void shouldRejectTenThousandMalformedMessagesFromAnotherProcessWhileActorsGoOn() throws Exception
    {
        startLearner();
        final Child actor = startActor("actor", 0);
        await("the actor process to join", () -> learnerCounter("aeron actor processes connected") == 1);
        final List<String> args = new ArrayList<>(List.of("10000", Integer.toString(RECORDS)));
        args.addAll(common());
        args.add("roles=actors");
        final Process sender = new ProcessBuilder(ChildJvm.command(MalformedSenderMain.class.getName(),
            args.toArray(new String[0]))).redirectErrorStream(true).start();
        children.add(sender);
        awaitLine(lines(sender), "sent 10000", 60_000);
        await("10,000 rejections", () -> bridges.rejections().total() == 10_000);
        final long before = checker.records(actor.instance);
        await("records to keep flowing", () -> checker.records(actor.instance) > before + 5_000);
        assertEquals(1, learnerCounter("aeron actor processes connected"));
        assertEquals(10_000, counters.get(EngineCounter.REJECTED_MESSAGES).get());

        actor.stop();
        final long sent = actor.counter("aeron experience records sent");
        await("every record sent to arrive", () -> checker.records(actor.instance) == sent);
        assertEquals(0, learnerCounter("aeron experience messages lost"));
        assertEquals(0, checker.invalid.get());
        assertEquals(0, checker.gaps.get());
        assertEquals(10_000, bridges.rejections().total());
    }

    private void assertClean()
    {
        assertEquals(0, checker.invalid.get(), "invalid records");
        assertEquals(0, checker.gaps.get(), "gaps in an actor's message numbers");
        assertEquals(0, learnerCounter("aeron experience messages lost"));
        assertEquals(0, counters.get(EngineCounter.REJECTED_MESSAGES).get());
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void awaitStable(final java.util.function.LongSupplier value) throws InterruptedException
    {
        long last = value.getAsLong();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < 1_000_000_000L)
        {
            Thread.sleep(20);
            final long now = value.getAsLong();
            if (now != last)
            {
                last = now;
                stableSince = System.nanoTime();
            }
        }
    }

    private static BlockingQueue<String> lines(final Process process)
    {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    queue.add(line);
                }
            }
            catch (final IOException ignore)
            {
                // The process ended.
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static String awaitLine(final BlockingQueue<String> lines, final String prefix, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        final StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline)
        {
            try
            {
                final String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null)
                {
                    seen.append(line).append('\n');
                    if (line.contains(prefix))
                    {
                        return line;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("no line with '" + prefix + "' within " + timeoutMs + " ms; output:\n" + seen);
        return null;
    }

    /** An actor-side child process. */
    private record Child(Process process, BlockingQueue<String> out, long instance, Path countersFile)
    {
        long counter(final String label)
        {
            try
            {
                final CountersFile file = CountersFile.open(countersFile);
                try
                {
                    return AeronTestSupport.counter(file, label);
                }
                finally
                {
                    file.close();
                }
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        long counterAfterDeath(final String label)
        {
            assertFalse(process.isAlive());
            return counter(label);
        }

        void stop() throws IOException, InterruptedException
        {
            try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))
            {
                in.write("stop\n");
            }
            assertNotNull(awaitLine(out, "stopped", 30_000));
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        }
    }
}
