package io.surge.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReferenceTest
{
    @Test
    void shouldMatchTheCommittedConfigurationReference() throws IOException
    {
        // Surefire runs in engine/; the reference lives in the top-level docs/.
        final Path doc = Path.of("..", "docs", "configuration.md");
        assertTrue(Files.exists(doc), "docs/configuration.md is missing: run bin/surge config --reference > docs/configuration.md");
        assertEquals(ConfigReference.markdown(), Files.readString(doc, StandardCharsets.UTF_8),
            "docs/configuration.md is stale: run bin/surge config --reference > docs/configuration.md");
    }

    @Test
    void shouldListEveryKey()
    {
        final String md = ConfigReference.markdown();
        for (final Key<?> key : KeyCatalog.keys().values())
        {
            assertTrue(md.contains("| `" + key.name() + "` |"), key.name());
        }
    }
}
