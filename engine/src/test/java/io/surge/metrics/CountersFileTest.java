package io.surge.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLetAReaderSeeTheWritersCountersHeaderAndErrors() throws IOException
    {
        try (RunCounters counters = RunCounters.create(dir, 1234L))
        {
            counters.get(EngineCounter.ENV_STEPS).getAndAdd(500);
            counters.get(EngineCounter.EPISODES).increment();
            counters.register("my role counter").set(77);
            counters.errorLog().record(new IllegalStateException("boom"));
            counters.heartbeat();

            final CountersFile reader = CountersFile.open(dir.resolve(CountersFile.FILE_NAME));
            try
            {
                assertEquals(1234L, reader.runId());
                assertEquals(ProcessHandle.current().pid(), reader.pid());
                assertEquals(CountersFile.STATUS_RUNNING, reader.status());
                assertTrue(System.currentTimeMillis() - reader.heartbeatTimeMs() < 5_000);
                final CounterSnapshot snapshot = CounterSnapshot.take(reader);
                assertEquals(500, snapshot.value("env steps"));
                assertEquals(1, snapshot.value("episodes"));
                assertEquals(77, snapshot.value("my role counter"));
                assertEquals(EngineCounter.values().length + 1, snapshot.ids().length);
                final StringBuilder errors = new StringBuilder();
                assertEquals(1, org.agrona.concurrent.errors.ErrorLogReader.read(reader.errorLogBuffer(),
                    (count, first, last, text) -> errors.append(text)));
                assertTrue(errors.toString().contains("boom"));

                counters.finish(false);
                assertEquals(CountersFile.STATUS_FINISHED, reader.status());
            }
            finally
            {
                reader.close();
            }
        }
    }

    @Test
    void shouldGiveEngineCountersTheirOrdinalsAsIds() throws IOException
    {
        try (RunCounters counters = RunCounters.create(dir, 1L))
        {
            for (final EngineCounter c : EngineCounter.values())
            {
                assertEquals(c.ordinal(), counters.get(c).id());
            }
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFile() throws IOException
    {
        final Path junk = dir.resolve("junk.dat");
        Files.write(junk, new byte[4096]);
        final IOException ex = assertThrows(IOException.class, () -> CountersFile.open(junk));
        assertTrue(ex.getMessage().contains("bad magic"), ex.getMessage());

        final Path tiny = dir.resolve("tiny.dat");
        Files.write(tiny, new byte[10]);
        assertThrows(IOException.class, () -> CountersFile.open(tiny));
    }

    @Test
    void shouldRefuseATruncatedCountersFile() throws IOException
    {
        try (RunCounters counters = RunCounters.create(dir, 9L))
        {
            counters.heartbeat();
        }
        final Path file = dir.resolve(CountersFile.FILE_NAME);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.truncate(ch.size() / 2);
        }
        final IOException ex = assertThrows(IOException.class, () -> CountersFile.open(file));
        assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
    }
}
