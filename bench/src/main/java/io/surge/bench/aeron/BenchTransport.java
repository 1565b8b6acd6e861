package io.surge.bench.aeron;

import io.surge.channel.aeron.AeronBridges;
import io.surge.channel.aeron.TransportSettings;
import io.surge.config.RunConfig;
import io.surge.metrics.RunCounters;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two ends of a bridge in one JVM for the benchmarks: the "learner" end launches an embedded
 * media driver (one thread, backoff idle), the "actor" end connects to it as an external driver,
 * as two processes on one host would; with {@code udp} the traffic goes through the loopback
 * interface. Agents run on their own {@link AgentRunner} threads with backoff idle strategies.
 */
final class BenchTransport implements AutoCloseable
{
    final AeronBridges learner;
    final AeronBridges actor;
    private final RunCounters learnerCounters;
    private final RunCounters actorCounters;
    private final Path dir;
    private final List<AgentRunner> runners = new ArrayList<>();

    BenchTransport(final String transport, final String... extra) throws IOException
    {
        dir = Files.createTempDirectory("surge-bench-aeron");
        final List<String> lines = new ArrayList<>(List.of("transport=" + transport, "aeron.term_length=1048576",
            "aeron.port_base=" + (42000 + (int)(ProcessHandle.current().pid() % 1000) * 4)));
        lines.addAll(List.of(extra));
        final List<String> l = new ArrayList<>(lines);
        l.add("roles=learner,replay");
        l.add("aeron.dir=" + dir.resolve("aeron"));
        learnerCounters = RunCounters.create(Files.createDirectories(dir.resolve("learner")), 1);
        learner = AeronBridges.launch(TransportSettings.from(config(l)), learnerCounters, Throwable::printStackTrace, null,
            Integer.MAX_VALUE);
        final List<String> a = new ArrayList<>(lines);
        a.add("roles=actors");
        a.add("aeron.driver=external");
        a.add("aeron.dir=" + learner.transport().directory());
        actorCounters = RunCounters.create(Files.createDirectories(dir.resolve("actor")), 2);
        actor = AeronBridges.launch(TransportSettings.from(config(a)), actorCounters, Throwable::printStackTrace, null,
            Integer.MAX_VALUE);
    }

    private static RunConfig config(final List<String> lines)
    {
        return RunConfig.fromText(String.join("\n", lines) + "\n", "bench", List.of());
    }

    /** Starts agents together on one new thread. */
    static AgentRunner start(final List<AgentRunner> into, final Agent... agents)
    {
        final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000),
            Throwable::printStackTrace, null, agents.length == 1 ? agents[0] : new CompositeAgent(agents));
        AgentRunner.startOnThread(runner);
        into.add(runner);
        return runner;
    }

    AgentRunner start(final Agent... agents)
    {
        return start(runners, agents);
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(runners);
        CloseHelper.closeAll(actor, learner, actorCounters, learnerCounters);
        IoUtil.delete(new File(dir.toString()), true);
    }
}
