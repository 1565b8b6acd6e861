package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.experience.TransitionDescriptor;
import io.surge.experience.TransitionRecord;
import io.surge.replay.LinearSchedule;
import io.surge.replay.PrioritizedReplay;
import io.surge.replay.ReplayConfig;
import io.surge.replay.SampleBatch;
import io.surge.replay.SumTree;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.random.RandomGenerator;

/**
 * Checks {@link PrioritizedReplay} against {@code prioritized_replay_cases.json} (OpenAI baselines'
 * {@code PrioritizedReplayBuffer}).
 *
 * <ul>
 *   <li>{@code weight_formula_cases}: the importance weights of the given indices, bit for bit.</li>
 *   <li>{@code buffer_cases}: the scripts are replayed on a real replay (ε = 0, so a priority is
 *   {@code priority^α} as in baselines). Checked exactly: size, next index, max priority, the tree's
 *   sum and min before each sample, the weights of baselines' sampled indices, and the final
 *   leaves. Baselines cuts its strata from {@code sum(0, len - 1)}, which leaves the newest slot out
 *   of the sampling mass (an off-by-one); Surge cuts them from the whole total, so its own indices
 *   can differ. The suite therefore checks (a) that a prefix search over the replay's priorities
 *   with baselines' mass gives baselines' indices, and (b) that the replay, fed the same uniforms,
 *   draws the indices of the full-total strata with the weights of the formula. How many of
 *   Surge's draws differ from baselines' is reported.</li>
 * </ul>
 */
public final class PrioritizedReplaySuite implements ReferenceSuite
{
    /**
     * A suite; it holds no state between runs.
     */
    public PrioritizedReplaySuite()
    {
    }

    @Override
    public String kind()
    {
        return "prioritized-replay";
    }

    @Override
    public boolean recognizes(final JsonNode root)
    {
        return root.has("buffer_cases") && root.has("weight_formula_cases");
    }

    @Override
    public SuiteResult run(final JsonNode root)
    {
        final SuiteResult result = new SuiteResult(kind());
        final JsonNode weightCases = Json.array(root, "weight_formula_cases", "$");
        for (int c = 0; c < weightCases.size(); c++)
        {
            runWeightCase(weightCases.get(c), "$.weight_formula_cases[" + c + "]", result);
        }
        final JsonNode bufferCases = Json.array(root, "buffer_cases", "$");
        final int[] differing = new int[2];
        for (int c = 0; c < bufferCases.size(); c++)
        {
            runBufferCase(bufferCases.get(c), "$.buffer_cases[" + c + "]", result, differing);
        }
        result.note("baselines' strata leave the newest slot out of the sampling mass; Surge's do not: " +
            differing[0] + " of " + differing[1] + " of Surge's own draws differ from baselines' for that reason");
        return result;
    }

    private static PrioritizedReplay newReplay(final int size, final double alpha)
    {
        final ReplayConfig config = ReplayConfig.of(1, 0, size).withNStep(1).withAlpha(alpha).withEpsilon(0.0)
            .withBeta(LinearSchedule.constant(0.0)).withMaxStreams(1);
        return new PrioritizedReplay(config);
    }

    private static void add(final PrioritizedReplay replay, final int count)
    {
        final TransitionDescriptor descriptor = replay.config().descriptor();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Math.max(1, count) * descriptor.recordLength()]);
        final TransitionRecord record = new TransitionRecord(descriptor);
        for (int i = 0; i < count; i++)
        {
            // A transition that needs no later record (k = 0, bootstrap discount 0) and takes the max priority.
            record.wrap(buffer, i * descriptor.recordLength()).clear().streamId(0).bootstrapSteps(0).priority(-1.0f);
        }
        final int stored = replay.insert(buffer, 0, count);
        if (stored != count)
        {
            throw new IllegalStateException("replay stored " + stored + " of " + count + " transitions");
        }
    }

    private static void runWeightCase(final JsonNode testCase, final String path, final SuiteResult result)
    {
        final String name = Json.text(testCase, "name", path);
        final int n = positive(testCase, "n_stored", path);
        final double alpha = Json.number(testCase, "alpha", path);
        final double beta = Json.number(testCase, "beta", path);
        final double[] priorities = Json.doubles(Json.array(testCase, "priorities", path), path + ".priorities");
        final double[] sampled = Json.doubles(Json.array(testCase, "sampled_idxes", path), path + ".sampled_idxes");
        final double[] expected = Json.doubles(Json.array(testCase, "expected_weights", path), path + ".expected_weights");
        if (priorities.length != n || sampled.length != expected.length)
        {
            throw new ReferenceFormatException(path + ": priorities must have n_stored elements and expected_weights one per sampled index");
        }
        final PrioritizedReplay replay = newReplay(n, alpha);
        add(replay, n);
        final long[] ids = new long[n];
        for (int i = 0; i < n; i++)
        {
            ids[i] = replay.idOfSlot(i);
        }
        replay.updatePriorities(ids, priorities, n);
        for (int i = 0; i < sampled.length; i++)
        {
            final int slot = slot(sampled[i], n, path + ".sampled_idxes[" + i + "]");
            final double got = PrioritizedReplay.importanceWeight(replay.priorityOfSlot(slot), replay.minPriority(),
                replay.totalPriority(), replay.sampleableCount(), beta);
            compare(result, name + " weight[" + i + "]", "weight", expected[i], got);
        }
    }

    private static void runBufferCase(final JsonNode testCase, final String path, final SuiteResult result, final int[] differing)
    {
        final String name = Json.text(testCase, "name", path);
        final int size = positive(testCase, "size", path);
        final double alpha = Json.number(testCase, "alpha", path);
        final PrioritizedReplay replay = newReplay(size, alpha);
        final long treeCapacity = Json.integer(testCase, "tree_capacity", path);
        result.recordCase(name + " tree_capacity", treeCapacity == replay.config().treeCapacity(),
            "expected " + treeCapacity + ", got " + replay.config().treeCapacity());
        final int leaves = replay.config().treeCapacity();
        final JsonNode ops = Json.array(testCase, "ops", path);
        for (int i = 0; i < ops.size(); i++)
        {
            final JsonNode op = ops.get(i);
            final String opPath = path + ".ops[" + i + "]";
            final String opName = name + "#" + i;
            final String kind = Json.text(op, "op", opPath);
            switch (kind)
            {
                case "add" ->
                {
                    add(replay, positive(op, "count", opPath));
                    final long len = Json.integer(op, "len_after", opPath);
                    result.recordCase(opName + " len_after", replay.size() == len, "expected " + len + ", got " + replay.size());
                    final long next = Json.integer(op, "next_idx_after", opPath);
                    final long gotNext = replay.stats().inserts() % size;
                    result.recordCase(opName + " next_idx_after", gotNext == next, "expected " + next + ", got " + gotNext);
                    checkMax(replay, op, opPath, opName, result);
                }
                case "update_priorities" ->
                {
                    final double[] idx = Json.doubles(Json.array(op, "idxes", opPath), opPath + ".idxes");
                    final double[] priorities = Json.doubles(Json.array(op, "priorities", opPath), opPath + ".priorities");
                    if (idx.length != priorities.length)
                    {
                        throw new ReferenceFormatException(opPath + ": idxes and priorities differ in length");
                    }
                    final long[] ids = new long[idx.length];
                    for (int j = 0; j < idx.length; j++)
                    {
                        ids[j] = replay.idOfSlot(slot(idx[j], (int)replay.size(), opPath + ".idxes[" + j + "]"));
                    }
                    final int applied = replay.updatePriorities(ids, priorities, ids.length);
                    result.recordCase(opName + " applied", applied == ids.length, "applied " + applied + " of " + ids.length);
                    checkMax(replay, op, opPath, opName, result);
                }
                case "sample" -> runSample(replay, op, opPath, opName, leaves, result, differing);
                default -> throw new ReferenceFormatException(opPath + ".op: unknown operation \"" + kind + "\"");
            }
        }
        final double[] finalLeaves = Json.doubles(Json.array(testCase, "final_leaves_p_alpha", path), path + ".final_leaves_p_alpha");
        if (finalLeaves.length != leaves)
        {
            throw new ReferenceFormatException(path + ".final_leaves_p_alpha: expected " + leaves + " leaves, got " + finalLeaves.length);
        }
        boolean ok = true;
        String message = "";
        for (int j = 0; j < leaves; j++)
        {
            final double got = j < size ? replay.priorityOfSlot(j) : 0.0;
            result.deviation("leaf p^alpha", Math.abs(got - finalLeaves[j]));
            if (Double.doubleToLongBits(got) != Double.doubleToLongBits(finalLeaves[j]) && ok)
            {
                ok = false;
                message = "leaf " + j + ": expected " + finalLeaves[j] + ", got " + got;
            }
        }
        result.recordCase(name + " final_leaves_p_alpha", ok, message);
    }

    private static void runSample(final PrioritizedReplay replay, final JsonNode op, final String opPath, final String opName,
        final int leaves, final SuiteResult result, final int[] differing)
    {
        final int batchSize = positive(op, "batch_size", opPath);
        final double beta = Json.number(op, "beta", opPath);
        final double[] uniforms = Json.doubles(Json.array(op, "uniforms", opPath), opPath + ".uniforms");
        final double massTotal = Json.number(op, "p_total_used_for_mass", opPath);
        final double[] expectedIdx = Json.doubles(Json.array(op, "expected_idxes", opPath), opPath + ".expected_idxes");
        final double[] expectedWeights = Json.doubles(Json.array(op, "expected_weights", opPath), opPath + ".expected_weights");
        if (uniforms.length != batchSize || expectedIdx.length != batchSize || expectedWeights.length != batchSize)
        {
            throw new ReferenceFormatException(opPath + ": uniforms, expected_idxes and expected_weights need batch_size elements");
        }
        compare(result, opName + " tree_sum", "tree sum", Json.number(op, "tree_sum", opPath), replay.totalPriority());
        compare(result, opName + " tree_min", "tree min", Json.number(op, "tree_min", opPath), replay.minPriority());

        // A mirror of the replay's leaves, to search with baselines' mass.
        final SumTree mirror = new SumTree(leaves);
        for (int j = 0; j < replay.size(); j++)
        {
            mirror.set(j, replay.priorityOfSlot(j));
        }
        final int[] found = new int[batchSize];
        final double[] values = new double[batchSize];
        final double[] masses = masses(uniforms, massTotal);
        mirror.findPrefixSums(masses, batchSize, found, values);
        for (int j = 0; j < batchSize; j++)
        {
            final int expected = (int)expectedIdx[j];
            result.recordCase(opName + " idx[" + j + "] with baselines' mass", found[j] == expected,
                "expected " + expected + ", got " + found[j]);
            final double weight = PrioritizedReplay.importanceWeight(replay.priorityOfSlot(slot(expectedIdx[j], (int)replay.size(),
                opPath + ".expected_idxes[" + j + "]")), replay.minPriority(), replay.totalPriority(), replay.sampleableCount(), beta);
            compare(result, opName + " weight[" + j + "]", "weight", expectedWeights[j], weight);
        }

        // Surge's own draw from the same uniforms, over the whole total.
        final SampleBatch batch = new SampleBatch(batchSize, 1, 0);
        final double total = replay.totalPriority();
        final int got = replay.sampleRows(batch, 0, batchSize, new Recorded(uniforms), beta);
        result.recordCase(opName + " surge sample", got == batchSize, "sampled " + got + " of " + batchSize);
        final double[] fullMasses = masses(uniforms, total);
        mirror.findPrefixSums(fullMasses, batchSize, found, values);
        for (int j = 0; j < batchSize && got == batchSize; j++)
        {
            final int slot = (int)(batch.ids[j] % replay.capacity());
            result.recordCase(opName + " surge idx[" + j + "]", slot == found[j], "expected " + found[j] + ", got " + slot);
            final double weight = PrioritizedReplay.importanceWeight(replay.priorityOfSlot(slot), replay.minPriority(), total,
                replay.sampleableCount(), beta);
            result.recordCase(opName + " surge weight[" + j + "]", batch.weights[j] == (float)weight,
                "expected " + (float)weight + ", got " + batch.weights[j]);
            differing[1]++;
            if (slot != (int)expectedIdx[j])
            {
                differing[0]++;
            }
        }
    }

    private static double[] masses(final double[] uniforms, final double total)
    {
        final double stratum = total / uniforms.length;
        final double[] masses = new double[uniforms.length];
        for (int j = 0; j < uniforms.length; j++)
        {
            masses[j] = uniforms[j] * stratum + j * stratum;
        }
        return masses;
    }

    private static void checkMax(final PrioritizedReplay replay, final JsonNode op, final String opPath, final String opName,
        final SuiteResult result)
    {
        final double expected = replay.priority(Json.number(op, "max_priority_after", opPath));
        compare(result, opName + " max_priority_after", "max priority^alpha", expected, replay.maxPriority());
    }

    private static void compare(final SuiteResult result, final String name, final String field, final double expected,
        final double got)
    {
        result.deviation(field, expected == got ? 0.0 : Math.abs(expected - got));
        result.recordCase(name, Double.doubleToLongBits(expected) == Double.doubleToLongBits(got),
            "expected " + expected + ", got " + got);
    }

    private static int positive(final JsonNode node, final String name, final String path)
    {
        final long value = Json.integer(node, name, path);
        if (value < 1 || value > SumTree.MAX_CAPACITY)
        {
            throw new ReferenceFormatException(path + "." + name + ": expected an integer in [1, 2^26], got " + value);
        }
        return (int)value;
    }

    private static int slot(final double index, final int size, final String path)
    {
        if (index != Math.rint(index) || index < 0 || index >= size)
        {
            throw new ReferenceFormatException(path + ": expected an index in [0, " + size + "), got " + index);
        }
        return (int)index;
    }

    /** Hands out recorded uniforms in order, so a sample draws exactly what baselines drew. */
    private static final class Recorded implements RandomGenerator
    {
        private final double[] uniforms;
        private int next;

        Recorded(final double[] uniforms)
        {
            this.uniforms = uniforms;
        }

        @Override
        public double nextDouble()
        {
            return uniforms[next++];
        }

        @Override
        public long nextLong()
        {
            throw new UnsupportedOperationException("only recorded uniforms are available");
        }
    }
}
