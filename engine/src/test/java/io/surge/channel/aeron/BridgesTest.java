package io.surge.channel.aeron;

import io.aeron.ExclusivePublication;
import io.surge.channel.ExperienceSlot;
import io.surge.channel.ParameterStore;
import io.surge.channel.PrioritySlot;
import io.surge.channel.Ring;
import io.surge.config.RunConfig;
import io.surge.metrics.EngineCounter;
import io.surge.metrics.RunCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.surge.channel.aeron.AeronTestSupport.config;
import static io.surge.channel.aeron.AeronTestSupport.pump;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridges in one JVM over a real embedded media driver: the learner side launches it, the
 * actor side connects to it as an external driver, as two processes on one host would.
 */
class BridgesTest
{
    private static final int RECORD = 40;
    private static final int BATCH = 50;

    @TempDir
    Path dir;

    private RunCounters learnerCounters;
    private RunCounters actorCounters;
    private AeronBridges learner;
    private AeronBridges actor;

    @BeforeEach
    void clearErrors()
    {
        AeronTestSupport.ERRORS.clear();
    }

    private void start(final String transport, final String... extra) throws IOException
    {
        final List<String> common = new ArrayList<>(List.of("transport=" + transport, "aeron.term_length=1048576",
            "aeron.port_base=" + (41000 + (int)(ProcessHandle.current().pid() % 500) * 4)));
        common.addAll(List.of(extra));
        final List<String> l = new ArrayList<>(common);
        l.add("roles=learner,replay,evaluator");
        if (transport.equals("ipc"))
        {
            // The learner process's embedded driver serves the actor process too.
            l.add("aeron.dir=" + dir.resolve("aeron"));
        }
        learnerCounters = AeronTestSupport.counters(dir.resolve("learner"));
        learner = AeronTestSupport.launch(config(l.toArray(new String[0])), learnerCounters);
        final List<String> a = new ArrayList<>(common);
        a.add("roles=actors");
        if (transport.equals("ipc"))
        {
            a.add("aeron.driver=external");
            a.add("aeron.dir=" + learner.transport().directory());
        }
        actorCounters = AeronTestSupport.counters(dir.resolve("actor"));
        actor = AeronTestSupport.launch(config(a.toArray(new String[0])), actorCounters);
    }

    @AfterEach
    void close()
    {
        final String learnerDir = learner == null ? null : learner.transport().directory();
        final String actorDir = actor == null ? null : actor.transport().directory();
        CloseHelper.closeAll(actor, learner, actorCounters, learnerCounters);
        if (learnerDir != null)
        {
            assertFalse(new File(learnerDir).exists(), "embedded driver directory deleted");
        }
        if (actorDir != null && actor.transport().embedded())
        {
            assertFalse(new File(actorDir).exists(), "embedded driver directory deleted");
        }
        assertTrue(AeronTestSupport.ERRORS.isEmpty(), () -> "errors: " + AeronTestSupport.ERRORS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void shouldDeliverEveryExperienceRecordByteForByteWithCountsThatReconcile(final String transport) throws IOException
    {
        start(transport);
        final ExperienceFormat format = ExperienceFormat.transitions(RECORD, BATCH);
        final Ring<ExperienceSlot> outbox = new Ring<>("outbox", () -> new ExperienceSlot(RECORD, BATCH), 16, false);
        final Ring<ExperienceSlot> inbox = new Ring<>("inbox", () -> new ExperienceSlot(RECORD, BATCH), 4, true);
        final ExperienceProxy proxy = actor.experienceOut(outbox, format);
        final ExperienceAdapter adapter = learner.experienceIn(inbox, format);

        final int messages = 2_000;
        final SplittableRandom random = new SplittableRandom(7);
        final List<byte[]> sent = new ArrayList<>();
        final List<Integer> sources = new ArrayList<>();
        final List<byte[]> received = new ArrayList<>();
        final List<Integer> receivedSources = new ArrayList<>();
        final int[] produced = {0};
        final int[] cycle = {0};
        long records = 0;
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[RECORD * BATCH]);
        final int[] counts = new int[messages];
        for (int m = 0; m < messages; m++)
        {
            counts[m] = 1 + random.nextInt(BATCH);
            records += counts[m];
            for (int r = 0; r < counts[m]; r++)
            {
                AeronTestSupport.fillRecord(scratch, r * RECORD, RECORD, m % 1000, random.nextLong());
            }
            sent.add(java.util.Arrays.copyOf(scratch.byteArray(), counts[m] * RECORD));
            sources.add(m % 3);
        }
        pump("all experience to arrive", 60_000, () -> received.size() == messages, AeronTestSupport.agent("test", () ->
        {
            int work = 0;
            // The actors: publish into the outbox while it has room.
            while (produced[0] < messages)
            {
                final long seq = outbox.tryClaim();
                if (seq < 0)
                {
                    break;
                }
                try
                {
                    final ExperienceSlot slot = outbox.slot(seq);
                    final byte[] bytes = sent.get(produced[0]);
                    slot.buffer.putBytes(0, bytes);
                    slot.count = counts[produced[0]];
                    slot.source = sources.get(produced[0]);
                }
                finally
                {
                    outbox.publish(seq);
                }
                produced[0]++;
                work++;
            }
            // The replay, slower than the senders every other cycle: the inbox fills and the adapter waits.
            if ((cycle[0]++ & 1) == 0)
            {
                inbox.poll((slot, sequence, end) ->
                {
                    final byte[] bytes = new byte[slot.count * RECORD];
                    slot.buffer.getBytes(0, bytes);
                    received.add(bytes);
                    receivedSources.add(slot.source);
                    return true;
                });
            }
            return work;
        }), proxy, adapter);

        for (int m = 0; m < messages; m++)
        {
            assertArrayEquals(sent.get(m), received.get(m), "message " + m);
            assertEquals(sources.get(m), receivedSources.get(m), "source of message " + m);
        }
        assertEquals(messages, value(actorCounters, "aeron experience messages sent"));
        assertEquals(records, value(actorCounters, "aeron experience records sent"));
        assertEquals(messages, value(learnerCounters, "aeron experience messages received"));
        assertEquals(records, value(learnerCounters, "aeron experience records received"));
        assertEquals(value(actorCounters, "aeron experience bytes sent"), value(learnerCounters, "aeron experience bytes received"));
        assertEquals(0, value(learnerCounters, "aeron experience messages lost"));
        assertEquals(0, learnerCounters.get(EngineCounter.REJECTED_MESSAGES).get());
        assertTrue(value(learnerCounters, "aeron experience waits for room downstream") > 0, "the inbox filled at least once");
    }

    private static long value(final RunCounters counters, final String label)
    {
        return AeronTestSupport.counter(counters.file(), label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void shouldBroadcastParametersInChunksToEveryActorProcess(final String transport) throws IOException
    {
        start(transport, "aeron.parameters.chunk_bytes=1024", "aeron.parameters.min_interval_ms=0",
            "aeron.parameters.period_ms=200");
        final int length = 10_000;
        final float[] values = new float[length];
        final ParameterStore learnerStore = new ParameterStore(values);
        final ParameterStore actorStore = new ParameterStore(values);
        final ParameterProxy proxy = learner.parametersOut(learnerStore);
        final ParameterAdapter adapter = actor.parametersIn(actorStore, null);
        final float[] copy = new float[length];
        for (int version = 1; version <= 20; version++)
        {
            for (int i = 0; i < length; i++)
            {
                values[i] = version * 1e-3f + i;
            }
            learnerStore.publish(values, version);
            final long v = version;
            pump("version " + version, 30_000, () -> actorStore.version() == v, proxy, adapter);
            assertEquals(version, actorStore.copyIfNewer(copy, version - 1));
            assertArrayEquals(values, copy, "version " + version);
        }
        assertTrue(value(learnerCounters, "aeron parameter broadcasts") >= 20);
        assertEquals(20, value(actorCounters, "aeron parameter versions applied"));
        assertEquals(0, actorCounters.get(EngineCounter.REJECTED_MESSAGES).get());

        // A process that joins later gets the current version within one period, with nothing new published.
        final ParameterStore lateStore = new ParameterStore(new float[length]);
        final ParameterAdapter late = actor.parametersIn(lateStore, null);
        final long joined = System.nanoTime();
        pump("the late joiner's parameters", 30_000, () -> lateStore.version() == 20, proxy, adapter, late);
        final long tookMs = (System.nanoTime() - joined) / 1_000_000;
        assertTrue(tookMs < 200 + 500, "took " + tookMs + " ms for a period of 200 ms");
        assertEquals(20, lateStore.copyIfNewer(copy, 0));
        assertArrayEquals(values, copy);
    }

    @Test
    void shouldCarryPriorityUpdatesToTheReplayProcess() throws IOException
    {
        start("ipc");
        final Ring<PrioritySlot> learnerSide = new Ring<>("priorities-out", () -> new PrioritySlot(32), 4, false);
        final Ring<PrioritySlot> replaySide = new Ring<>("priorities-in", () -> new PrioritySlot(32), 4, false);
        // Here the "actor" process plays the learner and the learner process plays the replay.
        final PriorityProxy proxy = actor.prioritiesOut(learnerSide, 32);
        final PriorityAdapter adapter = learner.prioritiesIn(replaySide, 32);
        final int updates = 500;
        final int[] sent = {0};
        final List<long[]> ids = new ArrayList<>();
        final List<float[]> errors = new ArrayList<>();
        pump("priorities", 30_000, () -> ids.size() == updates, AeronTestSupport.agent("test", () ->
        {
            final long seq = sent[0] < updates ? learnerSide.tryClaim() : -1;
            if (seq >= 0)
            {
                try
                {
                    final PrioritySlot slot = learnerSide.slot(seq);
                    slot.count = 1 + sent[0] % 32;
                    for (int i = 0; i < slot.count; i++)
                    {
                        slot.ids[i] = sent[0] * 1000L + i;
                        slot.tdErrors[i] = sent[0] + i * 0.5f;
                    }
                }
                finally
                {
                    learnerSide.publish(seq);
                }
                sent[0]++;
            }
            replaySide.poll((slot, sequence, end) ->
            {
                ids.add(java.util.Arrays.copyOf(slot.ids, slot.count));
                errors.add(java.util.Arrays.copyOf(slot.tdErrors, slot.count));
                return true;
            });
            return seq >= 0 ? 1 : 0;
        }), proxy, adapter);
        for (int u = 0; u < updates; u++)
        {
            assertEquals(1 + u % 32, ids.get(u).length);
            for (int i = 0; i < ids.get(u).length; i++)
            {
                assertEquals(u * 1000L + i, ids.get(u)[i]);
                assertEquals(u + i * 0.5f, errors.get(u)[i]);
            }
        }
        assertEquals(updates, value(learnerCounters, "aeron priorities messages received"));
    }

    @Test
    void shouldTrackActorProcessesThatJoinBeatAndSayGoodbye() throws IOException
    {
        start("ipc", "aeron.heartbeat_interval_ms=20", "aeron.liveness_timeout_ms=300");
        final ParameterStore store = new ParameterStore(new float[8]);
        final ParameterProxy proxy = learner.parametersOut(store);
        final LivenessTracker tracker = learner.liveness();
        final HeartbeatSender heartbeat = actor.heartbeat(3, null);
        actorCounters.get(EngineCounter.ENV_STEPS).set(1000);
        actorCounters.get(EngineCounter.EPISODES).set(10);
        pump("join", 10_000, () -> tracker.connectedProcesses() == 1, heartbeat, tracker, proxy);
        assertTrue(tracker.isConnected(actor.instanceId()));
        assertEquals(1, value(learnerCounters, "aeron actor processes connected"));
        assertEquals(3, value(learnerCounters, "aeron actors connected"));
        assertEquals(1, value(learnerCounters, "aeron actor processes joined"));

        assertEquals(1000, learnerCounters.get(EngineCounter.ENV_STEPS).get(), "remote steps counted by the learner");
        assertEquals(10, learnerCounters.get(EngineCounter.EPISODES).get());
        actorCounters.get(EngineCounter.ENV_STEPS).set(1500);

        // Heartbeats keep it connected well past the timeout.
        final long until = System.nanoTime() + 800_000_000L;
        pump("heartbeats for 0.8 s", 10_000, () -> System.nanoTime() > until, heartbeat, tracker, proxy);
        assertEquals(1, tracker.connectedProcesses());
        assertTrue(value(actorCounters, "aeron control messages sent") >= 20);

        // Silence: dropped after the timeout.
        final long silentFrom = System.nanoTime();
        pump("timeout", 10_000, () -> tracker.connectedProcesses() == 0, tracker, proxy);
        final long silentMs = (System.nanoTime() - silentFrom) / 1_000_000;
        assertTrue(silentMs >= 250, "dropped after " + silentMs + " ms of silence");
        assertEquals(1, value(learnerCounters, "aeron actor processes timed out"));
        assertEquals(0, value(learnerCounters, "aeron actors connected"));
        assertEquals(1500, learnerCounters.get(EngineCounter.ENV_STEPS).get());
        actorCounters.get(EngineCounter.ENV_STEPS).set(1700);

        // Its next heartbeat makes it join again; goodbye makes it leave.
        pump("rejoin", 10_000, () -> tracker.connectedProcesses() == 1, heartbeat, tracker, proxy);
        assertEquals(2, value(learnerCounters, "aeron actor processes joined"));
        assertEquals(1700, learnerCounters.get(EngineCounter.ENV_STEPS).get(), "a rejoin adds only the new steps");
        actorCounters.get(EngineCounter.ENV_STEPS).set(2000);
        heartbeat.onClose();
        pump("goodbye", 10_000, () -> tracker.connectedProcesses() == 0, tracker, proxy);
        assertEquals(1, value(learnerCounters, "aeron actor processes left"));
        assertEquals(1, value(learnerCounters, "aeron actor processes timed out"));
        assertEquals(2000, learnerCounters.get(EngineCounter.ENV_STEPS).get(), "goodbye carries the final count");
        assertEquals(10, learnerCounters.get(EngineCounter.EPISODES).get());
        assertEquals(0, learnerCounters.get(EngineCounter.REJECTED_MESSAGES).get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void shouldRejectAndCountTenThousandMalformedMessagesWhileValidTrafficFlows(final String transport) throws IOException
    {
        start(transport);
        final ExperienceFormat format = ExperienceFormat.transitions(RECORD, BATCH);
        final Ring<ExperienceSlot> outbox = new Ring<>("outbox", () -> new ExperienceSlot(RECORD, BATCH), 16, false);
        final Ring<ExperienceSlot> inbox = new Ring<>("inbox", () -> new ExperienceSlot(RECORD, BATCH), 16, true);
        final ExperienceProxy proxy = actor.experienceOut(outbox, format);
        final ExperienceAdapter adapter = learner.experienceIn(inbox, format);
        final LivenessTracker tracker = learner.liveness();
        final HeartbeatSender heartbeat = actor.heartbeat(1, null);
        final TransportSettings s = actor.settings();
        final ExclusivePublication badExperience = actor.transport().aeron()
            .addExclusivePublication(s.publicationChannel(s.experienceChannel()), s.experienceStream());
        final ExclusivePublication badControl = actor.transport().aeron()
            .addExclusivePublication(s.publicationChannel(s.controlChannel()), s.controlStream());
        try
        {
            final MalformedTraffic bad = new MalformedTraffic(s.runId(), format, 11);
            final int total = 10_000;
            final int[] offered = {0};
            final int[] produced = {0};
            final long[] received = {0};
            final int validMessages = 500;
            pump("malformed and valid traffic", 120_000,
                () -> offered[0] == total && received[0] == validMessages &&
                    learner.rejections().total() == total && tracker.connectedProcesses() == 1,
                AeronTestSupport.agent("test", () ->
                {
                    int work = 0;
                    for (int i = 0; i < 8 && offered[0] < total; i++)
                    {
                        final UnsafeBuffer message = bad.next();
                        final ExclusivePublication target = (offered[0] & 3) == 0 ? badControl : badExperience;
                        if (target.offer(message, 0, message.capacity()) < 0)
                        {
                            break;
                        }
                        offered[0]++;
                        work++;
                    }
                    if (produced[0] < validMessages)
                    {
                        final long seq = outbox.tryClaim();
                        if (seq >= 0)
                        {
                            try
                            {
                                final ExperienceSlot slot = outbox.slot(seq);
                                slot.count = 1 + produced[0] % BATCH;
                                for (int r = 0; r < slot.count; r++)
                                {
                                    AeronTestSupport.fillRecord(slot.buffer, r * RECORD, RECORD, r, produced[0]);
                                }
                                slot.source = 0;
                            }
                            finally
                            {
                                outbox.publish(seq);
                            }
                            produced[0]++;
                        }
                    }
                    inbox.poll((slot, sequence, end) ->
                    {
                        received[0]++;
                        return true;
                    });
                    return work;
                }), proxy, adapter, heartbeat, tracker);
            assertEquals(total, learner.rejections().total());
            assertEquals(total, learnerCounters.get(EngineCounter.REJECTED_MESSAGES).get());
            long byReason = 0;
            for (final RejectReason reason : RejectReason.values())
            {
                byReason += learner.rejections().count(reason);
            }
            assertEquals(total, byReason);
            for (final RejectReason reason : new RejectReason[] {RejectReason.WRONG_RUN, RejectReason.UNKNOWN_VERSION,
                RejectReason.LENGTH_MISMATCH, RejectReason.TOO_SHORT, RejectReason.TOO_LONG, RejectReason.BAD_BODY,
                RejectReason.UNEXPECTED_TYPE})
            {
                assertTrue(learner.rejections().count(reason) > 0, "some rejected as " + reason);
            }
            assertEquals(validMessages, value(learnerCounters, "aeron experience messages received"));
            assertEquals(0, value(learnerCounters, "aeron experience messages lost"));
            assertEquals(1, value(learnerCounters, "aeron actor processes joined"));
            assertEquals(0, value(learnerCounters, "aeron actor processes timed out"));
        }
        finally
        {
            CloseHelper.closeAll(badExperience, badControl);
        }
    }

    @Test
    void shouldAllocateNothingPerMessageOnceWarm() throws IOException
    {
        start("ipc", "aeron.parameters.min_interval_ms=0", "aeron.parameters.chunk_bytes=4096",
            "aeron.heartbeat_interval_ms=10");
        final ExperienceFormat format = ExperienceFormat.transitions(RECORD, BATCH);
        final Ring<ExperienceSlot> outbox = new Ring<>("outbox", () -> new ExperienceSlot(RECORD, BATCH), 16, false);
        final Ring<ExperienceSlot> inbox = new Ring<>("inbox", () -> new ExperienceSlot(RECORD, BATCH), 16, true);
        final ExperienceProxy proxy = actor.experienceOut(outbox, format);
        final ExperienceAdapter adapter = learner.experienceIn(inbox, format);
        final float[] values = new float[5000];
        final ParameterStore learnerStore = new ParameterStore(values);
        final ParameterStore actorStore = new ParameterStore(values);
        final ParameterProxy parameterProxy = learner.parametersOut(learnerStore);
        final LivenessTracker tracker = learner.liveness();
        final ParameterAdapter parameterAdapter = actor.parametersIn(actorStore, null);
        final HeartbeatSender heartbeat = actor.heartbeat(1, actorStore);
        final long[] state = new long[3];
        final com.lmax.disruptor.EventPoller.Handler<ExperienceSlot> drain = (slot, sequence, end) ->
        {
            state[0] += slot.count;
            return true;
        };
        final Runnable body = () ->
        {
            final long target = state[1] + 500;
            while (state[0] < target * BATCH)
            {
                if (state[1] < target)
                {
                    final long seq = outbox.tryClaim();
                    if (seq >= 0)
                    {
                        outbox.slot(seq).count = BATCH;
                        outbox.publish(seq);
                        state[1]++;
                    }
                }
                proxy.doWork();
                adapter.doWork();
                inbox.poll(drain);
                heartbeat.doWork();
                tracker.doWork();
            }
            for (int v = 0; v < 20; v++)
            {
                learnerStore.publish(values, ++state[2]);
                while (actorStore.version() < state[2])
                {
                    parameterProxy.doWork();
                    parameterAdapter.doWork();
                }
            }
        };
        // Four measured runs carry 2,000 messages and 80 broadcasts: an allocation per message or per
        // broadcast costs at least 16 bytes each, 32 KB in all. What the bound tolerates is a one-time
        // cost of a branch first taken inside the measured runs: with 500 messages measured, CI saw
        // 232 bytes and one of three local runs of the channel tests 184, never this test alone).
        final long bytes = io.surge.testing.AllocationMeter.bytesAllocated(body, 10, 4);
        assertTrue(bytes < 1_000, "bytes allocated per 2,000 experience messages (fragmented) and 80 parameter " +
            "broadcasts: " + bytes);
        assertEquals(1, tracker.connectedProcesses());
        assertEquals(0, learnerCounters.get(EngineCounter.REJECTED_MESSAGES).get());
    }

    @Test
    void shouldCarryImpalaTrajectoriesWithTheOnPolicySplit() throws IOException
    {
        start("ipc");
        final io.surge.experience.TrajectoryDescriptor unroll = new io.surge.experience.TrajectoryDescriptor(4, 0, 0, 20);
        final ExperienceFormat format = ExperienceFormat.trajectories(unroll, 4);
        final int length = unroll.recordLength();
        final Ring<ExperienceSlot> outbox = new Ring<>("outbox", () -> new ExperienceSlot(length, 4), 8, false);
        final Ring<ExperienceSlot> queue = new Ring<>("learner-queue", () -> new ExperienceSlot(length, 4), 8, true);
        final ParameterStore learnerStore = new ParameterStore(new float[100]);
        final ParameterStore actorStore = new ParameterStore(new float[100]);
        final List<org.agrona.concurrent.Agent> learnerSide = learner.onPolicy(queue, format, learnerStore, 0, null);
        final List<org.agrona.concurrent.Agent> actorSide = actor.onPolicy(outbox, format, actorStore, 2, null);
        assertEquals(List.of("aeron-trajectories-adapter", "aeron-parameters-proxy", "aeron-liveness"),
            learnerSide.stream().map(org.agrona.concurrent.Agent::roleName).toList());
        assertEquals(List.of("aeron-parameters-adapter", "aeron-trajectories-proxy", "aeron-heartbeat"),
            actorSide.stream().map(org.agrona.concurrent.Agent::roleName).toList());
        final int messages = 200;
        final List<byte[]> received = new ArrayList<>();
        final int[] produced = {0};
        final List<org.agrona.concurrent.Agent> all = new ArrayList<>(actorSide);
        all.addAll(learnerSide);
        all.add(AeronTestSupport.agent("test", () ->
        {
            if (produced[0] < messages)
            {
                final long seq = outbox.tryClaim();
                if (seq >= 0)
                {
                    try
                    {
                        final ExperienceSlot slot = outbox.slot(seq);
                        slot.count = 1 + produced[0] % 4;
                        for (int r = 0; r < slot.count; r++)
                        {
                            AeronTestSupport.fillRecord(slot.buffer, r * length, length, r, produced[0] * 10L + r);
                            slot.buffer.putShort(r * length + io.surge.experience.TrajectoryDescriptor.LENGTH_OFFSET, (short)20);
                        }
                        slot.source = 1;
                    }
                    finally
                    {
                        outbox.publish(seq);
                    }
                    produced[0]++;
                }
            }
            queue.poll((slot, sequence, end) ->
            {
                final byte[] bytes = new byte[slot.count * length];
                slot.buffer.getBytes(0, bytes);
                received.add(bytes);
                return true;
            });
            return 1;
        }));
        learnerStore.publish(new float[100], 3);
        pump("trajectories and parameters", 30_000, () -> received.size() == messages && actorStore.version() == 3,
            all.toArray(new org.agrona.concurrent.Agent[0]));
        final UnsafeBuffer expected = new UnsafeBuffer(new byte[4 * length]);
        for (int m = 0; m < messages; m++)
        {
            final int count = 1 + m % 4;
            for (int r = 0; r < count; r++)
            {
                AeronTestSupport.fillRecord(expected, r * length, length, r, m * 10L + r);
                expected.putShort(r * length + io.surge.experience.TrajectoryDescriptor.LENGTH_OFFSET, (short)20);
            }
            assertArrayEquals(java.util.Arrays.copyOf(expected.byteArray(), count * length), received.get(m), "unroll batch " + m);
        }
        assertEquals(messages, value(learnerCounters, "aeron trajectories messages received"));
        assertEquals(0, learnerCounters.get(EngineCounter.REJECTED_MESSAGES).get());
    }

    @Test
    void shouldRefuseToStartAnEmbeddedDriverOverARunningOne() throws IOException
    {
        start("ipc");
        final RunConfig config = config("roles=actors", "aeron.dir=" + learner.transport().directory());
        try (RunCounters counters = AeronTestSupport.counters(dir.resolve("second")))
        {
            final IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> AeronTestSupport.launch(config, counters));
            assertTrue(ex.getMessage().contains("already running"), ex.getMessage());
        }
        assertTrue(new File(learner.transport().directory()).exists(), "the running driver's directory is untouched");
    }

    @Test
    void shouldRefuseToStartWithoutAnExternalDriver() throws IOException
    {
        final RunConfig config = config("roles=actors", "aeron.driver=external", "aeron.dir=" + dir.resolve("nothing-here"),
            "aeron.driver_timeout_ms=200");
        try (RunCounters counters = AeronTestSupport.counters(dir.resolve("c")))
        {
            final IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> AeronTestSupport.launch(config, counters));
            assertTrue(ex.getMessage().contains("surge driver"), ex.getMessage());
        }
    }
}
