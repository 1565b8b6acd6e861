package io.surge.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcome of running one reference file: cases passed out of total, the largest deviation seen
 * per field (absolute, or relative where the suite says so), and the first few failure messages.
 *
 * <p>Not thread-safe; one suite run fills one result.
 */
public final class SuiteResult
{
    private static final int MAX_FAILURES_KEPT = 20;

    private final String kind;
    private int passed;
    private int total;
    private final Map<String, Double> maxDeviation = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * An empty result.
     *
     * @param kind the suite's kind.
     */
    public SuiteResult(final String kind)
    {
        this.kind = kind;
    }

    /**
     * Records one case.
     *
     * @param name    the case's name, used in failure messages.
     * @param ok      whether it passed.
     * @param message why it failed (ignored when it passed).
     */
    public void recordCase(final String name, final boolean ok, final String message)
    {
        total++;
        if (ok)
        {
            passed++;
        }
        else if (failures.size() < MAX_FAILURES_KEPT)
        {
            failures.add(name + ": " + message);
        }
    }

    /**
     * Records a deviation seen for a field; the report keeps the largest per field.
     *
     * @param field     the field's name, for example {@code obs} or {@code vs (rel)}.
     * @param deviation the deviation, non-negative.
     */
    public void deviation(final String field, final double deviation)
    {
        maxDeviation.merge(field, deviation, Math::max);
    }

    /**
     * Adds a line to the report, for what the suite checked in a particular way.
     *
     * @param note the line.
     */
    public void note(final String note)
    {
        notes.add(note);
    }

    /**
     * The suite's kind.
     *
     * @return the kind.
     */
    public String kind()
    {
        return kind;
    }

    /**
     * Cases that passed.
     *
     * @return the count.
     */
    public int passed()
    {
        return passed;
    }

    /**
     * Cases run.
     *
     * @return the count.
     */
    public int total()
    {
        return total;
    }

    /**
     * Whether every case passed (and at least one ran).
     *
     * @return true when all passed.
     */
    public boolean allPassed()
    {
        return total > 0 && passed == total;
    }

    /**
     * Largest deviation per field, in the order fields were first seen.
     *
     * @return an unmodifiable view.
     */
    public Map<String, Double> maxDeviation()
    {
        return Collections.unmodifiableMap(maxDeviation);
    }

    /**
     * The first failure messages (at most 20).
     *
     * @return an unmodifiable view.
     */
    public List<String> failures()
    {
        return Collections.unmodifiableList(failures);
    }

    /**
     * Lines the suite added.
     *
     * @return an unmodifiable view.
     */
    public List<String> notes()
    {
        return Collections.unmodifiableList(notes);
    }
}
