package io.surge.cli;

import io.surge.conformance.Conformance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code surge conformance PATH...}: checks Surge against reference files. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
    description = {
        "Check Surge's code against reference files.",
        "Takes files or folders in the formats of shared/refdata (Gymnasium classic control, MinAtar,",
        "V-trace, segment trees, prioritized replay, rlax multistep, value rescaling).",
        "Prints per file cases passed / total and the largest deviation per field, then a verdict.",
        "Exit status: 0 all pass, 1 a case failed or a file's kind is not supported, 2 bad input."})
final class ConformanceCommand implements Callable<Integer>
{
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Reference files or folders (searched for *.json).")
    private List<Path> paths;

    @Override
    public Integer call()
    {
        return Conformance.withAllSuites().run(paths, System.out);
    }
}
