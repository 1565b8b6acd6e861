package io.surge.bench.nn;

import io.surge.bench.BenchMain;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Surge's nn benchmarks (JMH) and the PyTorch peer ({@code bench/peers/torch_nn.py}) in one
 * invocation, case by case (the peer's run of a case, then Surge's, so both see the same load on a
 * shared machine), with the same shapes, iteration counts and thread counts,
 * and prints a table of times and ratios (torch time / Surge time: above 1 means Surge is faster)
 * plus GEMM GFLOP/s against the per-core FP32 peak.
 *
 * <pre>
 * java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.nn.CompareNn \
 *     [--threads 1,2] [--only gemm,step,inference] [-wi 3] [-jwi 8] [-i 5] [-r 1] \
 *     [--python /usr/bin/python3] [--peer bench/peers/torch_nn.py] [--peak-gflops 113] [--clock wall|cpu]
 * </pre>
 *
 * {@code --clock cpu} times both sides single-threaded by the thread's CPU time
 * ({@link CpuTimeBench} in a fork, and the peer's {@code time.thread_time()}) instead of JMH's
 * wall time, for a machine shared with busy neighbours. {@code -wi} is the peer's warm-up iterations, {@code -jwi} JMH's: the JVM needs more, since
 * Vector API code runs boxed (about a thousand times slower) until C2 has compiled it. Inference
 * is timed single-threaded only (actors run one thread each).
 */
public final class CompareNn
{
    private static final Pattern LINE = Pattern.compile(
        "\\{\"bench\": \"(\\w+)\", \"case\": \"([^\"]+)\", \"threads\": (\\d+), \"us_per_op\": ([0-9.eE+-]+), "
            + "\"iterations\": \\[([^\\]]*)\\]");

    private static final String[] GEMM_SHAPES = {"256x256x256", "256x256x4", "512x64x256", "32x1024x128"};
    private static final String[] STEP_MODELS = {"mlp", "minatar", "lstm"};
    private static final String[] INFERENCE_MODELS = {"mlp", "minatar"};
    private static final String[] INFERENCE_BATCHES = {"1", "32"};

    private CompareNn()
    {
    }

    /**
     * Runs the comparison.
     *
     * @param args options, see the class documentation.
     * @throws Exception when a run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        String threadList = "1";
        String only = "gemm,step,inference";
        int warmups = 3;
        int jmhWarmups = 8;
        int iterations = 5;
        double seconds = 1.0;
        String python = "/usr/bin/python3";
        String peer = "bench/peers/torch_nn.py";
        double peak = 113.0;
        boolean cpuClock = false;
        for (int i = 0; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--threads" -> threadList = value;
                case "--only" -> only = value;
                case "-wi" -> warmups = Integer.parseInt(value);
                case "-jwi" -> jmhWarmups = Integer.parseInt(value);
                case "-i" -> iterations = Integer.parseInt(value);
                case "-r" -> seconds = Double.parseDouble(value);
                case "--python" -> python = value;
                case "--peer" -> peer = value;
                case "--peak-gflops" -> peak = Double.parseDouble(value);
                case "--clock" -> cpuClock = "cpu".equals(value);
                default ->
                {
                    System.err.println("unknown option " + args[i]
                        + " (allowed: --threads --only -wi -jwi -i -r --python --peer --peak-gflops --clock)");
                    System.exit(2);
                }
            }
            i++;
        }
        final String[] threads = threadList.split(",");
        final Map<String, double[]> torch = new LinkedHashMap<>();
        final Map<String, double[]> surge = new LinkedHashMap<>();
        // Case by case, the peer then Surge, so that both see the same load on a shared machine.
        final List<String[]> cases = new ArrayList<>();
        for (final String t : threads)
        {
            if (only.contains("gemm"))
            {
                for (final String shape : GEMM_SHAPES)
                {
                    cases.add(new String[] {"gemm", shape, t});
                }
            }
            if (only.contains("step"))
            {
                for (final String model : STEP_MODELS)
                {
                    cases.add(new String[] {"step", model, t});
                }
            }
        }
        if (only.contains("inference"))
        {
            for (final String model : INFERENCE_MODELS)
            {
                for (final String batch : INFERENCE_BATCHES)
                {
                    cases.add(new String[] {"inference", model + "/" + batch, "1"});
                }
            }
        }
        if (cpuClock && !threadList.equals("1"))
        {
            System.err.println("--clock cpu measures one thread: use --threads 1");
            System.exit(2);
        }
        for (final String[] c : cases)
        {
            runPeer(python, peer, c[2], c[0], c[1], warmups, iterations, seconds, cpuClock, torch);
            if (cpuClock)
            {
                runCpuTime(c[0], c[1], jmhWarmups, iterations, seconds, surge);
            }
            else
            {
                runJmh(c[0], c[1], c[2], jmhWarmups, iterations, seconds, surge);
            }
        }

        System.out.println();
        System.out.println("Times in us/op: mean of the measured iterations, and the best iteration (on a shared"
            + " machine other processes only ever add time). Ratios are torch / surge: above 1, Surge is faster.");
        System.out.printf(Locale.ROOT, "%-10s %-12s %3s %11s %11s %11s %11s %9s %9s %16s %10s%n", "bench", "case", "thr",
            "surge mean", "surge best", "torch mean", "torch best", "ratio", "ratio", "surge GFLOP/s", "torch");
        System.out.printf(Locale.ROOT, "%-10s %-12s %3s %11s %11s %11s %11s %9s %9s %16s %10s%n", "", "", "", "", "", "",
            "", "(means)", "(bests)", "best (%peak)", "GFLOP/s");
        for (final Map.Entry<String, double[]> e : surge.entrySet())
        {
            final String[] key = e.getKey().split("\\|");
            final double[] sv = e.getValue();
            final double[] tv = torch.get(e.getKey());
            String gflops = "";
            String torchGflops = "";
            if (key[0].equals("gemm"))
            {
                final String[] d = key[1].split("x");
                final double flops = 2.0 * Double.parseDouble(d[0]) * Double.parseDouble(d[1]) * Double.parseDouble(d[2]);
                final double g = flops / (sv[1] * 1e3);
                gflops = String.format(Locale.ROOT, "%.1f (%.0f%%)", g, 100 * g / (peak * Integer.parseInt(key[2])));
                torchGflops = tv == null ? "" : String.format(Locale.ROOT, "%.1f", flops / (tv[1] * 1e3));
            }
            System.out.printf(Locale.ROOT, "%-10s %-12s %3s %11.1f %11.1f %11s %11s %9s %9s %16s %10s%n", key[0], key[1],
                key[2], sv[0], sv[1], tv == null ? "-" : String.format(Locale.ROOT, "%.1f", tv[0]),
                tv == null ? "-" : String.format(Locale.ROOT, "%.1f", tv[1]),
                tv == null ? "-" : String.format(Locale.ROOT, "%.2f", tv[0] / sv[0]),
                tv == null ? "-" : String.format(Locale.ROOT, "%.2f", tv[1] / sv[1]), gflops, torchGflops);
        }
    }

    private static void runPeer(final String python, final String peer, final String threads, final String bench,
                                final String kase, final int warmups, final int iterations, final double seconds,
                                final boolean cpuClock, final Map<String, double[]> out) throws Exception
    {
        final List<String> cmd = new ArrayList<>(List.of(python, peer, "--threads", threads, "--only", bench,
            "--case", kase, "--warmup", Integer.toString(warmups), "--iterations", Integer.toString(iterations),
            "--time", Double.toString(seconds), "--clock", cpuClock ? "cpu" : "wall"));
        System.out.println("# peer: " + String.join(" ", cmd));
        parse(cmd, "torch", out);
    }

    private static void runCpuTime(final String bench, final String kase, final int warmups, final int iterations,
                                   final double seconds, final Map<String, double[]> out) throws Exception
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of(BenchMain.jvmFlags()));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CpuTimeBench.class.getName(), bench, kase,
            Integer.toString(warmups), Integer.toString(iterations), Double.toString(seconds)));
        System.out.println("# surge: CpuTimeBench " + bench + " " + kase);
        parse(cmd, "surge", out);
    }

    private static void parse(final List<String> cmd, final String who, final Map<String, double[]> out)
        throws Exception
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                System.out.println("# " + who + ": " + line);
                final Matcher m = LINE.matcher(line);
                if (m.find())
                {
                    double best = Double.MAX_VALUE;
                    for (final String it : m.group(5).split(","))
                    {
                        best = Math.min(best, Double.parseDouble(it.trim()));
                    }
                    out.put(m.group(1) + "|" + m.group(2) + "|" + m.group(3),
                        new double[] {Double.parseDouble(m.group(4)), best});
                }
            }
        }
        final int rc = p.waitFor();
        if (rc != 0)
        {
            throw new IllegalStateException(who + " exited with status " + rc
                + ("torch".equals(who) ? " (is torch installed? run bench/peers/install-torch.sh)" : ""));
        }
    }

    private static void runJmh(final String bench, final String kase, final String threads, final int warmups,
                               final int iterations, final double seconds, final Map<String, double[]> out)
        throws Exception
    {
        final ChainedOptionsBuilder ob = new OptionsBuilder()
            .forks(1)
            .warmupIterations(warmups)
            .measurementIterations(iterations)
            .warmupTime(TimeValue.milliseconds((long) (seconds * 1000)))
            .measurementTime(TimeValue.milliseconds((long) (seconds * 1000)))
            .jvmArgsAppend(BenchMain.jvmFlags());
        switch (bench)
        {
            case "gemm" -> ob.include(GemmBench.class.getName() + "\\.").param("shape", kase).param("threads", threads);
            case "step" -> ob.include(StepBench.class.getName() + "\\.").param("model", kase).param("threads", threads);
            default ->
            {
                final String[] mb = kase.split("/");
                ob.include(InferenceBench.class.getName() + "\\.").param("model", mb[0]).param("batch", mb[1]);
            }
        }
        for (final RunResult r : new Runner(ob.build()).run())
        {
            double best = Double.MAX_VALUE;
            for (final BenchmarkResult b : r.getBenchmarkResults())
            {
                for (final IterationResult it : b.getIterationResults())
                {
                    best = Math.min(best, it.getPrimaryResult().getScore());
                }
            }
            out.put(bench + "|" + kase + "|" + threads, new double[] {r.getPrimaryResult().getScore(), best});
        }
    }
}
