package io.surge.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsCsvTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteAHeaderThenRowsWithEmptyCellsForNaN() throws IOException
    {
        final Path file = dir.resolve("metrics.csv");
        try (MetricsCsv csv = new MetricsCsv(file, List.of("wall_s", "env_steps", "return_mean_100"), false))
        {
            csv.row(new double[] {1.25, 1000, Double.NaN});
            csv.row(new double[] {2.5, 2000, 21.5});
        }
        assertEquals(List.of("wall_s,env_steps,return_mean_100", "1.25000,1000,", "2.50000,2000,21.5000"),
            Files.readAllLines(file));
    }

    @Test
    void shouldKeepTheHeaderWhenAppendingForAResumedRun() throws IOException
    {
        final Path file = dir.resolve("metrics.csv");
        try (MetricsCsv csv = new MetricsCsv(file, List.of("a"), false))
        {
            csv.row(new double[] {1});
        }
        try (MetricsCsv csv = new MetricsCsv(file, List.of("a"), true))
        {
            csv.row(new double[] {2});
        }
        assertEquals(List.of("a", "1", "2"), Files.readAllLines(file));
    }

    @Test
    void shouldAverageTheLastHundredReturns()
    {
        final ReturnWindow window = new ReturnWindow(100);
        assertEquals(Double.NaN, window.mean());
        for (int i = 1; i <= 150; i++)
        {
            window.add(i);
        }
        assertEquals(100, window.count());
        assertEquals(100.5, window.mean(), 1e-12);
    }

    @Test
    void shouldDeliverEpisodeReportsFromManyThreads() throws InterruptedException
    {
        final EpisodeReports reports = new EpisodeReports(1 << 16);
        final int perThread = 2000;
        final Thread[] threads = new Thread[4];
        final int[] total = new int[1];
        final double[] sum = new double[1];
        for (int t = 0; t < threads.length; t++)
        {
            final int actor = t;
            threads[t] = new Thread(() ->
            {
                for (int i = 0; i < perThread; i++)
                {
                    while (!reports.offer(actor, i, 1.0))
                    {
                        Thread.onSpinWait();
                    }
                }
            });
            threads[t].start();
        }
        boolean alive = true;
        while (alive || reports.drain((a, l, r) -> { total[0]++; sum[0] += r; }) > 0)
        {
            reports.drain((a, l, r) ->
            {
                total[0]++;
                sum[0] += r;
            });
            alive = false;
            for (final Thread thread : threads)
            {
                alive |= thread.isAlive();
            }
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        reports.drain((a, l, r) ->
        {
            total[0]++;
            sum[0] += r;
        });
        assertEquals(threads.length * perThread, total[0]);
        assertEquals(threads.length * perThread, sum[0], 1e-9);
    }
}
