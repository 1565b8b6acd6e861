package io.surge.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class RunConfigTest
{
    @TempDir
    Path dir;

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private ConfigException fails(final String text) throws IOException
    {
        return assertThrows(ConfigException.class, () -> RunConfig.load(write("bad.properties", text), List.of()));
    }

    @Test
    void shouldResolveFileThenOverridesThenDefaults() throws IOException
    {
        final Path file = write("demo.properties", "# comment\nalgo=random\nseed = 42\nactors.count: 3\n");
        final RunConfig config = RunConfig.load(file, List.of("actors.count=4"));
        assertEquals(42L, config.get(CoreKeys.SEED));
        assertEquals(4, config.get(CoreKeys.ACTORS));
        assertEquals("runs", config.get(CoreKeys.RUN_ROOT));
        assertEquals("demo", config.get(CoreKeys.NAME));
        assertEquals(file + ":3", config.where(CoreKeys.SEED));
        assertEquals("--set", config.where(CoreKeys.ACTORS));
        assertEquals("default", config.where(CoreKeys.RUN_ROOT));
        assertTrue(config.isSet(CoreKeys.SEED));
        assertFalse(config.isSet(CoreKeys.RUN_ROOT));
        assertEquals(null, config.get(CoreKeys.ENV_CLASS));
    }

    @Test
    void shouldReadBackTheResolvedTextAsAnEqualConfiguration() throws IOException
    {
        final RunConfig config = RunConfig.load(write("r.properties", "seed=7\nname=x\nrun.max_seconds=2.5\n"), List.of());
        final String text = config.toResolvedText();
        assertTrue(text.contains("# Seed from which every random stream"), text);
        assertTrue(text.contains("[default]"), text);
        final RunConfig again = RunConfig.fromText(text, "resolved", List.of());
        for (final Key<?> key : KeyCatalog.keys().values())
        {
            assertEquals(config.get(key), again.get(key), key.name());
        }
    }

    @Test
    void shouldRejectAnUnknownKey() throws IOException
    {
        final ConfigException ex = fails("seed=1\nflux.capacitor=3\n");
        assertTrue(ex.getMessage().contains("bad.properties:2"), ex.getMessage());
        assertTrue(ex.getMessage().contains("unknown key 'flux.capacitor'"), ex.getMessage());
    }

    @Test
    void shouldSuggestTheKeyAMisspeltKeyMeant() throws IOException
    {
        final ConfigException ex = fails("actors.cuont=2\n");
        assertTrue(ex.getMessage().contains("did you mean actors.count?"), ex.getMessage());
        final ConfigException ex2 = fails("sede=2\n");
        assertTrue(ex2.getMessage().contains("did you mean seed"), ex2.getMessage());
    }

    @Test
    void shouldRejectAWrongType() throws IOException
    {
        final ConfigException ex = fails("actors.count=two\n");
        assertTrue(ex.getMessage().contains("key 'actors.count': value 'two' is not an integer; allowed: integer in [1, 1024]"),
            ex.getMessage());
        assertTrue(fails("run.max_seconds=NaN\n").getMessage().contains("not a finite decimal number"));
        assertTrue(fails("threading=fast\n").getMessage().contains("allowed: one of invoker, shared, dedicated"));
    }

    @Test
    void shouldRejectAValueOutOfRange() throws IOException
    {
        final ConfigException ex = fails("actors.count=0\n");
        assertTrue(ex.getMessage().contains("value '0' is out of range; allowed: integer in [1, 1024] actors"), ex.getMessage());
        assertTrue(fails("report.interval_ms=5\n").getMessage().contains("out of range"));
    }

    @Test
    void shouldRejectAnEmptyValue() throws IOException
    {
        final ConfigException ex = fails("seed=\n");
        assertTrue(ex.getMessage().contains("key 'seed' has an empty value"), ex.getMessage());
        assertTrue(ex.getMessage().contains("remove the line to use the default 0"), ex.getMessage());
    }

    @Test
    void shouldRejectADuplicateKeyNamingBothLines() throws IOException
    {
        final ConfigException ex = fails("seed=1\nalgo=random\nseed=2\n");
        assertTrue(ex.getMessage().contains("bad.properties:3: key 'seed' is set twice (first at line 1)"), ex.getMessage());
    }

    @Test
    void shouldRejectAnUnreadableFile() throws IOException
    {
        final ConfigException missing = assertThrows(ConfigException.class,
            () -> RunConfig.load(dir.resolve("nope.properties"), List.of()));
        assertTrue(missing.getMessage().contains("nope.properties: cannot read the file (no such file)"), missing.getMessage());

        final ConfigException folder = assertThrows(ConfigException.class, () -> RunConfig.load(dir, List.of()));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());
    }

    @Test
    void shouldRejectAFileWithoutReadPermission() throws IOException
    {
        // Root reads any file whatever its mode, so this case runs only for other users.
        assumeFalse("root".equals(System.getProperty("user.name")), "root can read any file");
        final Path locked = write("locked.properties", "seed=1\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        final ConfigException denied = assertThrows(ConfigException.class, () -> RunConfig.load(locked, List.of()));
        assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
    }

    @Test
    void shouldRejectInvalidUtf8NamingTheLine() throws IOException
    {
        final Path file = dir.resolve("latin1.properties");
        Files.write(file, new byte[] {'s', 'e', 'e', 'd', '=', '1', '\n', 'n', 'a', 'm', 'e', '=', (byte)0xE9, 't', 'e', '\n'});
        final ConfigException ex = assertThrows(ConfigException.class, () -> RunConfig.load(file, List.of()));
        assertTrue(ex.getMessage().contains("latin1.properties:2: the file is not valid UTF-8 (bad byte 0xE9"), ex.getMessage());
    }

    @Test
    void shouldRejectAValueWithTrailingSpaces() throws IOException
    {
        final ConfigException ex = fails("env.id=CartPole-v1  \n");
        assertTrue(ex.getMessage().contains("key 'env.id': value 'CartPole-v1  ' has leading or trailing white space"),
            ex.getMessage());
    }

    @Test
    void shouldReportEveryProblemAtOnce() throws IOException
    {
        final ConfigException ex = fails("seed=x\nactors.count=0\nbogus=1\n");
        assertEquals(3, ex.problems().size(), ex.getMessage());
    }

    @Test
    void shouldRejectBadOverrides()
    {
        final ConfigException noEquals = assertThrows(ConfigException.class,
            () -> RunConfig.fromText("", "t", List.of("seed")));
        assertTrue(noEquals.getMessage().contains("--set seed: expected key=value"), noEquals.getMessage());
        final ConfigException unknown = assertThrows(ConfigException.class,
            () -> RunConfig.fromText("", "t", List.of("actor.count=3")));
        assertTrue(unknown.getMessage().contains("did you mean actors.count"), unknown.getMessage());
        final ConfigException twice = assertThrows(ConfigException.class,
            () -> RunConfig.fromText("", "t", List.of("seed=1", "seed=2")));
        assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
    }

    @Test
    void shouldRejectAnUnregisteredEnvironmentListingTheKnownOnes()
    {
        final ConfigException ex = assertThrows(ConfigException.class,
            () -> RunConfig.fromText("env.id=CartPole-v9\n", "t", List.of()));
        assertTrue(ex.getMessage().contains("'CartPole-v9' is not a registered environment"), ex.getMessage());
    }

    @Test
    void shouldAcceptContinuationLinesEscapesAndUnderscoresInNumbers()
    {
        final RunConfig config = RunConfig.fromText(
            "run.max_env_steps=1_000_\\\n   000\nname=a\\u0062c\n", "t", List.of());
        assertEquals(1_000_000L, config.get(CoreKeys.MAX_ENV_STEPS));
        assertEquals("abc", config.get(CoreKeys.NAME));
    }
}
