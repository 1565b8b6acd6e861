package io.surge.channel.aeron;

import io.surge.channel.ExperienceSlot;
import io.surge.config.RunConfig;
import io.surge.metrics.CounterSnapshot;
import io.surge.metrics.CountersFile;
import io.surge.metrics.RunCounters;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared pieces of the Aeron bridge tests. */
final class AeronTestSupport
{
    private AeronTestSupport()
    {
    }

    /** Errors the bridges' error handler received. */
    static final List<Throwable> ERRORS = Collections.synchronizedList(new ArrayList<>());

    /**
     * A configuration from lines.
     *
     * @param lines {@code key=value} lines.
     * @return the configuration (name aeron-test, so every process derives the same run id).
     */
    static RunConfig config(final String... lines)
    {
        return RunConfig.fromText(String.join("\n", lines) + "\n", "aeron-test", List.of());
    }

    static RunCounters counters(final Path dir) throws IOException
    {
        java.nio.file.Files.createDirectories(dir);
        return RunCounters.create(dir, 1);
    }

    static AeronBridges launch(final RunConfig config, final RunCounters counters)
    {
        return AeronBridges.launch(TransportSettings.from(config), counters, ERRORS::add, null, Integer.MAX_VALUE);
    }

    /** Runs the agents' duty cycles on this thread until the condition holds, or fails after the timeout. */
    static void pump(final String what, final long timeoutMs, final BooleanSupplier done, final Agent... agents)
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!done.getAsBoolean())
        {
            int work = 0;
            for (final Agent agent : agents)
            {
                try
                {
                    work += agent.doWork();
                }
                catch (final Exception ex)
                {
                    throw new AssertionError(agent.roleName() + " failed", ex);
                }
            }
            if (System.nanoTime() > deadline)
            {
                fail("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            if (work == 0)
            {
                Thread.yield();
            }
        }
    }

    /** An agent whose duty cycle is the given code. */
    static Agent agent(final String name, final java.util.function.IntSupplier dutyCycle)
    {
        return new Agent()
        {
            @Override
            public int doWork()
            {
                return dutyCycle.getAsInt();
            }

            @Override
            public String roleName()
            {
                return name;
            }
        };
    }

    /** Fills a record of {@code recordLength} bytes: stream id at 0, then bytes derived from (seed, i). */
    static void fillRecord(final UnsafeBuffer buffer, final int offset, final int recordLength, final int streamId,
        final long seed)
    {
        buffer.putInt(offset, streamId);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 4; i < recordLength; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            buffer.putByte(offset + i, (byte)x);
        }
    }

    static ExperienceSlot slot(final int recordLength, final int records)
    {
        return new ExperienceSlot(recordLength, records);
    }

    /** A counter's value from a counters file, by label. */
    static long counter(final CountersFile file, final String label)
    {
        return CounterSnapshot.take(file).value(label);
    }
}
