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
 * its mean come to. Between batches two probes are timed too, whose times move only with the
 * machine, not with the replay's code: {@link CpuProbe} (fixed arithmetic, no memory traffic) and
 * {@link MemoryProbe} (a chain of dependent loads from a 64 MiB array). Each batch gets the slower
 * of the two timings of each probe around it; each block prints their medians relative to the
 * run's full-speed probe times ({@code cpu}, {@code mem}; 1.00 = full speed), and the run ends with
 * the mean of the batches at full speed (by the CPU probe, and by both) and of the others. On a
 * shared VM this separates what the code costs from what the host took away, which one JMH figure
 * averaged over seconds cannot.
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
            final int value;
            try
            {
                value = Integer.parseInt(args[i + 1]);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(args[i] + " needs an integer, got '" + args[i + 1] + "'", ex);
            }
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
        final Probe[] probes = {new CpuProbe(), new MemoryProbe()};
        for (int i = 0; i < 3 * batches; i++)
        {
            bench.prioritizedSampleAndUpdate(); // warm-up: until C2 has compiled the whole path
            for (final Probe probe : probes)
            {
                probe.time();
            }
        }
        final int items = 512;
        final int total = blocks * batches;
        final long[] times = new long[total];
        final long[][] probeTimes = new long[probes.length][total];
        final long[] before = new long[probes.length];
        for (int p = 0; p < probes.length; p++)
        {
            before[p] = probes[p].time();
        }
        for (int i = 0; i < total; i++)
        {
            final long start = System.nanoTime();
            bench.prioritizedSampleAndUpdate();
            times[i] = System.nanoTime() - start;
            for (int p = 0; p < probes.length; p++)
            {
                final long after = probes[p].time();
                probeTimes[p][i] = Math.max(before[p], after); // full speed only if both probes around the batch are
                before[p] = after;
            }
        }
        final long[] reference = new long[probes.length];
        for (int p = 0; p < probes.length; p++)
        {
            reference[p] = percentile(probeTimes[p], 0, total, 0.01);
        }
        System.out.printf(Locale.ROOT, "# prioritized sample + update of %d at 2^%d, %d batches per block, ns per item;%n", items, log2,
            batches);
        System.out.println("# cpu, mem: the block's median probe time (the slower of the two around each batch) over the");
        System.out.println("#   run's full-speed probe time (the 1st percentile of all); 1.00 = full speed");
        System.out.println("block  min  p50  p90  mean  M items/s at p50  M items/s at mean  cpu  mem");
        for (int block = 0; block < blocks; block++)
        {
            final int from = block * batches;
            final long[] sorted = Arrays.copyOfRange(times, from, from + batches);
            Arrays.sort(sorted);
            final double p50 = sorted[batches / 2] / (double)items;
            final double mean = Arrays.stream(sorted).sum() / (double)batches / items;
            System.out.printf(Locale.ROOT, "%5d  %.0f  %.0f  %.0f  %.0f  %.2f  %.2f  %.2f  %.2f%n", block, sorted[0] / (double)items, p50,
                sorted[batches * 9 / 10] / (double)items, mean, 1e3 / p50, 1e3 / mean,
                percentile(probeTimes[0], from, from + batches, 0.5) / (double)reference[0],
                percentile(probeTimes[1], from, from + batches, 0.5) / (double)reference[1]);
        }
        final boolean[] cpuFull = new boolean[total];
        final boolean[] bothFull = new boolean[total];
        for (int i = 0; i < total; i++)
        {
            cpuFull[i] = probeTimes[0][i] <= reference[0] + reference[0] / 10;
            bothFull[i] = cpuFull[i] && probeTimes[1][i] <= reference[1] + reference[1] / 10;
        }
        printGroup("cpu at full speed (cpu probe <= 1.10 x its full-speed time)", times, cpuFull, true, items);
        printGroup("cpu and memory at full speed (both probes <= 1.10 x)", times, bothFull, true, items);
        printGroup("cpu slowed (cpu probe > 1.10 x)", times, cpuFull, false, items);
    }

    private static long percentile(final long[] values, final int from, final int to, final double fraction)
    {
        final long[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        return sorted[(int)(fraction * (sorted.length - 1))];
    }

    /** Prints the mean of the batches whose flag is {@code wanted}. */
    private static void printGroup(final String name, final long[] times, final boolean[] flags, final boolean wanted, final int items)
    {
        long sum = 0;
        long count = 0;
        for (int i = 0; i < times.length; i++)
        {
            if (flags[i] == wanted)
            {
                sum += times[i];
                count++;
            }
        }
        if (count == 0)
        {
            System.out.printf(Locale.ROOT, "# %s: no batches%n", name);
            return;
        }
        final double mean = sum / (double)count / items;
        System.out.printf(Locale.ROOT, "# %s: %d of %d batches (%.0f%%), mean %.0f ns per item = %.2f M items/s%n", name, count,
            times.length, 100.0 * count / times.length, mean, 1e3 / mean);
    }

    /** Something timed between batches whose time moves with the machine, not with the replay's code. */
    interface Probe
    {
        /** @return nanoseconds the probe took this time. */
        long time();
    }

    /**
     * A fixed piece of arithmetic with no memory traffic past L1 (256 {@code Math.pow} and a chain of
     * multiply-adds over a 64-element table, about 4 µs). Its time moves only with the speed the
     * machine gives this thread (host contention for the core, frequency), not with cache misses.
     */
    static final class CpuProbe implements Probe
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

        @Override
        public long time()
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

    /**
     * 32 dependent loads, each from a random line of a 64 MiB array (a random cyclic permutation,
     * so no prefetcher can guess the next one): the memory latency the machine gives this thread
     * at the moment (other tenants' traffic on the host's memory and shared L3), a few µs.
     */
    static final class MemoryProbe implements Probe
    {
        private static final int LINES = 1 << 20; // 64 MiB of 64-byte lines, twice the L3
        private static final int INTS_PER_LINE = 16;
        private final int[] next = new int[LINES * INTS_PER_LINE];
        private int at;

        MemoryProbe()
        {
            // Sattolo's algorithm: a random permutation with a single cycle through every line
            final int[] order = new int[LINES];
            for (int i = 0; i < LINES; i++)
            {
                order[i] = i;
            }
            final java.util.SplittableRandom random = new java.util.SplittableRandom(17);
            for (int i = LINES - 1; i > 0; i--)
            {
                final int j = random.nextInt(i);
                final int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int i = 0; i < LINES; i++)
            {
                next[i * INTS_PER_LINE] = order[i] * INTS_PER_LINE;
            }
        }

        @Override
        public long time()
        {
            final long start = System.nanoTime();
            int position = at;
            for (int i = 0; i < 32; i++)
            {
                position = next[position];
            }
            at = position;
            return System.nanoTime() - start;
        }
    }
}
