package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks Surge's own code against one kind of reference file from {@code ../shared/refdata}
 * (classic control, MinAtar, V-trace, segment trees, ...). {@link Conformance} offers each file to
 * every suite; the first that {@link #recognizes(JsonNode) recognizes} it runs it.
 */
public interface ReferenceSuite
{
    /**
     * Short name of the kind of file, printed in reports (for example {@code classic-control}).
     *
     * @return the kind.
     */
    String kind();

    /**
     * Whether this suite handles the file, judged from its content (its header fields).
     *
     * @param root the parsed file.
     * @return true if {@link #run(JsonNode)} should run it.
     */
    boolean recognizes(JsonNode root);

    /**
     * Runs every case of the file.
     *
     * @param root the parsed file.
     * @return cases passed and total, the largest deviation per field, the first failures.
     * @throws ReferenceFormatException if a field is missing or has the wrong type.
     */
    SuiteResult run(JsonNode root);
}
