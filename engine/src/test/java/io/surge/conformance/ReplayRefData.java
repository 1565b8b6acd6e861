package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Loads the reference files copied into the test resources (never from ../shared). */
public final class ReplayRefData
{
    private ReplayRefData()
    {
    }

    /**
     * The path of a file under {@code src/test/resources/refdata}.
     *
     * @param name the file name.
     * @return its path.
     */
    public static Path path(final String name)
    {
        final URL url = ReplayRefData.class.getResource("/refdata/" + name);
        if (url == null)
        {
            throw new IllegalStateException("test resource refdata/" + name + " is missing");
        }
        try
        {
            return Path.of(url.toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Parses a reference file.
     *
     * @param name the file name.
     * @return the parsed tree.
     * @throws IOException if it cannot be read.
     */
    public static JsonNode load(final String name) throws IOException
    {
        return new Conformance(ReferenceSuites.all()).parse(path(name));
    }
}
