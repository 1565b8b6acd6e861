package io.surge.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyRecorderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteAPercentileFileInMicroseconds() throws IOException
    {
        final LatencyRecorder recorder = new LatencyRecorder("env_step");
        for (int i = 1; i <= 1000; i++)
        {
            recorder.record(i * 1000L);
        }
        assertEquals(1000, recorder.histogram().getTotalCount());
        assertEquals(500_000, recorder.histogram().getValueAtPercentile(50), 500);
        final Path file = recorder.writeHgrm(dir);
        final String text = Files.readString(file);
        assertTrue(text.contains("Value     Percentile"), text);
        assertTrue(text.contains("#[Mean    =      500.5"), text);
    }

    @Test
    void shouldClampValuesOutsideTheRange()
    {
        final LatencyRecorder recorder = new LatencyRecorder("x");
        recorder.record(-5);
        recorder.record(Long.MAX_VALUE);
        assertEquals(2, recorder.histogram().getTotalCount());
    }

    @Test
    void shouldRefuseStageNamesThatAreNotFileNames()
    {
        assertThrows(IllegalArgumentException.class, () -> new LatencyRecorder("../evil"));
    }
}
