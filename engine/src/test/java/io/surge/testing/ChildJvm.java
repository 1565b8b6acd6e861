package io.surge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts a second JVM with the test class path and Surge's JVM flags, for multi-process tests. */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /**
     * The command line of a child JVM running {@code mainClass}.
     *
     * @param mainClass the class with {@code main}.
     * @param args      its arguments.
     * @return the command.
     * @throws IOException if the flags resource is missing.
     */
    public static List<String> command(final String mainClass, final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try (InputStream in = ChildJvm.class.getResourceAsStream("/io/surge/jvm.flags"))
        {
            cmd.addAll(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+")));
        }
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }
}
