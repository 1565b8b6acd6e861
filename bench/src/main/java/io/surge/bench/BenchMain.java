package io.surge.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of the JMH suite: takes JMH's usual command line and appends Surge's JVM flags
 * (read from the engine's {@code io/surge/jvm.flags} resource, whose one source is the parent
 * pom) to every fork, so benchmarks run with exactly the flags of {@code bin/surge} and the tests.
 *
 * <p>Example: {@code java -cp 'bench/target/surge-bench.jar:bench/target/lib/*' io.surge.bench.BenchMain
 * 'EnvStepBench' -f 1 -wi 3 -i 5 -prof gc}.
 */
public final class BenchMain
{
    private BenchMain()
    {
    }

    /**
     * The JVM flags every Surge JVM is started with.
     *
     * @return the flags, split on white space.
     * @throws IOException if the resource is missing.
     */
    public static String[] jvmFlags() throws IOException
    {
        try (InputStream in = BenchMain.class.getResourceAsStream("/io/surge/jvm.flags"))
        {
            if (in == null)
            {
                throw new IOException("io/surge/jvm.flags is not on the class path: build the engine first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
        }
    }

    /**
     * Runs JMH.
     *
     * @param args JMH's command line.
     * @throws Exception when JMH fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final CommandLineOptions cmd;
        try
        {
            cmd = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            System.err.println("bad JMH arguments: " + ex.getMessage());
            System.exit(2);
            return;
        }
        if (cmd.shouldHelp())
        {
            cmd.showHelp();
            return;
        }
        if (cmd.shouldList())
        {
            new Runner(cmd).list();
            return;
        }
        final Options options = new OptionsBuilder().parent(cmd).jvmArgsAppend(jvmFlags()).build();
        try
        {
            new Runner(options).run();
        }
        catch (final RunnerException ex)
        {
            System.err.println("benchmark failed: " + ex.getMessage());
            System.exit(1);
        }
    }
}
