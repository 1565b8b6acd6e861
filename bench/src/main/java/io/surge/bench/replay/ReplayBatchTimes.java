package io.surge.bench.replay;

import io.surge.bench.BenchMain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link ReplaySampleBench#prioritizedSampleAndUpdate} batch by batch without JMH: the same
 * replay state (its {@code setup()}), the same method, called back to back in blocks of
 * {@code --batches} batches, after a warm-up of three blocks' worth; each block prints the minimum, median, 90th percentile and mean
 * nanoseconds per item, and the items per second its median and its mean come to. On a shared
 * machine the blocks show which stretches of time were disturbed (the median jumps) and which were
 * not, which one JMH figure averaged over seconds cannot.
 * <pre>
 * java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.replay.ReplayBatchTimes \
 *     [--log2 20] [--blocks 12] [--batches 4000]
 * </pre>
 * It starts a child JVM with Surge's flags ({@link BenchMain#jvmFlags()}), as JMH forks do.
 */
public final class ReplayBatchTimes
{
    private static final String CHILD = "surge.bench.child";

    private ReplayBatchTimes()
    {
    }

    /**
     * Runs the measurement.
     *
     * @param args {@code [--log2 N] [--blocks N] [--batches N]}.
     * @throws Exception if the child JVM cannot be started.
     */
    public static void main(final String[] args) throws Exception
    {
        int log2 = 20;
        int blocks = 12;
        int batches = 4000;
        for (int i = 0; i < args.length; i += 2)
        {
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(args[i] + " needs a value; usage: [--log2 N] [--blocks N] [--batches N]");
            }
            final int value = Integer.parseInt(args[i + 1]);
            switch (args[i])
            {
                case "--log2" -> log2 = value;
                case "--blocks" -> blocks = value;
                case "--batches" -> batches = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; allowed: --log2, --blocks, --batches");
            }
        }
        if (log2 < 10 || log2 > 26 || blocks < 1 || batches < 2)
        {
            throw new IllegalArgumentException("need --log2 in [10, 26], --blocks >= 1 and --batches >= 2");
        }
        if (!Boolean.getBoolean(CHILD))
        {
            final List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(List.of(BenchMain.jvmFlags()));
            cmd.addAll(List.of("-D" + CHILD + "=true", "-cp", System.getProperty("java.class.path"),
                ReplayBatchTimes.class.getName()));
            cmd.addAll(List.of(args));
            System.exit(new ProcessBuilder(cmd).inheritIO().start().waitFor());
        }
        measure(log2, blocks, batches);
    }

    private static void measure(final int log2, final int blocks, final int batches)
    {
        final ReplaySampleBench bench = new ReplaySampleBench();
        bench.log2Capacity = log2;
        bench.setup();
        for (int i = 0; i < 3 * batches; i++)
        {
            bench.prioritizedSampleAndUpdate(); // warm-up: until C2 has compiled the whole path
        }
        final int items = 512;
        final long[] times = new long[batches];
        System.out.printf(Locale.ROOT, "# prioritized sample + update of %d at 2^%d, %d batches per block, ns per item%n", items, log2,
            batches);
        System.out.println("block  min  p50  p90  mean  M items/s at p50  M items/s at mean");
        for (int block = 0; block < blocks; block++)
        {
            long sum = 0;
            for (int i = 0; i < batches; i++)
            {
                final long start = System.nanoTime();
                bench.prioritizedSampleAndUpdate();
                times[i] = System.nanoTime() - start;
                sum += times[i];
            }
            Arrays.sort(times);
            final double p50 = times[batches / 2] / (double)items;
            final double mean = sum / (double)batches / items;
            System.out.printf(Locale.ROOT, "%5d  %.0f  %.0f  %.0f  %.0f  %.2f  %.2f%n", block, times[0] / (double)items, p50,
                times[batches * 9 / 10] / (double)items, mean, 1e3 / p50, 1e3 / mean);
        }
    }
}
