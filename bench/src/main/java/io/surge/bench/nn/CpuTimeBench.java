package io.surge.bench.nn;

import io.surge.nn.Network;
import io.surge.nn.Workspace;
import io.surge.nn.backend.Backend;
import io.surge.nn.backend.Backends;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The cases of {@link GemmBench}, {@link StepBench} and {@link InferenceBench}, timed by the
 * calling thread's <em>CPU</em> time instead of wall time, single-threaded. On a machine shared
 * with other busy processes, wall time includes the time the thread waited for a core; CPU time
 * does not, so it measures the code rather than the neighbours. {@link CompareNn} runs it in a
 * fork with Surge's JVM flags ({@code --clock cpu}), next to the PyTorch peer's
 * {@code time.thread_time()} measurement of the same case. Prints one JSON line like the peer's.
 *
 * <p>Usage: {@code CpuTimeBench <gemm|step|inference> <case> <warmup iterations> <iterations> <seconds>}.
 */
public final class CpuTimeBench
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeBench()
    {
    }

    /**
     * Runs one case.
     *
     * @param args bench, case, warm-up iterations, iterations, seconds per iteration.
     */
    public static void main(final String[] args)
    {
        final String bench = args[0];
        final String kase = args[1];
        final int warmups = Integer.parseInt(args[2]);
        final int iterations = Integer.parseInt(args[3]);
        final double seconds = Double.parseDouble(args[4]);
        final Runnable op = op(bench, kase);
        for (int i = 0; i < warmups; i++)
        {
            iteration(op, seconds);
        }
        final double[] its = new double[iterations];
        double sum = 0;
        for (int i = 0; i < iterations; i++)
        {
            its[i] = iteration(op, seconds);
            sum += its[i];
        }
        final StringBuilder sb = new StringBuilder();
        sb.append("{\"bench\": \"").append(bench).append("\", \"case\": \"").append(kase)
            .append("\", \"threads\": 1, \"us_per_op\": ").append(String.format(Locale.ROOT, "%.3f", sum / iterations))
            .append(", \"iterations\": [");
        for (int i = 0; i < iterations; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", its[i]));
        }
        System.out.println(sb.append("]}"));
    }

    /** Microseconds of thread CPU time per operation over at least {@code seconds} of CPU time. */
    private static double iteration(final Runnable op, final double seconds)
    {
        final long budget = (long) (seconds * 1e9);
        final long start = THREADS.getCurrentThreadCpuTime();
        long n = 0;
        long elapsed;
        do
        {
            op.run();
            n++;
            elapsed = THREADS.getCurrentThreadCpuTime() - start;
        }
        while (elapsed < budget);
        return elapsed / 1e3 / n;
    }

    private static Runnable op(final String bench, final String kase)
    {
        switch (bench)
        {
            case "gemm" ->
            {
                final String[] d = kase.split("x");
                final int m = Integer.parseInt(d[0]);
                final int n = Integer.parseInt(d[1]);
                final int k = Integer.parseInt(d[2]);
                final Backend backend = Backends.cpu();
                final float[] a = GemmBench.random(m * k, 1);
                final float[] b = GemmBench.random(k * n, 2);
                final float[] c = new float[m * n];
                return () -> backend.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
            }
            case "step" ->
            {
                final TrainStep step = switch (kase)
                {
                    case "mlp" -> new TrainStep(Network.mlp(4, 256, 256, 2), 1, 256, 1);
                    case "minatar" -> new TrainStep(Network.minAtar(4, 6), 1, 32, 1);
                    case "lstm" -> new TrainStep(Network.builder(64).lstm(128).build(), 80, 32, 1);
                    default -> throw new IllegalArgumentException(kase);
                };
                return step::run;
            }
            case "inference" ->
            {
                final String[] mb = kase.split("/");
                final Network net = "mlp".equals(mb[0]) ? Network.mlp(4, 256, 256, 2) : Network.minAtar(4, 6);
                final int batch = Integer.parseInt(mb[1]);
                final float[] theta = net.newParameters();
                net.initialize(theta, 1);
                final float[] obs = GemmBench.random(batch * net.inputSize(), 2);
                final Workspace ws = net.newWorkspace(batch, 1, false, Backends.cpu());
                return () -> net.forward(theta, ws, obs, 0, batch);
            }
            default -> throw new IllegalArgumentException("unknown bench " + bench);
        }
    }
}
