package io.surge.conformance;

import java.util.List;

/**
 * The suites {@code surge conformance} knows, in the order they are asked. Each room adds its
 * suite here.
 */
public final class ReferenceSuites
{
    private ReferenceSuites()
    {
    }

    /**
     * Every suite.
     *
     * @return the suites.
     */
    public static List<ReferenceSuite> all()
    {
        return List.of(
            new ClassicControlSuite(),
            new VtraceSuite(),
            new RlaxMultistepSuite(),
            new ValueRescalingSuite(),
            new SegmentTreeSuite(),
            new PrioritizedReplaySuite(),
            new MinAtarSuite());
    }
}
