package io.surge.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs reference files against Surge's code and prints, per file, cases passed / total and the
 * largest deviation per field, then a verdict.
 *
 * <p>Exit status: 0 when every case of every file passed; 1 when a case failed or a file's kind
 * is not supported; 2 when the input itself is bad (missing path, unreadable file, not JSON,
 * a missing field or a field of the wrong type). Every file is still tried when one is bad.
 */
public final class Conformance
{
    /** Exit status when every file passed. */
    public static final int EXIT_PASS = 0;
    /** Exit status when a case failed or a kind is not supported. */
    public static final int EXIT_FAIL = 1;
    /** Exit status when the input is bad. */
    public static final int EXIT_BAD_INPUT = 2;

    private final List<ReferenceSuite> suites;
    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * A runner over the given suites.
     *
     * @param suites the suites, asked in order.
     */
    public Conformance(final List<ReferenceSuite> suites)
    {
        this.suites = List.copyOf(suites);
    }

    /**
     * A runner over every suite Surge has.
     *
     * @return the runner.
     */
    public static Conformance withAllSuites()
    {
        return new Conformance(ReferenceSuites.all());
    }

    /**
     * Runs every recognised file under the given paths (files, or folders searched for
     * {@code *.json} one level deep and below).
     *
     * @param paths files or folders.
     * @param out   where the report goes.
     * @return the exit status.
     */
    public int run(final List<Path> paths, final PrintStream out)
    {
        int status = EXIT_PASS;
        final List<Path> files = new ArrayList<>();
        for (final Path path : paths)
        {
            if (Files.isDirectory(path))
            {
                try (Stream<Path> walk = Files.walk(path))
                {
                    walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                        .sorted()
                        .forEach(files::add);
                }
                catch (final IOException ex)
                {
                    out.println(path + ": cannot read folder: " + ex.getMessage());
                    status = EXIT_BAD_INPUT;
                }
            }
            else if (Files.exists(path))
            {
                files.add(path);
            }
            else
            {
                out.println(path + ": no such file or folder");
                status = EXIT_BAD_INPUT;
            }
        }
        if (files.isEmpty() && status == EXIT_PASS)
        {
            out.println("no .json reference files found under " + paths);
            return EXIT_BAD_INPUT;
        }

        int passedFiles = 0;
        for (final Path file : files)
        {
            final int fileStatus = runFile(file, out);
            if (fileStatus == EXIT_PASS)
            {
                passedFiles++;
            }
            status = Math.max(status, fileStatus);
        }
        out.println();
        out.println(switch (status)
        {
            case EXIT_PASS -> "verdict: PASS (" + passedFiles + "/" + files.size() + " files)";
            case EXIT_FAIL -> "verdict: FAIL (" + passedFiles + "/" + files.size() + " files passed)";
            default -> "verdict: BAD INPUT (" + passedFiles + "/" + files.size() + " files passed; see the messages above)";
        });
        return status;
    }

    private int runFile(final Path file, final PrintStream out)
    {
        final JsonNode root;
        try
        {
            root = parse(file);
        }
        catch (final IOException ex)
        {
            out.println(file + ": " + ex.getMessage());
            return EXIT_BAD_INPUT;
        }

        for (final ReferenceSuite suite : suites)
        {
            if (suite.recognizes(root))
            {
                final SuiteResult result;
                try
                {
                    result = suite.run(root);
                }
                catch (final ReferenceFormatException ex)
                {
                    out.println(file + " [" + suite.kind() + "]: bad input: " + ex.getMessage());
                    return EXIT_BAD_INPUT;
                }
                print(file, result, out);
                return result.allPassed() ? EXIT_PASS : EXIT_FAIL;
            }
        }
        out.println(file + ": kind not supported yet (" + describe(root) + ")");
        return EXIT_FAIL;
    }

    /**
     * Reads and parses a file as strict UTF-8 JSON.
     *
     * @param file the file.
     * @return the parsed tree.
     * @throws IOException with a message saying what was wrong.
     */
    public JsonNode parse(final Path file) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot read file: " + ex, ex);
        }
        try
        {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes));
        }
        catch (final CharacterCodingException ex)
        {
            throw new IOException("not valid UTF-8", ex);
        }
        try
        {
            final JsonNode root = mapper.readTree(bytes);
            if (root == null || !root.isObject())
            {
                throw new IOException("not a JSON object at the top level");
            }
            return root;
        }
        catch (final JsonProcessingException ex)
        {
            throw new IOException("not valid JSON: " + ex.getOriginalMessage() + " at line " +
                (ex.getLocation() == null ? "?" : ex.getLocation().getLineNr()), ex);
        }
    }

    private static String describe(final JsonNode root)
    {
        final JsonNode description = root.get("description");
        if (description != null && description.isTextual())
        {
            final String text = description.textValue();
            return "description: \"" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "\"";
        }
        final List<String> names = new ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        return "top-level fields " + names;
    }

    private static void print(final Path file, final SuiteResult result, final PrintStream out)
    {
        out.printf(Locale.ROOT, "%s [%s]: %d/%d cases passed%s%n",
            file, result.kind(), result.passed(), result.total(), result.allPassed() ? "" : "  FAIL");
        for (final Map.Entry<String, Double> e : result.maxDeviation().entrySet())
        {
            out.printf(Locale.ROOT, "    max deviation %-44s %.3e%n", e.getKey(), e.getValue());
        }
        for (final String note : result.notes())
        {
            out.println("    " + note);
        }
        for (final String failure : result.failures())
        {
            out.println("    failed: " + failure);
        }
        if (result.total() > 0 && result.failures().size() < result.total() - result.passed())
        {
            out.println("    ... (" + (result.total() - result.passed() - result.failures().size()) + " more failures)");
        }
    }
}
