package io.surge.replay;

import io.surge.experience.RecordBatch;
import io.surge.experience.SequenceAdder;
import io.surge.experience.SequenceDescriptor;
import io.surge.util.Rng;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplaySnapshotTest
{
    @TempDir
    Path dir;

    private static ReplayConfig config()
    {
        return ReplayConfig.of(3, 0, 3000).withNStep(3).withGamma(0.9).withMaxStreams(16).withSeed(11)
            .withBeta(new LinearSchedule(0.4, 1.0, 500));
    }

    /** Builds a replay with history: feeds, samples and updates. */
    private static PrioritizedReplay populated(final Feeder feeder) 
    {
        final PrioritizedReplay replay = new PrioritizedReplay(config());
        final SampleBatch batch = SampleBatch.forConfig(64, replay.config());
        final Rng rng = new Rng(3);
        final float[] td = new float[64];
        for (int round = 0; round < 120; round++)
        {
            feeder.feed(replay, 5);
            if (replay.sample(batch, 64))
            {
                for (int i = 0; i < 64; i++)
                {
                    td[i] = (float)(rng.nextDouble() * 3);
                }
                replay.updatePriorities(batch.ids, td, 64);
            }
        }
        return replay;
    }

    private static void assertSameState(final PrioritizedReplay expected, final PrioritizedReplay actual)
    {
        final TransitionStorage a = expected.storage;
        final TransitionStorage b = actual.storage;
        assertEquals(a.slots.inserts, b.slots.inserts);
        assertEquals(a.slots.head, b.slots.head);
        assertEquals(a.sampleable, b.sampleable);
        assertEquals(a.evictions, b.evictions);
        assertEquals(a.orphaned, b.orphaned);
        assertEquals(a.staleUpdates, b.staleUpdates);
        assertEquals(a.invalidPriorities, b.invalidPriorities);
        assertEquals(a.priorityUpdates, b.priorityUpdates);
        final int length = a.slotLength;
        final byte[] x = new byte[length];
        final byte[] y = new byte[length];
        for (int slot = 0; slot < a.capacity; slot++)
        {
            a.slots.chunkOf(slot).getBytes(a.slots.offsetInChunk(slot), x);
            b.slots.chunkOf(slot).getBytes(b.slots.offsetInChunk(slot), y);
            assertArrayEquals(x, y, "slot " + slot);
        }
        final int leaves = expected.trees.capacity();
        for (int k = 1; k < 2 * leaves; k++)
        {
            assertEquals(expected.trees.sumNode(k), actual.trees.sumNode(k), "sum node " + k);
            assertEquals(expected.trees.minNode(k), actual.trees.minNode(k), "min node " + k);
        }
        assertEquals(expected.maxPriority(), actual.maxPriority());
        assertEquals(expected.currentBeta(), actual.currentBeta());
        assertArrayEquals(a.rowPosition, b.rowPosition);
        assertArrayEquals(a.pendingId, b.pendingId);
        assertEquals(a.rowOfStream, b.rowOfStream);
    }

    /** Samples, updates and inserts the same way on both and checks they stay identical. */
    private static void assertSameFuture(final PrioritizedReplay a, final PrioritizedReplay b, final Feeder fa, final Feeder fb)
    {
        final SampleBatch x = SampleBatch.forConfig(128, a.config());
        final SampleBatch y = SampleBatch.forConfig(128, b.config());
        final float[] td = new float[128];
        for (int round = 0; round < 30; round++)
        {
            assertEquals(a.sample(x, 128), b.sample(y, 128));
            assertArrayEquals(x.ids, y.ids);
            assertArrayEquals(x.weights, y.weights);
            assertArrayEquals(x.observations, y.observations);
            assertArrayEquals(x.nextObservations, y.nextObservations);
            assertArrayEquals(x.returns, y.returns);
            Arrays.fill(td, round * 0.1f);
            a.updatePriorities(x.ids, td, 128);
            b.updatePriorities(y.ids, td, 128);
            fa.feed(a, 3);
            fb.feed(b, 3);
        }
        assertSameState(a, b);
    }

    @Test
    void shouldRestoreAReplayThatGivesTheSameSamplesForTheSameRngState() throws IOException
    {
        final Feeder feeder = new Feeder(3, 5, 0, 3, 0.9, 25, 1);
        final PrioritizedReplay replay = populated(feeder);
        final Path file = replay.beginSnapshot(dir.resolve("a.snap")).complete();
        final PrioritizedReplay restored = PrioritizedReplay.restore(config(), file);
        assertSameState(replay, restored);
        final Feeder twin = new Feeder(3, 5, 0, 3, 0.9, 25, 1);
        populated(twin); // brings the twin feeder to the same point of its stream
        assertSameFuture(replay, restored, feeder, twin);
        assertFalse(Files.exists(dir.resolve("a.snap.tmp")));
    }

    @Test
    void shouldCaptureTheStateAtTheStartWhileInsertsSamplesAndUpdatesGoOn() throws IOException
    {
        final Feeder feeder = new Feeder(3, 5, 0, 3, 0.9, 25, 1);
        final PrioritizedReplay live = populated(feeder);
        final Feeder twinFeeder = new Feeder(3, 5, 0, 3, 0.9, 25, 1);
        final PrioritizedReplay frozen = populated(twinFeeder); // the same history, left alone from here
        assertSameState(frozen, live);

        final SnapshotWriter writer = live.beginSnapshot(dir.resolve("b.snap"), 4 * live.storage.slotLength);
        final SampleBatch batch = SampleBatch.forConfig(64, live.config());
        final float[] td = new float[64];
        final Rng rng = new Rng(99);
        int steps = 0;
        while (!writer.isDone())
        {
            final long slotsBefore = writer.preservedSlots;
            final int records = feederStep(feeder, live);
            assertTrue(writer.preservedSlots - slotsBefore <= (long)records * (1 + 3),
                "an insert preserves at most its own slots and the ones it links");
            if (live.sample(batch, 64))
            {
                for (int i = 0; i < 64; i++)
                {
                    td[i] = (float)(rng.nextDouble() * 10);
                }
                final long leavesBefore = writer.preservedLeaves;
                live.updatePriorities(batch.ids, td, 64);
                assertTrue(writer.preservedLeaves - leavesBefore <= 64);
            }
            writer.doWork();
            steps++;
        }
        assertTrue(steps > 100, "written in many small steps: " + steps);
        assertTrue(writer.preservedSlots > 0 && writer.preservedLeaves > 0, "copy-on-write was exercised");
        final PrioritizedReplay restored = PrioritizedReplay.restore(config(), writer.target());
        assertSameState(frozen, restored);
        assertSameFuture(frozen, restored, twinFeeder, new FeederCopy(twinFeeder).feeder);
    }

    /** One vector step of the feeder into the replay; returns the records inserted. */
    private static int feederStep(final Feeder feeder, final Replay replay)
    {
        feeder.step();
        replay.insert(feeder.buffer, 0, feeder.batch.count());
        return feeder.batch.count();
    }

    /** A second feeder at the same point of the same stream as another (replays its history). */
    private static final class FeederCopy
    {
        final Feeder feeder;

        FeederCopy(final Feeder original)
        {
            feeder = new Feeder(3, 5, 0, 3, 0.9, 25, 1);
            populated(feeder);
        }
    }

    @Test
    void shouldRefuseTruncatedAndCorruptedSnapshotsWithAClearError() throws IOException
    {
        final PrioritizedReplay replay = populated(new Feeder(3, 5, 0, 3, 0.9, 25, 1));
        final Path good = replay.beginSnapshot(dir.resolve("good.snap")).complete();
        final long size = Files.size(good);

        final Path truncated = copy(good, "truncated.snap");
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE))
        {
            channel.truncate(size - 100);
        }
        assertRefused(truncated, "truncated");
        final Path tiny = copy(good, "tiny.snap");
        try (FileChannel channel = FileChannel.open(tiny, StandardOpenOption.WRITE))
        {
            channel.truncate(1000);
        }
        assertRefused(tiny, "truncated");

        assertRefused(flip(good, "meta.snap", headerField(good, SnapshotWriter.H_META_OFFSET) + 60), "meta section is corrupted");
        assertRefused(flip(good, "slots.snap", headerField(good, SnapshotWriter.H_SLOTS_OFFSET) + 777), "slots section is corrupted");
        assertRefused(flip(good, "leaves.snap", headerField(good, SnapshotWriter.H_LEAVES_OFFSET) + 40), "leaves section is corrupted");
        assertRefused(flip(good, "header.snap", 200), "header is corrupted");
        assertRefused(flip(good, "magic.snap", 0), "not a Surge replay snapshot");

        final ReplaySnapshotException other = assertThrows(ReplaySnapshotException.class,
            () -> PrioritizedReplay.restore(config().withAlpha(0.7), good));
        assertTrue(other.getMessage().contains("alpha"), other.getMessage());
        final ReplaySnapshotException kind = assertThrows(ReplaySnapshotException.class, () -> UniformReplay.restore(config(), good));
        assertTrue(kind.getMessage().contains("kind"), kind.getMessage());
        assertRefused(dir.resolve("missing.snap"), "no such file");
        // the good one still restores
        assertNotNull(PrioritizedReplay.restore(config(), good));
    }

    @Test
    void shouldKeepThePreviousSnapshotAndFallBackToItWhenTheNewestIsBad() throws IOException
    {
        final ReplaySnapshotFiles files = new ReplaySnapshotFiles(dir.resolve("snaps"), "replay", 2);
        final Feeder feeder = new Feeder(3, 5, 0, 3, 0.9, 25, 1);
        final PrioritizedReplay replay = populated(feeder);
        final Path first = replay.beginSnapshot(files.next()).complete();
        final long insertsAtFirst = replay.stats().inserts();
        feeder.feed(replay, 50);
        final Path second = replay.beginSnapshot(files.next()).complete();
        assertEquals(List.of(second, first), files.newestFirst());
        // an abandoned third snapshot leaves nothing behind
        final SnapshotWriter abandoned = replay.beginSnapshot(files.next());
        abandoned.doWork();
        abandoned.close();
        assertEquals(List.of(second, first), files.newestFirst());
        try (var stream = Files.list(dir.resolve("snaps")))
        {
            assertEquals(2, stream.count(), "no .tmp left");
        }
        // corrupt the newest: restoring falls back to the previous one and says why
        Files.write(second, new byte[] {1, 2, 3}, StandardOpenOption.TRUNCATE_EXISTING);
        final List<String> refusals = new ArrayList<>();
        final PrioritizedReplay restored = files.restoreLatest(f -> PrioritizedReplay.restore(config(), f), refusals);
        assertNotNull(restored);
        assertEquals(insertsAtFirst, restored.stats().inserts());
        assertEquals(1, refusals.size());
        assertTrue(refusals.get(0).contains(second.getFileName().toString()) && refusals.get(0).contains("truncated"), refusals.get(0));
        // pruning keeps the newest two
        replay.beginSnapshot(files.next()).complete();
        assertEquals(1, files.prune());
        assertEquals(2, files.newestFirst().size());
    }

    @Test
    void shouldRoundTripUniformAndSequenceReplays() throws IOException
    {
        final UniformReplay uniform = new UniformReplay(config());
        final Feeder feeder = new Feeder(3, 4, 0, 3, 0.9, 25, 5);
        feeder.feed(uniform, 900);
        final UniformReplay uniformBack = UniformReplay.restore(config(), uniform.beginSnapshot(dir.resolve("u.snap")).complete());
        final SampleBatch x = SampleBatch.forConfig(32, config());
        final SampleBatch y = SampleBatch.forConfig(32, config());
        for (int i = 0; i < 20; i++)
        {
            assertTrue(uniform.sample(x, 32) && uniformBack.sample(y, 32));
            assertArrayEquals(x.ids, y.ids);
            assertArrayEquals(x.nextObservations, y.nextObservations);
        }
        assertEquals(uniform.stats().orphanedTransitions(), uniformBack.stats().orphanedTransitions());

        final SequenceDescriptor layout = new SequenceDescriptor(2, 0, 2, 2, 4);
        final SequenceReplayConfig sequenceConfig = SequenceReplayConfig.r2d2(layout, 100);
        final SequenceReplay sequences = new SequenceReplay(sequenceConfig);
        final SequenceAdder adder = new SequenceAdder(layout, 1, 3, 0.99, 0.9, 0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[layout.recordLength()]);
        final RecordBatch out = new RecordBatch(layout.recordLength()).wrap(buffer, 0, 1);
        adder.begin(0, new float[2], 0);
        for (int t = 0; t < 500; t++)
        {
            out.reset();
            adder.values(0, t % 7, 0.5);
            adder.step(0, new float[] {t, -t}, 0, t % 3, 1f, false, false, new float[] {t, t + 1}, 0, out);
            sequences.insert(buffer, 0, out.count());
        }
        final SequenceReplay sequencesBack = SequenceReplay.restore(sequenceConfig,
            sequences.beginSnapshot(dir.resolve("s.snap")).complete());
        assertEquals(sequences.maxPriority(), sequencesBack.maxPriority());
        assertEquals(sequences.inserts(), sequencesBack.inserts());
        assertEquals(sequences.evictions(), sequencesBack.evictions());
        final SequenceBatch a = new SequenceBatch(16, layout);
        final SequenceBatch b = new SequenceBatch(16, layout);
        for (int i = 0; i < 20; i++)
        {
            assertTrue(sequences.sample(a, 16) && sequencesBack.sample(b, 16));
            assertArrayEquals(a.ids, b.ids);
            assertArrayEquals(a.weights, b.weights);
            assertArrayEquals(a.observations, b.observations);
            assertArrayEquals(a.states, b.states);
        }
    }

    @Test
    void shouldRefuseASecondSnapshotWhileOneRuns() throws IOException
    {
        final PrioritizedReplay replay = populated(new Feeder(3, 5, 0, 3, 0.9, 25, 1));
        try (SnapshotWriter writer = replay.beginSnapshot(dir.resolve("one.snap")))
        {
            assertThrows(IllegalStateException.class, () -> replay.beginSnapshot(dir.resolve("two.snap")));
            writer.complete();
        }
        assertNotNull(replay.beginSnapshot(dir.resolve("three.snap")).complete());
    }

    private void assertRefused(final Path file, final String reason)
    {
        final ReplaySnapshotException ex = assertThrows(ReplaySnapshotException.class, () -> PrioritizedReplay.restore(config(), file));
        assertTrue(ex.getMessage().contains(reason) && ex.getMessage().contains(file.getFileName().toString()), ex.getMessage());
    }

    private static long headerField(final Path file, final int offset) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer value = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            channel.read(value, offset);
            return value.getLong(0);
        }
    }

    private Path copy(final Path from, final String name) throws IOException
    {
        return Files.copy(from, dir.resolve(name));
    }

    private Path flip(final Path from, final String name, final long at) throws IOException
    {
        final Path file = copy(from, name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte)(one.get(0) ^ 0x10)).position(0);
            channel.write(one, at);
        }
        return file;
    }
}
