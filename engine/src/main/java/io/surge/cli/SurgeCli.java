package io.surge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code surge}: the command line. Sub-commands run, stat, eval, config, conformance and driver; every one
 * has {@code --help}. Exit status: 0 success, 1 a run or check failed, 2 bad input
 * (configuration, arguments, files).
 */
@Command(
    name = "surge",
    mixinStandardHelpOptions = true,
    versionProvider = SurgeCli.Version.class,
    description = "Surge: a distributed reinforcement-learning engine.",
    subcommands = {
        RunCommand.class,
        StatCommand.class,
        ConformanceCommand.class,
        ConfigCommand.class,
        EvalCommand.class,
        DriverCommand.class,
        CommandLine.HelpCommand.class
    })
public final class SurgeCli implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Runs the command line without exiting (for tests).
     *
     * @param args the arguments.
     * @return the exit status.
     */
    public static int execute(final String... args)
    {
        return new CommandLine(new SurgeCli()).execute(args);
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version from the build. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion() throws IOException
        {
            final Properties p = new Properties();
            try (InputStream in = SurgeCli.class.getResourceAsStream("/io/surge/version.properties"))
            {
                if (in != null)
                {
                    p.load(in);
                }
            }
            return new String[] {
                "surge " + p.getProperty("version", "unknown"),
                "JVM " + System.getProperty("java.vm.name") + " " + Runtime.version() +
                    " (" + System.getProperty("java.vendor") + "), " + Runtime.getRuntime().availableProcessors() + " cores"
            };
        }
    }
}
