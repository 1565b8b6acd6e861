package io.surge.bench.aeron;

import io.surge.channel.ExperienceSlot;
import io.surge.channel.Ring;
import io.surge.channel.aeron.ExperienceFormat;
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
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Experience throughput, actors to replay, in messages per second (one message = one experience
 * slot of {@code records} transitions of 48 bytes, CartPole's n-step record; MB/s = ops/s x
 * records x 48), over three paths measured in one run:
 * <ul>
 *   <li>{@code ring}: the in-JVM path, producer to the Disruptor experience ring to the consumer;</li>
 *   <li>{@code ipc}: producer to a local ring, {@code ExperienceProxy}, Aeron {@code aeron:ipc},
 *   {@code ExperienceAdapter}, the consumer's ring, the consumer;</li>
 *   <li>{@code udp}: the same over {@code aeron:udp} on the loopback interface.</li>
 * </ul>
 * The benchmark thread is the producer: it claims a slot (spinning while the ring is full, so the
 * rate measured is the rate the path sustains), sets its count and publishes it (the records are
 * written once at start: what is measured is the channel). The consumer (the replay's place) reads
 * each slot's count. Proxy, adapter + consumer and the media driver each have a thread with a
 * backoff idle strategy: on a 2-core machine they compete with the producer.
 *
 * <p>{@code java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.BenchMain
 * ExperienceThroughputBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExperienceThroughputBench
{
    /** Bytes per record: an n-step transition of CartPole (4 floats of observation). */
    static final int RECORD = 48;

    /** The path. */
    @Param({"ring", "ipc", "udp"})
    public String path;

    /** Records per message (ring.experience.batch). */
    @Param({"64"})
    public int records;

    /** Idle strategy of the media driver's thread ({@code aeron.driver.idle}): Surge's default, or yield. */
    @Param({"backoff"})
    public String driverIdle;

    private BenchTransport transport;
    private final List<AgentRunner> runners = new ArrayList<>();
    private Ring<ExperienceSlot> outbox;
    private Consumer consumer;

    /** Made by JMH. */
    public ExperienceThroughputBench()
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
        final Ring<ExperienceSlot> inbox = new Ring<>("inbox", this::filledSlot, 256, true);
        consumer = new Consumer(inbox);
        if (path.equals("ring"))
        {
            outbox = inbox;
            BenchTransport.start(runners, consumer);
            return;
        }
        transport = new BenchTransport(path, "aeron.driver.idle=" + driverIdle);
        outbox = new Ring<>("outbox", this::filledSlot, 256, false);
        final ExperienceFormat format = ExperienceFormat.transitions(RECORD, records);
        transport.start(transport.actor.experienceOut(outbox, format));
        transport.start(transport.learner.experienceIn(inbox, format), consumer);
    }

    private ExperienceSlot filledSlot()
    {
        final ExperienceSlot slot = new ExperienceSlot(RECORD, records);
        for (int r = 0; r < records; r++)
        {
            for (int i = 0; i < RECORD; i += 4)
            {
                slot.buffer.putInt(r * RECORD + i, r + i);
            }
        }
        return slot;
    }

    /** Stops the threads and the transport. */
    @TearDown
    public void tearDown()
    {
        org.agrona.CloseHelper.closeAll(runners);
        if (transport != null)
        {
            transport.close();
        }
    }

    /**
     * Publishes one message of experience, waiting while the path is full.
     *
     * @return the sequence published.
     */
    @Benchmark
    public long publish()
    {
        long sequence;
        while ((sequence = outbox.tryClaim()) < 0)
        {
            Thread.onSpinWait();
        }
        final ExperienceSlot slot = outbox.slot(sequence);
        slot.count = records;
        slot.source = 0;
        outbox.publish(sequence);
        return sequence;
    }

    /** The replay's place: reads every slot's count. */
    static final class Consumer implements Agent
    {
        private final Ring<ExperienceSlot> inbox;
        private final com.lmax.disruptor.EventPoller.Handler<ExperienceSlot> handler = this::onSlot;
        private long records;
        private int work;

        Consumer(final Ring<ExperienceSlot> inbox)
        {
            this.inbox = inbox;
        }

        private boolean onSlot(final ExperienceSlot slot, final long sequence, final boolean end)
        {
            records += slot.count + slot.buffer.getInt((slot.count - 1) * RECORD);
            work++;
            return true;
        }

        @Override
        public int doWork()
        {
            work = 0;
            inbox.poll(handler);
            return work;
        }

        @Override
        public String roleName()
        {
            return "consumer";
        }
    }
}
