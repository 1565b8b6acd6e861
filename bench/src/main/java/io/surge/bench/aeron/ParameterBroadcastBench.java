package io.surge.bench.aeron;

import io.surge.channel.ParameterStore;
import io.surge.channel.aeron.ParameterAdapter;
import io.surge.channel.aeron.ParameterProxy;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Parameter broadcast latency: from the learner publishing a new version into its
 * {@link ParameterStore} to that version being in an actor-side store, over three paths measured
 * in one run:
 * <ul>
 *   <li>{@code store}: the in-JVM path, an actor thread copying the newest version out of the same
 *   store ({@code copyIfNewer} in a loop) and announcing it;</li>
 *   <li>{@code ipc}: {@code ParameterProxy} (chunks of 64 KiB), Aeron {@code aeron:ipc},
 *   {@code ParameterAdapter} (reassembly, then publish into the actor's store);</li>
 *   <li>{@code udp}: the same over multi-destination-cast {@code aeron:udp} on the loopback interface.</li>
 * </ul>
 * Each operation publishes one version and waits until it arrived. JMH's sample mode gives the
 * percentiles; the latencies of the measurement iterations are also recorded in an HdrHistogram
 * (3 significant digits) whose p50, p99 and p99.9 are printed at the end of each trial. Sizes: 4,610 floats (MLP 4-64-64-2)
 * and 67,586 floats (MLP 4-256-256-2). Every thread idles with backoff (parks up to 1 ms), the
 * default.
 *
 * <p>{@code java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.BenchMain
 * ParameterBroadcastBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParameterBroadcastBench
{
    /** The path. */
    @Param({"store", "ipc", "udp"})
    public String path;

    /** Floats in the vector. */
    @Param({"4610", "67586"})
    public int floats;

    /** Idle strategy of the media driver's thread ({@code aeron.driver.idle}): Surge's default, or yield. */
    @Param({"backoff"})
    public String driverIdle;

    private BenchTransport transport;
    private final List<AgentRunner> runners = new ArrayList<>();
    private ParameterStore learnerStore;
    private Watcher watcher;
    private float[] values;
    private long version;
    private final Histogram histogram = new Histogram(60_000_000_000L, 3);
    private boolean measuring;

    /** Made by JMH. */
    public ParameterBroadcastBench()
    {
    }

    /**
     * Builds the path and starts its threads.
     *
     * @throws IOException if the counters files cannot be made.
     */
    @Setup
    public void setUp() throws IOException
    {
        values = new float[floats];
        learnerStore = new ParameterStore(values);
        if (path.equals("store"))
        {
            watcher = new Watcher(learnerStore, true);
            BenchTransport.start(runners, watcher);
            return;
        }
        transport = new BenchTransport(path, "aeron.driver.idle=" + driverIdle, "aeron.parameters.min_interval_ms=0",
            "aeron.parameters.period_ms=3600000");
        final ParameterStore actorStore = new ParameterStore(values);
        final ParameterProxy proxy = transport.learner.parametersOut(learnerStore);
        final ParameterAdapter adapter = transport.actor.parametersIn(actorStore, null);
        watcher = new Watcher(actorStore, false);
        transport.start(proxy);
        transport.start(adapter, watcher);
        // The first broadcast waits for the subscription to connect.
        broadcast();
    }

    /**
     * Records latencies only in measurement iterations.
     *
     * @param iteration which iteration starts.
     */
    @Setup(Level.Iteration)
    public void iteration(final IterationParams iteration)
    {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    /** Prints the HdrHistogram's percentiles and stops everything. */
    @TearDown
    public void tearDown()
    {
        System.out.printf(Locale.ROOT, "%n%s %d floats: %d broadcasts measured, p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
            path, floats, histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
        org.agrona.CloseHelper.closeAll(runners);
        if (transport != null)
        {
            transport.close();
        }
    }

    /**
     * Publishes one new version and waits until the actor side has it.
     *
     * @return the version.
     */
    @Benchmark
    public long broadcast()
    {
        final long start = System.nanoTime();
        version++;
        values[0] = version;
        learnerStore.publish(values, version);
        while (watcher.seen < version)
        {
            Thread.onSpinWait();
        }
        if (measuring)
        {
            histogram.recordValue(System.nanoTime() - start);
        }
        return version;
    }

    /** The actor's place: copies the newest version out of its store (as an actor's parameter sync) and announces it. */
    static final class Watcher implements Agent
    {
        private final ParameterStore store;
        private final boolean copy;
        private final float[] local;
        volatile long seen;

        Watcher(final ParameterStore store, final boolean copy)
        {
            this.store = store;
            this.copy = copy;
            this.local = new float[store.length()];
        }

        @Override
        public int doWork()
        {
            if (copy)
            {
                final long v = store.copyIfNewer(local, seen);
                if (v < 0)
                {
                    return 0;
                }
                seen = v;
                return 1;
            }
            final long v = store.version();
            if (v <= seen)
            {
                return 0;
            }
            seen = v;
            return 1;
        }

        @Override
        public String roleName()
        {
            return "watcher";
        }
    }
}
