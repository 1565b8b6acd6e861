package io.surge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurgeCliTest
{
    @TempDir
    Path dir;

    /** Exit status, stdout and stderr of one command line. */
    record Outcome(int status, String out, String err)
    {
    }

    static Outcome surge(final String... args)
    {
        final PrintStream savedOut = System.out;
        final PrintStream savedErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            final int status = SurgeCli.execute(args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    @Test
    void shouldPrintHelpForTheToolAndEverySubCommand()
    {
        final Outcome top = surge("--help");
        assertEquals(0, top.status());
        for (final String sub : List.of("run", "stat", "conformance", "config"))
        {
            assertTrue(top.out().contains(sub), top.out());
            final Outcome help = surge(sub, "--help");
            assertEquals(0, help.status(), sub);
            assertTrue(help.out().startsWith("Usage: surge " + sub), help.out());
        }
    }

    @Test
    void shouldPrintTheVersion()
    {
        final Outcome version = surge("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("surge "), version.out());
    }

    @Test
    void shouldExitWithStatusTwoOnABadConfigurationBeforeAnythingStarts() throws IOException
    {
        final Path file = dir.resolve("bad.properties");
        Files.writeString(file, "algo=random\nactors.cuont=2\nrun.root=" + dir.resolve("runs") + "\n");
        final Outcome run = surge("run", file.toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("bad.properties:2: unknown key 'actors.cuont'; did you mean actors.count?"), run.err());
        assertTrue(Files.notExists(dir.resolve("runs")), "no run directory is made for a bad configuration");

        assertEquals(2, surge("config", file.toString()).status());
        assertEquals(2, surge("run", dir.resolve("missing.properties").toString()).status());
        assertEquals(2, surge("run").status(), "a missing FILE argument is a usage error");
    }

    @Test
    void shouldPrintTheResolvedConfiguration() throws IOException
    {
        final Path file = dir.resolve("ok.properties");
        Files.writeString(file, "env.class=io.surge.testing.CountingEnv\nseed=5\n");
        final Outcome config = surge("config", file.toString(), "--set", "actors.count=3");
        assertEquals(0, config.status(), config.err());
        assertTrue(config.out().contains("seed=5"), config.out());
        assertTrue(config.out().contains("actors.count=3"), config.out());
        assertTrue(config.out().contains("[--set]"), config.out());
    }

    @Test
    void shouldSortConformanceOutcomesIntoExitStatuses() throws IOException
    {
        assertEquals(2, surge("conformance", dir.resolve("none.json").toString()).status());

        final Path notJson = dir.resolve("broken.json");
        Files.writeString(notJson, "{\"a\": [1, 2,");
        final Outcome broken = surge("conformance", notJson.toString());
        assertEquals(2, broken.status());
        assertTrue(broken.out().contains("not valid JSON"), broken.out());

        final Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, "{\"description\": \"something Surge has no suite for\", \"cases\": []}");
        final Outcome unsupported = surge("conformance", unknown.toString());
        assertEquals(1, unsupported.status());
        assertTrue(unsupported.out().contains("kind not supported yet"), unsupported.out());

        final Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[] {'{', '"', (byte)0xE9, '"', ':', '1', '}'});
        final Outcome badUtf8 = surge("conformance", latin1.toString());
        assertEquals(2, badUtf8.status());
        assertTrue(badUtf8.out().contains("not valid UTF-8"), badUtf8.out());
    }
}
