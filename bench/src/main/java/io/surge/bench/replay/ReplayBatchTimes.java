package io.surge.bench.replay;

import io.surge.bench.BenchMain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link ReplaySampleBench#prioritizedSampleAndUpdate} batch by batch without JMH: the same
 * replay state (its {@code setup()}), the same method, called back to back in blocks of
 * {@code --batches} batches, after a warm-up of three blocks' worth; each block prints the minimum,
 * median, 90th percentile and mean nanoseconds per item, and the items per second its median and
 * its mean come to. After each batch a {@link CpuProbe} (fixed arithmetic, no memory traffic) is
 * timed too: its time moves only with the speed the machine gives the thread, so each block also
 * prints its median probe time relative to the run's full-speed one ({@code cpu}, 1.00 = full
 * speed), and the run ends with the mean of the batches whose probe ran at full speed and of the
 * others. On a shared VM this separates what the code costs from what the host took away, which
 * one JMH figure averaged over seconds cannot.
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
        final CpuProbe probe = new CpuProbe();
        for (int i = 0; i < 3 * batches; i++)
        {
            bench.prioritizedSampleAndUpdate(); // warm-up: until C2 has compiled the whole path
            probe.time();
        }
        final int items = 512;
        final long[] times = new long[batches];
        final long[] probeTimes = new long[batches];
        final long[][] allTimes = new long[blocks][];
        final long[][] allProbes = new long[blocks][];
        final String[] lines = new String[blocks];
        final long[] blockProbes = new long[blocks];
        System.out.printf(Locale.ROOT, "# prioritized sample + update of %d at 2^%d, %d batches per block, ns per item;%n", items, log2,
            batches);
        System.out.println("# cpu: the block's median probe time over the run's full-speed probe time (its 1st percentile; 1.00 = full speed)");
        System.out.println("block  min  p50  p90  mean  M items/s at p50  M items/s at mean  cpu");
        for (int block = 0; block < blocks; block++)
        {
            long sum = 0;
            for (int i = 0; i < batches; i++)
            {
                final long start = System.nanoTime();
                bench.prioritizedSampleAndUpdate();
                times[i] = System.nanoTime() - start;
                probeTimes[i] = probe.time();
                sum += times[i];
            }
            allTimes[block] = times.clone();
            allProbes[block] = probeTimes.clone();
            Arrays.sort(times);
            Arrays.sort(probeTimes);
            final double p50 = times[batches / 2] / (double)items;
            final double mean = sum / (double)batches / items;
            lines[block] = String.format(Locale.ROOT, "%5d  %.0f  %.0f  %.0f  %.0f  %.2f  %.2f", block, times[0] / (double)items, p50,
                times[batches * 9 / 10] / (double)items, mean, 1e3 / p50, 1e3 / mean);
            blockProbes[block] = probeTimes[batches / 2];
        }
        final long reference = percentile(allProbes, 0.01);
        for (int block = 0; block < blocks; block++)
        {
            System.out.printf(Locale.ROOT, "%s  %.2f%n", lines[block], blockProbes[block] / (double)reference);
        }
        printBySpeed(allTimes, allProbes, reference, items);
    }

    private static long percentile(final long[][] values, final double fraction)
    {
        final long[] all = Arrays.stream(values).flatMapToLong(Arrays::stream).sorted().toArray();
        return all[(int)(fraction * (all.length - 1))];
    }

    /**
     * Splits every timed batch by the probe timed right after it: full speed (probe within 10% of the
     * run's full-speed probe time) or slowed, and prints each group's mean.
     */
    private static void printBySpeed(final long[][] times, final long[][] probes, final long reference, final int items)
    {
        final long limit = reference + reference / 10;
        long fullSum = 0;
        long fullCount = 0;
        long slowSum = 0;
        long slowCount = 0;
        for (int block = 0; block < times.length; block++)
        {
            for (int i = 0; i < times[block].length; i++)
            {
                if (probes[block][i] <= limit)
                {
                    fullSum += times[block][i];
                    fullCount++;
                }
                else
                {
                    slowSum += times[block][i];
                    slowCount++;
                }
            }
        }
        final long total = fullCount + slowCount;
        printGroup("full speed (probe <= 1.10 x reference)", fullSum, fullCount, total, items);
        printGroup("slowed (probe > 1.10 x reference)", slowSum, slowCount, total, items);
    }

    private static void printGroup(final String name, final long sum, final long count, final long total, final int items)
    {
        if (count == 0)
        {
            System.out.printf(Locale.ROOT, "# %s: no batches%n", name);
            return;
        }
        final double mean = sum / (double)count / items;
        System.out.printf(Locale.ROOT, "# %s: %d of %d batches (%.0f%%), mean %.0f ns per item = %.2f M items/s%n", name, count, total,
            100.0 * count / total, mean, 1e3 / mean);
    }

    /**
     * A fixed piece of arithmetic with no memory traffic past L1 (256 {@code Math.pow} and a chain of
     * multiply-adds over a 64-element table, about 4 µs), timed after each batch. Its time moves only with the
     * speed the machine gives this thread (host contention for the core, frequency), not with the
     * replay's cache misses, so it tells a batch slowed by the machine from one slowed by the code.
     */
    static final class CpuProbe
    {
        private final double[] inputs = new double[64];
        private double sink;

        CpuProbe()
        {
            for (int i = 0; i < inputs.length; i++)
            {
                inputs[i] = 0.25 + i / 32.0;
            }
        }

        long time()
        {
            final long start = System.nanoTime();
            double acc = sink;
            for (int pass = 0; pass < 4; pass++)
            {
                for (final double x : inputs)
                {
                    acc += Math.pow(x, 0.6);
                    acc = Math.fma(acc, 0.999, x);
                }
            }
            sink = acc;
            return System.nanoTime() - start;
        }
    }
}
