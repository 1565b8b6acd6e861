package io.surge.channel.aeron;

import io.surge.channel.ParameterStore;
import org.agrona.concurrent.Agent;

/** The learner's stand-in: publishes a new parameter version (v[i] = version + i / 1000) every period. */
final class VersionPublisher implements Agent
{
    private final ParameterStore store;
    private final float[] values;
    private final long periodNs;
    private long version;
    private long nextNs = System.nanoTime();

    VersionPublisher(final ParameterStore store, final long periodMs)
    {
        this.store = store;
        this.periodNs = periodMs * 1_000_000L;
        this.values = new float[store.length()];
    }

    @Override
    public int doWork()
    {
        if (System.nanoTime() < nextNs)
        {
            return 0;
        }
        nextNs += periodNs;
        version++;
        for (int i = 0; i < values.length; i++)
        {
            values[i] = version + i * 1e-3f;
        }
        store.publish(values, version);
        return 1;
    }

    @Override
    public String roleName()
    {
        return "publisher";
    }
}
