package io.surge.agent;

import com.lmax.disruptor.EventPoller;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.PrioritySlot;
import io.surge.channel.Ring;
import io.surge.channel.SampleSlot;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.LatencyRecorder;
import io.surge.metrics.RunCounters;
import io.surge.replay.RateLimiter;
import io.surge.replay.Replay;
import io.surge.replay.SampleBatch;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The replay role: the single owner of all replay state. Each duty cycle it
 * <ol>
 *   <li>applies the learner's priority updates (priority ring),</li>
 *   <li>inserts experience batches from the actors (experience ring) while the rate limiter
 *       allows inserts,</li>
 *   <li>prepares sample batches for the learner (sample ring, up to its capacity ahead) while the
 *       rate limiter allows samples.</li>
 * </ol>
 * It never blocks: a refusal of the rate limiter or a full ring is zero work this cycle.
 *
 * <p>Threading: an Agrona agent; every method on the replay's thread. Allocation-free.
 */
public final class ReplayAgent implements Agent
{
    private final Replay replay;
    private final RateLimiter limiter;
    private final Ring<ExperienceSlot> experience;
    private final Ring<SampleSlot> samples;
    private final Ring<PrioritySlot> priorities;
    private final int batchSize;
    private final int maxRecordsPerSlot;
    private final AtomicCounter size;
    private final AtomicCounter inserts;
    private final AtomicCounter sampled;
    private final AtomicCounter blockedInserts;
    private final AtomicCounter blockedSamples;
    private final AtomicCounter staleUpdates;
    private final AtomicCounter rejectedRecords;
    private final AtomicCounter experienceOccupancy;
    private final AtomicCounter sampleOccupancy;
    private final LatencyRecorder sampleLatency;
    private final LatencyRecorder insertLatency;
    private final LatencyRecorder experienceTransit;
    private final EventPoller.Handler<ExperienceSlot> onExperience = this::onExperience;
    private final EventPoller.Handler<PrioritySlot> onPriorities = this::onPriorities;
    private int work;

    /**
     * Makes the role.
     *
     * @param replay            the replay it owns.
     * @param limiter           the rate limiter (its state is mirrored into counters).
     * @param experience        actors to replay.
     * @param samples           replay to learner.
     * @param priorities        learner to replay.
     * @param batchSize         samples per batch.
     * @param maxRecordsPerSlot records an experience slot can hold.
     * @param counters          the run's counters.
     * @param context           for latency recorders.
     */
    public ReplayAgent(
        final Replay replay,
        final RateLimiter limiter,
        final Ring<ExperienceSlot> experience,
        final Ring<SampleSlot> samples,
        final Ring<PrioritySlot> priorities,
        final int batchSize,
        final int maxRecordsPerSlot,
        final RunCounters counters,
        final RunContext context)
    {
        this.replay = replay;
        this.limiter = limiter;
        this.experience = experience;
        this.samples = samples;
        this.priorities = priorities;
        this.batchSize = batchSize;
        this.maxRecordsPerSlot = maxRecordsPerSlot;
        this.size = counters.get(EngineCounter.REPLAY_SIZE);
        this.inserts = counters.get(EngineCounter.REPLAY_INSERTS);
        this.sampled = counters.get(EngineCounter.REPLAY_SAMPLED);
        this.blockedInserts = counters.register("replay inserts refused by rate limiter");
        this.blockedSamples = counters.register("replay samples refused by rate limiter");
        this.staleUpdates = counters.register("replay stale priority updates");
        this.rejectedRecords = counters.register("replay rejected records");
        this.experienceOccupancy = counters.register("experience ring occupancy");
        this.sampleOccupancy = counters.register("sample ring occupancy");
        this.sampleLatency = context.latency("replay_sample");
        this.insertLatency = context.latency("replay_insert");
        this.experienceTransit = context.latency("experience_transit");
    }

    @Override
    public int doWork()
    {
        work = 0;
        priorities.poll(onPriorities);
        if (limiter.canInsert(maxRecordsPerSlot))
        {
            experience.poll(onExperience);
        }
        else
        {
            blockedInserts.setRelease(limiter.blockedInserts());
        }
        while (samples.occupancy() < samples.capacity() && replay.sampleableCount() > 0)
        {
            if (!limiter.trySample(batchSize))
            {
                blockedSamples.setRelease(limiter.blockedSamples());
                break;
            }
            final long seq = samples.tryClaim();
            if (seq < 0)
            {
                break;
            }
            try
            {
                final SampleBatch batch = samples.slot(seq).batch;
                final long start = System.nanoTime();
                replay.sample(batch, batchSize);
                final long end = System.nanoTime();
                sampleLatency.record(end - start);
                samples.slot(seq).publishedNs = end;
                sampled.getAndAddRelease(batch.size());
            }
            finally
            {
                samples.publish(seq);
            }
            work++;
        }
        experienceOccupancy.setRelease(experience.occupancy());
        sampleOccupancy.setRelease(samples.occupancy());
        return work;
    }

    private boolean onExperience(final ExperienceSlot slot, final long sequence, final boolean endOfBatch)
    {
        final long before = replay.size();
        final long start = System.nanoTime();
        if (slot.publishedNs != 0)
        {
            experienceTransit.record(start - slot.publishedNs);
        }
        limiter.tryInsert(slot.count);
        final int stored = replay.insert(slot.buffer, 0, slot.count);
        insertLatency.record(System.nanoTime() - start);
        if (stored > 0)
        {
            final long after = replay.size();
            final long evicted = before + stored - after;
            if (evicted > 0)
            {
                limiter.deleted(evicted);
            }
            inserts.getAndAddRelease(stored);
            size.setRelease(after);
        }
        rejectedRecords.setRelease(replay.stats().rejectedRecords());
        work++;
        return limiter.canInsert(maxRecordsPerSlot);
    }

    private boolean onPriorities(final PrioritySlot slot, final long sequence, final boolean endOfBatch)
    {
        replay.updatePriorities(slot.ids, slot.tdErrors, slot.count);
        staleUpdates.setRelease(replay.stats().staleUpdates());
        work++;
        return true;
    }

    /**
     * The replay (for snapshots after the role stopped).
     *
     * @return the replay.
     */
    public Replay replay()
    {
        return replay;
    }

    @Override
    public String roleName()
    {
        return "replay";
    }
}
