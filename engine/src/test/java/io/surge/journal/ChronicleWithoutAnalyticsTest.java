package io.surge.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChronicleWithoutAnalyticsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNotHaveChronicleAnalyticsOnTheClassPath()
    {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
        assertEquals("true", System.getProperty("chronicle.analytics.disable"));
    }

    @Test
    void shouldWriteAndReadAQueueWithoutTheAnalyticsModule()
    {
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir.resolve("q").toFile()).build())
        {
            final ExcerptAppender appender = queue.createAppender();
            for (int i = 0; i < 100; i++)
            {
                final int value = i;
                appender.writeDocument(w -> w.write("step").int32(value));
            }
            final ExcerptTailer tailer = queue.createTailer();
            final int[] sum = new int[1];
            final int[] count = new int[1];
            while (tailer.readDocument(r ->
            {
                sum[0] += r.read("step").int32();
                count[0]++;
            }))
            {
                // read all
            }
            assertEquals(100, count[0]);
            assertEquals(4950, sum[0]);
        }
    }
}
