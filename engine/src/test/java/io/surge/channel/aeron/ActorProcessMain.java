package io.surge.channel.aeron;

import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.config.RunConfig;
import io.surge.metrics.EventLog;
import io.surge.metrics.RunCounters;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The actor side of a multi-process test, as a process of its own: synthetic actors publish
 * checkable records ({@link SyntheticRecords}) at a steady rate into a local experience ring, and
 * the real bridges (experience proxy, parameter adapter, heartbeat) connect it to the learner
 * process. Its counters live in {@code <dir>/counters.dat} (readable after a kill -9). Prints
 * {@code ready <instance id>} once running; stops cleanly (goodbye) on a line {@code stop} or end
 * of input ({@code stdin} mode), or on SIGTERM ({@code signal} mode).
 *
 * <p>Arguments: mode ({@code stdin} or {@code signal}), counters directory, actors, records per
 * message, messages per second per actor, then {@code key=value} configuration lines.
 */
public final class ActorProcessMain
{
    private ActorProcessMain()
    {
    }

    /**
     * Runs the process.
     *
     * @param args see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final boolean untilSignal = args[0].equals("signal");
        final Path dir = Path.of(args[1]);
        final int actors = Integer.parseInt(args[2]);
        final int records = Integer.parseInt(args[3]);
        final int ratePerActor = Integer.parseInt(args[4]);
        final List<String> lines = new ArrayList<>(Arrays.asList(args).subList(5, args.length));
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        if (untilSignal)
        {
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                stop.countDown();
                try
                {
                    stopped.await(10, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        final RunConfig config = RunConfig.fromText(String.join("\n", lines) + "\n", "aeron-test", List.of());
        Files.createDirectories(dir);
        try (RunCounters counters = RunCounters.create(dir, 2);
            EventLog events = new EventLog(dir.resolve("events.log")))
        {
            final AeronBridges bridges = AeronBridges.launch(config, counters, Throwable::printStackTrace, events);
            final TransportSettings settings = bridges.settings();
            final Ring<ExperienceSlot> ring = new Ring<>("experience",
                () -> new ExperienceSlot(SyntheticRecords.RECORD_LENGTH, records), 64, true);
            final ParameterStore store = new ParameterStore(new float[SyntheticRecords.PARAMETERS]);
            final List<Agent> agents = new ArrayList<>();
            final AtomicCounter produced = counters.register("test records produced");
            for (int a = 0; a < actors; a++)
            {
                agents.add(new SyntheticActor(settings.firstActor() + a, bridges.instanceId(), ring, records, ratePerActor,
                    produced));
            }
            agents.addAll(bridges.offPolicy(ring, ExperienceFormat.transitions(SyntheticRecords.RECORD_LENGTH, records),
                store, actors, null));
            final AgentRunner runner = new AgentRunner(bridges.newIdleStrategy(), Throwable::printStackTrace, null,
                new CompositeAgent(agents));
            AgentRunner.startOnThread(runner);
            System.out.println("ready " + bridges.instanceId());
            System.out.flush();
            if (!untilSignal)
            {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = in.readLine()) != null && !line.equals("stop"))
                    {
                        // Wait for "stop" or the end of input.
                    }
                }
                stop.countDown();
            }
            stop.await();
            runner.close();
            bridges.close();
            System.out.println("stopped");
            System.out.flush();
        }
        finally
        {
            stopped.countDown();
        }
    }

    /** Publishes one message of checkable records every 1/rate seconds while the ring has room. */
    static final class SyntheticActor implements Agent
    {
        private final int actor;
        private final long instance;
        private final Ring<ExperienceSlot> ring;
        private final int records;
        private final long periodNs;
        private final AtomicCounter produced;
        private long nextNs = System.nanoTime();
        private long message;

        SyntheticActor(final int actor, final long instance, final Ring<ExperienceSlot> ring, final int records,
            final int rate, final AtomicCounter produced)
        {
            this.actor = actor;
            this.instance = instance;
            this.ring = ring;
            this.records = records;
            this.periodNs = 1_000_000_000L / rate;
            this.produced = produced;
        }

        @Override
        public int doWork()
        {
            final long now = System.nanoTime();
            if (now < nextNs)
            {
                return 0;
            }
            final long seq = ring.tryClaim();
            if (seq < 0)
            {
                return 0;
            }
            try
            {
                final ExperienceSlot slot = ring.slot(seq);
                // Messages are numbered per process (actor index in the high bits) so the receiver
                // can check each actor's sequence for gaps.
                final long number = ((long)actor << 40) | message;
                for (int r = 0; r < records; r++)
                {
                    SyntheticRecords.write(slot.buffer, r * SyntheticRecords.RECORD_LENGTH, actor, r, instance, number);
                }
                slot.count = records;
                slot.source = actor;
            }
            finally
            {
                ring.publish(seq);
            }
            message++;
            produced.getAndAdd(records);
            nextNs = Math.max(nextNs + periodNs, now - 10 * periodNs);
            return 1;
        }

        @Override
        public String roleName()
        {
            return "synthetic-actor-" + actor;
        }
    }
}
