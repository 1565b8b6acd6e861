package io.surge.agent;

import io.surge.env.VectorEnv;
import io.surge.testing.CountingEnv;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Greedy evaluations: means, the best so far, and who is told of a new best with which weights. */
class EvaluatorTest
{
    /** Acts with the action stored in its single parameter; sync takes the published one. */
    private static final class SwitchPolicy implements EvalPolicy
    {
        final float[] published = new float[1];
        final float[] held = new float[1];
        long publishedVersion;
        long version;

        @Override
        public long sync()
        {
            held[0] = published[0];
            version = publishedVersion;
            return version;
        }

        @Override
        public void act(final float[] observations, final int count, final int[] actions)
        {
            for (int i = 0; i < count; i++)
            {
                actions[i] = (int)held[0];
            }
        }

        @Override
        public float[] parameters()
        {
            return held;
        }
    }

    @Test
    void shouldTellTheListenerOfEachNewBestWithTheWeightsThatScoredIt()
    {
        final SwitchPolicy policy = new SwitchPolicy();
        final Evaluator evaluator = new Evaluator(new VectorEnv(2, CountingEnv::new), policy, 4, 0, () -> 0L, 1, 1 << 20, null);
        final List<String> told = new ArrayList<>();
        evaluator.onNewBest((mean, version, parameters) -> told.add(mean + "@" + version + ":" + parameters[0]));

        // CountingEnv: 10 steps; reward 1 for action 0, 2 for action 1.
        policy.publishedVersion = 1;
        assertEquals(10.0, evaluator.evaluateNow());
        policy.published[0] = 1;
        policy.publishedVersion = 2;
        assertEquals(20.0, evaluator.evaluateNow());
        policy.published[0] = 0;
        policy.publishedVersion = 3;
        assertEquals(10.0, evaluator.evaluateNow());

        assertEquals(List.of("10.0@1:0.0", "20.0@2:1.0"), told, "only new bests, each with its version and weights");
        assertEquals(20.0, evaluator.bestMean());
        assertEquals(10.0, evaluator.lastMean());
        assertEquals(3, evaluator.lastVersion());
        evaluator.onClose();
    }
}
