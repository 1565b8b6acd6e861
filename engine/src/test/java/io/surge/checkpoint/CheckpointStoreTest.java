package io.surge.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The series of update checkpoints, its pruning, and the separate best-evaluation slot. */
class CheckpointStoreTest
{
    @TempDir
    Path dir;

    private static Path write(final CheckpointStore store, final long updates) throws IOException
    {
        final Path tmp = store.begin(updates);
        Files.writeString(tmp.resolve("learner.ckpt"), "weights " + updates);
        return store.commit(tmp, updates, Map.of("updates", Long.toString(updates)));
    }

    @Test
    void shouldKeepTheNewestCheckpointsAndIgnoreUnfinishedOnes() throws IOException
    {
        final CheckpointStore store = new CheckpointStore(dir, 2);
        assertNull(store.latest());
        write(store, 10);
        write(store, 20);
        write(store, 30);
        assertFalse(Files.exists(dir.resolve("update-000000000010")), "pruned beyond keep=2");
        assertTrue(Files.exists(dir.resolve("update-000000000020")));
        store.begin(40); // a crash before commit leaves only a .tmp folder
        assertEquals(dir.resolve("update-000000000030"), store.latest());
        assertEquals("30", CheckpointStore.readState(store.latest()).get("updates"));
    }

    @Test
    void shouldReplaceTheBestCheckpointWithoutTouchingTheSeries() throws IOException
    {
        final CheckpointStore store = new CheckpointStore(dir, 1);
        assertNull(store.best());
        for (final String mean : new String[] {"100.0", "250.0"})
        {
            final Path tmp = store.beginBest();
            Files.writeString(tmp.resolve("learner.ckpt"), "weights " + mean);
            store.commitBest(tmp, Map.of("eval_return_mean", mean));
        }
        write(store, 5);
        write(store, 6);
        assertEquals(dir.resolve(CheckpointStore.BEST), store.best());
        assertEquals("250.0", CheckpointStore.readState(store.best()).get("eval_return_mean"));
        assertEquals("weights 250.0", Files.readString(store.best().resolve("learner.ckpt")));
        assertEquals(dir.resolve("update-000000000006"), store.latest(), "best is not part of the series");
        assertTrue(Files.exists(store.best()), "pruning the series keeps best");
        assertFalse(Files.exists(dir.resolve(CheckpointStore.BEST + ".old")));
        assertFalse(Files.exists(dir.resolve(CheckpointStore.BEST + ".tmp")));
    }

    @Test
    void shouldFallBackToThePreviousBestWhenACrashCameBetweenTheRenames() throws IOException
    {
        final CheckpointStore store = new CheckpointStore(dir, 1);
        final Path tmp = store.beginBest();
        store.commitBest(tmp, Map.of("eval_return_mean", "7.5"));
        Files.move(dir.resolve(CheckpointStore.BEST), dir.resolve(CheckpointStore.BEST + ".old"));
        assertEquals(dir.resolve(CheckpointStore.BEST + ".old"), store.best());
        assertEquals("7.5", CheckpointStore.readState(store.best()).get("eval_return_mean"));
    }
}
