package io.surge.algo.dqn;

import io.surge.agent.Role;
import io.surge.agent.RunContext;
import io.surge.agent.RunErrorHandler;
import io.surge.config.RunConfig;
import io.surge.metrics.EpisodeReports;
import io.surge.metrics.EventLog;
import io.surge.metrics.RunCounters;
import io.surge.metrics.RunDirectory;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady state allocates nothing on the actor step, the replay's insert and sample, and the
 * learner update: the roles' duty cycles are driven by hand on one thread and the bytes that
 * thread allocates are measured per role after a warm-up.
 *
 * <p>Each algorithm is measured in a JVM of its own ({@link #main}), as a run has its own: in the
 * test suite's shared JVM, which has already compiled the network kernels for many other shapes,
 * C2 sometimes compiles a Vector API kernel without its intrinsics, and the boxed vectors allocate
 * (see docs/nn.md, "Allocation").
 */
class DqnAllocationTest
{
    @TempDir
    Path dir;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingPerActorStepReplayOperationOrLearnerUpdate() throws Exception
    {
        for (final String kind : List.of("apex", "dqn"))
        {
            final Process child = new ProcessBuilder(io.surge.testing.ChildJvm.command(
                DqnAllocationTest.class.getName(), kind, dir.resolve(kind).toString()))
                .redirectErrorStream(true).start();
            final String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(child.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the probe did not end");
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains(kind + ": bytes per role over 2000 cycles: actor-0=0"), output);
        }
    }

    /**
     * Measures one algorithm in this JVM; exit status 0 when three consecutive windows of 2,000
     * duty cycles allocated nothing on the actors, the replay and the learner.
     *
     * @param args the algorithm ({@code apex} or {@code dqn}) and a scratch folder.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final String report = measure(args[0], Path.of(args[1]));
        System.out.println(report);
        System.exit(report.startsWith("clean ") ? 0 : 1);
    }

    private static String measure(final String kind, final Path dir) throws Exception
    {
        java.nio.file.Files.createDirectories(dir);
        {
            final String text = String.join("\n", "algo=" + kind, "env.id=CartPole-v1", "seed=3",
                "actors.count=" + (kind.equals("apex") ? 2 : 1), "actor.envs=4", "network.hidden=32,32", "network.dueling=" + kind.equals("apex"),
                "dqn.n_step=3", "replay.kind=prioritized", "replay.capacity=4096", "replay.min_size=256",
                "learner.batch_size=32", "eval.interval_updates=0", "checkpoint.interval_updates=0",
                "run.root=" + dir, "name=" + kind, "");
            final RunConfig config = RunConfig.fromText(text, kind, List.of());
            final RunDirectory runDir = RunDirectory.create(dir, kind, LocalDateTime.now());
            try (RunCounters counters = RunCounters.create(runDir.path(), 1);
                EventLog events = new EventLog(runDir.eventsLog()))
            {
                final RunContext context = new RunContext(config, runDir, counters, events, new EpisodeReports(),
                    new RunErrorHandler(counters, events));
                final DqnAlgorithm algorithm = new DqnAlgorithm(context, kind.equals("apex"));
                final List<Role> roles = algorithm.roles();
                for (final Role role : roles)
                {
                    role.agent().onStart();
                }
                final long[] bytes = new long[roles.size()];
                final long[] work = new long[roles.size()];
                // Warm up until the JIT has compiled the hot paths (and escape analysis removed
                // what it can), then require three consecutive windows without allocation.
                final long deadline = System.nanoTime() + 90_000_000_000L;
                int cleanWindows = 0;
                int window = 0;
                long[] last = null;
                while (cleanWindows < 3 && System.nanoTime() < deadline)
                {
                    java.util.Arrays.fill(bytes, 0);
                    java.util.Arrays.fill(work, 0);
                    for (int cycle = 0; cycle < 2000; cycle++)
                    {
                        for (int r = 0; r < roles.size(); r++)
                        {
                            final Agent agent = roles.get(r).agent();
                            final long before = THREADS.getCurrentThreadAllocatedBytes();
                            work[r] += agent.doWork();
                            bytes[r] += THREADS.getCurrentThreadAllocatedBytes() - before;
                        }
                    }
                    window++;
                    boolean clean = true;
                    for (int r = 0; r < roles.size() - 1; r++)
                    {
                        clean &= bytes[r] == 0;
                    }
                    cleanWindows = window > 3 && clean ? cleanWindows + 1 : 0;
                    last = bytes.clone();
                }
                final StringBuilder report = new StringBuilder(kind + ": bytes per role over 2000 cycles:");
                for (int r = 0; r < roles.size(); r++)
                {
                    report.append(' ').append(roles.get(r).agent().roleName()).append('=').append(last[r])
                        .append(" (work ").append(work[r]).append(')');
                }
                boolean allWorked = true;
                for (int r = 0; r < roles.size() - 1; r++)
                {
                    allWorked &= work[r] > 0;
                }
                for (final Role role : roles)
                {
                    role.agent().onClose();
                }
                algorithm.close();
                return (cleanWindows == 3 && allWorked ? "clean " : "FAILED ") + report;
            }
        }
    }
}
