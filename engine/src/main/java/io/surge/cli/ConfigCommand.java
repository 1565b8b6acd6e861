package io.surge.cli;

import io.surge.config.ConfigException;
import io.surge.config.ConfigReference;
import io.surge.config.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code surge config}: validates a file and prints the resolved configuration, or the reference. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {
        "Validate a properties file and print the resolved configuration.",
        "Shows the file, --set overrides and defaults without running anything; with --reference,",
        "prints the configuration reference (docs/configuration.md).",
        "Exit status: 0 valid, 2 invalid."})
final class ConfigCommand implements Callable<Integer>
{
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The run's .properties file.")
    private Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a key of the file (repeatable).")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--reference", description = "Print the configuration reference as Markdown.")
    private boolean reference;

    @Override
    public Integer call()
    {
        if (reference)
        {
            System.out.print(ConfigReference.markdown());
            return 0;
        }
        if (file == null)
        {
            System.err.println("surge config: give a FILE or --reference");
            return 2;
        }
        try
        {
            System.out.print(RunConfig.load(file, overrides).toResolvedText());
            return 0;
        }
        catch (final ConfigException ex)
        {
            System.err.println("surge: configuration error: " + ex.getMessage());
            return 2;
        }
    }
}
