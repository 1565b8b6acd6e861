package io.surge.channel.aeron;

import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.Ring;
import io.surge.config.RunConfig;
import io.surge.metrics.CountersFile;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.EventLog;
import io.surge.metrics.RunCounters;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The learner side of a multi-host check, as a process of its own (the netns script runs it in
 * the learner's namespace): experience adapter, parameter proxy and liveness tracker, a checker of
 * every record, and a stand-in learner publishing a new parameter version every 50 ms. Exits 0
 * once every expected actor process is connected and has delivered enough valid records without
 * a gap, and each actor process (whose counters files it reads, on the shared file system) holds
 * broadcast parameters; exits 1 with the state when that does not happen in time.
 *
 * <p>Arguments: counters directory, expected actor processes, records wanted from each, timeout
 * in seconds, comma-separated counters directories of the actor processes, then {@code key=value}
 * configuration lines.
 */
public final class LearnerProcessMain
{
    private LearnerProcessMain()
    {
    }

    /**
     * Runs the check.
     *
     * @param args see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final int expected = Integer.parseInt(args[1]);
        final long wanted = Long.parseLong(args[2]);
        final long timeoutNs = Long.parseLong(args[3]) * 1_000_000_000L;
        final String[] actorDirs = args[4].split(",");
        final RunConfig config = RunConfig.fromText(String.join("\n", Arrays.asList(args).subList(5, args.length)) + "\n",
            "aeron-test", List.of());
        final int records = config.get(io.surge.config.RuntimeKeys.EXPERIENCE_BATCH);
        Files.createDirectories(dir);
        int status = 1;
        try (RunCounters counters = RunCounters.create(dir, 3);
            EventLog events = new EventLog(dir.resolve("events.log")))
        {
            final AeronBridges bridges = AeronBridges.launch(config, counters, Throwable::printStackTrace, events);
            final Ring<ExperienceSlot> inbox = new Ring<>("experience",
                () -> new ExperienceSlot(SyntheticRecords.RECORD_LENGTH, records), 64, true);
            final ParameterStore store = new ParameterStore(new float[SyntheticRecords.PARAMETERS]);
            final RecordChecker checker = new RecordChecker(inbox);
            final List<Agent> agents = new ArrayList<>(bridges.offPolicy(inbox,
                ExperienceFormat.transitions(SyntheticRecords.RECORD_LENGTH, records), store, 0, null));
            agents.add(checker);
            agents.add(new VersionPublisher(store, 50));
            final AgentRunner runner = new AgentRunner(bridges.newIdleStrategy(), Throwable::printStackTrace, null,
                new CompositeAgent(agents));
            AgentRunner.startOnThread(runner);
            System.out.println("learner ready on " + bridges.settings().experienceChannel());
            final long deadline = System.nanoTime() + timeoutNs;
            String state = "";
            while (System.nanoTime() < deadline)
            {
                Thread.sleep(100);
                final long connected = AeronTestSupport.counter(counters.file(), "aeron actor processes connected");
                final StringBuilder sb = new StringBuilder("connected " + connected + ", records");
                boolean enough = checker.instances().size() == expected;
                for (final long instance : checker.instances())
                {
                    sb.append(String.format(" %016x:%d", instance, checker.records(instance)));
                    enough &= checker.records(instance) >= wanted;
                }
                boolean parameters = true;
                sb.append(", parameter versions held");
                for (final String actorDir : actorDirs)
                {
                    final Path file = Path.of(actorDir).resolve(CountersFile.FILE_NAME);
                    long held = -1;
                    if (Files.exists(file))
                    {
                        final CountersFile actorCounters = CountersFile.open(file);
                        try
                        {
                            held = AeronTestSupport.counter(actorCounters, "aeron parameter version held");
                        }
                        finally
                        {
                            actorCounters.close();
                        }
                    }
                    sb.append(' ').append(held);
                    parameters &= held > 0;
                }
                final long rejected = counters.get(EngineCounter.REJECTED_MESSAGES).get();
                sb.append(", invalid ").append(checker.invalid.get()).append(", gaps ").append(checker.gaps.get())
                    .append(", rejected ").append(rejected).append(", lost ")
                    .append(AeronTestSupport.counter(counters.file(), "aeron experience messages lost"));
                state = sb.toString();
                if (checker.invalid.get() > 0 || checker.gaps.get() > 0 || rejected > 0)
                {
                    break;
                }
                if (connected == expected && enough && parameters)
                {
                    status = 0;
                    break;
                }
            }
            System.out.println((status == 0 ? "check passed: " : "check FAILED: ") + state);
            runner.close();
            bridges.close();
        }
        System.exit(status);
    }
}
