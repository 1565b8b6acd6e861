package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.env.minatar.MinAtarEnv;
import io.surge.env.minatar.MinAtarGame;
import io.surge.env.minatar.MinAtarOptions;
import io.surge.env.minatar.NumpyRandomState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * MinAtar reference trajectories ({@code minatar_cases.json}, kenjyoung/MinAtar @ 4241f24) against
 * {@link MinAtarEnv}, and the file's NumPy {@code RandomState} vectors against
 * {@link NumpyRandomState}.
 *
 * <p>Recognised by content: a top-level {@code games} object and {@code rng_conformance} array.
 * One case per episode: the episode is replayed from its seed, sticky-action probability and
 * ramping option with its recorded actions, and at every step the effective action, reward,
 * terminal flag, state (set cells per channel) and random draws (kind and value, in order) must be
 * identical; so must the draws of the reset and the initial state. The game's channel names and
 * minimal action set must also match the file's. One case per {@code rng_conformance} seed: raw
 * words, {@code rand} and {@code randint} sequences.
 *
 * <p>Reported per field: the largest number of mismatching steps in one case ({@code ... steps}),
 * the largest absolute reward difference, and the largest absolute difference of a {@code rand}
 * value. Everything is exact: a passing file shows zeros.
 *
 * <p>Every field is read through strict accessors, so a missing or mistyped one throws
 * {@link ReferenceFormatException} naming its JSON path. An episode is read completely before it
 * is replayed.
 */
public final class MinAtarSuite implements ReferenceSuite
{
    @Override
    public String kind()
    {
        return "minatar";
    }

    @Override
    public boolean recognizes(final JsonNode root)
    {
        return root.isObject() && root.has("games") && root.get("games").isObject() &&
            root.has("rng_conformance") && root.get("rng_conformance").isArray();
    }

    @Override
    public SuiteResult run(final JsonNode root)
    {
        final SuiteResult result = new SuiteResult(kind());
        int rngCases = 0;
        final JsonNode rngConformance = Json.array(root, "rng_conformance", "$");
        for (int i = 0; i < rngConformance.size(); i++)
        {
            runRngCase(rngConformance.get(i), "$.rng_conformance[" + i + "]", result);
            rngCases++;
        }

        final JsonNode games = Json.field(root, "games", "$");
        if (!games.isObject())
        {
            throw new ReferenceFormatException("$.games: expected an object, got " + games.getNodeType());
        }
        int episodes = 0;
        long steps = 0;
        final Iterator<Map.Entry<String, JsonNode>> it = games.properties().iterator();
        while (it.hasNext())
        {
            final Map.Entry<String, JsonNode> entry = it.next();
            final String gamePath = "$.games." + entry.getKey();
            final MinAtarGame game;
            try
            {
                game = MinAtarGame.fromReferenceName(entry.getKey());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ReferenceFormatException(gamePath + ": " + ex.getMessage());
            }
            final String layoutProblem = layoutProblem(game, entry.getValue(), gamePath);
            final JsonNode list = Json.array(entry.getValue(), "episodes", gamePath);
            for (int e = 0; e < list.size(); e++)
            {
                final Episode episode = Episode.read(list.get(e), gamePath + ".episodes[" + e + "]");
                runEpisode(game, episode, layoutProblem, result);
                episodes++;
                steps += episode.steps.length;
            }
        }
        result.note(rngCases + " RNG seeds; " + episodes + " episodes, " + steps + " steps replayed");
        return result;
    }

    // ----------------------------------------------------------------------------------------
    // RandomState vectors

    private static void runRngCase(final JsonNode c, final String path, final SuiteResult result)
    {
        final long seed = Json.integer(c, "seed", path);
        final long[] words = longs(Json.array(c, "first_16_uint32", path), path + ".first_16_uint32");
        final String seqPath = path + ".sequences_each_from_fresh_RandomState(seed)";
        final JsonNode seq = Json.field(c, "sequences_each_from_fresh_RandomState(seed)", path);
        final double[] rand = Json.doubles(Json.array(seq, "rand_x8", seqPath), seqPath + ".rand_x8");
        final long[] randint2 = longs(Json.array(seq, "randint(2)_x8", seqPath), seqPath + ".randint(2)_x8");
        final long[] randint19 = longs(Json.array(seq, "randint(low=1,high=9)_x8", seqPath), seqPath + ".randint(low=1,high=9)_x8");
        final long[] randint7 = longs(Json.array(seq, "randint(7)_x8", seqPath), seqPath + ".randint(7)_x8");
        final String pairPath = seqPath + ".randint(1,6,8)_then_rand(8)";
        final JsonNode pair = Json.array(seq, "randint(1,6,8)_then_rand(8)", seqPath);
        if (pair.size() != 2)
        {
            throw new ReferenceFormatException(pairPath + ": expected 2 arrays, got " + pair.size());
        }
        final long[] pairInts = longs(pair.get(0), pairPath + "[0]");
        final double[] pairRand = Json.doubles(pair.get(1), pairPath + "[1]");

        int mismatches = 0;
        double maxRandDiff = 0;
        String first = null;
        NumpyRandomState rng = new NumpyRandomState(seed);
        for (int i = 0; i < words.length; i++)
        {
            final long w = Integer.toUnsignedLong(rng.nextWord());
            if (w != words[i])
            {
                mismatches++;
                first = first == null ? "word " + i + ": " + w + " != " + words[i] : first;
            }
        }
        rng = new NumpyRandomState(seed);
        for (int i = 0; i < rand.length; i++)
        {
            final double v = rng.rand();
            maxRandDiff = Math.max(maxRandDiff, Math.abs(v - rand[i]));
            if (v != rand[i])
            {
                mismatches++;
                first = first == null ? "rand " + i + ": " + v + " != " + rand[i] : first;
            }
        }
        final long[][] expectedInts = {randint2, randint19, randint7};
        final long[][] bounds = {{0, 2}, {1, 9}, {0, 7}};
        for (int k = 0; k < expectedInts.length; k++)
        {
            rng = new NumpyRandomState(seed);
            for (int i = 0; i < expectedInts[k].length; i++)
            {
                final long v = rng.randint(bounds[k][0], bounds[k][1]);
                if (v != expectedInts[k][i])
                {
                    mismatches++;
                    first = first == null ? "randint(" + bounds[k][0] + ", " + bounds[k][1] + ") " + i + ": " + v + " != " + expectedInts[k][i] : first;
                }
            }
        }
        rng = new NumpyRandomState(seed);
        for (int i = 0; i < pairInts.length; i++)
        {
            final long v = rng.randint(1, 6);
            if (v != pairInts[i])
            {
                mismatches++;
                first = first == null ? "randint(1, 6, 8)[" + i + "]: " + v + " != " + pairInts[i] : first;
            }
        }
        for (int i = 0; i < pairRand.length; i++)
        {
            final double v = rng.rand();
            maxRandDiff = Math.max(maxRandDiff, Math.abs(v - pairRand[i]));
            if (v != pairRand[i])
            {
                mismatches++;
                first = first == null ? "then rand(8)[" + i + "]: " + v + " != " + pairRand[i] : first;
            }
        }
        result.deviation("rng vectors mismatched", mismatches);
        result.deviation("rand value (abs)", maxRandDiff);
        result.recordCase("rng seed " + seed, mismatches == 0, mismatches + " values differ; first: " + first);
    }

    // ----------------------------------------------------------------------------------------
    // Episodes

    private static String layoutProblem(final MinAtarGame game, final JsonNode node, final String path)
    {
        final JsonNode channels = Json.field(node, "channels", path);
        if (!channels.isObject())
        {
            throw new ReferenceFormatException(path + ".channels: expected an object, got " + channels.getNodeType());
        }
        final String[] names = new String[channels.size()];
        final Iterator<Map.Entry<String, JsonNode>> it = channels.properties().iterator();
        while (it.hasNext())
        {
            final Map.Entry<String, JsonNode> e = it.next();
            final long index = Json.integer(channels, e.getKey(), path + ".channels");
            if (index < 0 || index >= names.length || names[(int)index] != null)
            {
                throw new ReferenceFormatException(path + ".channels." + e.getKey() + ": index " + index + " is not a free index in [0, " + names.length + ")");
            }
            names[(int)index] = e.getKey();
        }
        final long nChannels = Json.integer(node, "n_channels", path);
        final long[] minimal = longs(Json.array(node, "minimal_action_set", path), path + ".minimal_action_set");
        final List<String> problems = new ArrayList<>();
        if (nChannels != game.channels() || !Arrays.asList(names).equals(game.channelNames()))
        {
            problems.add("channels " + Arrays.toString(names) + " (n_channels " + nChannels + "), ours " + game.channelNames());
        }
        if (!Arrays.equals(minimal, Arrays.stream(game.minimalActions()).asLongStream().toArray()))
        {
            problems.add("minimal action set " + Arrays.toString(minimal) + ", ours " + Arrays.toString(game.minimalActions()));
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void runEpisode(final MinAtarGame game, final Episode episode, final String layoutProblem, final SuiteResult result)
    {
        final String name = game.referenceName() + " seed " + episode.seed;
        final MinAtarOptions options;
        try
        {
            options = new MinAtarOptions(episode.stickyActionProb, episode.difficultyRamping, false);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ReferenceFormatException(episode.path + ".sticky_action_prob: " + ex.getMessage());
        }
        final MinAtarEnv env = new MinAtarEnv(game, options);
        final DrawRecorder draws = new DrawRecorder();
        env.drawListener(draws);
        final long[] bits = new long[env.stateWords()];

        String first = layoutProblem;
        env.reset(episode.seed, new float[game.channels() * MinAtarEnv.CELLS], 0);
        env.copyStateBits(bits, 0);
        int badReset = 0;
        if (!Arrays.equals(bits, episode.initialState))
        {
            badReset++;
            first = first == null ? "initial state differs" : first;
        }
        if (!draws.matches(episode.resetDraws, result))
        {
            badReset++;
            first = first == null ? "draws of reset(): " + draws.describe() + " != " + describe(episode.resetDraws) : first;
        }

        int badAction = 0;
        int badReward = 0;
        int badTerminal = 0;
        int badState = 0;
        int badDraws = 0;
        double maxRewardDiff = 0;
        long total = 0;
        for (int t = 0; t < episode.steps.length; t++)
        {
            final Step step = episode.steps[t];
            draws.clear();
            if (step.action < 0 || step.action >= MinAtarGame.FULL_ACTIONS)
            {
                throw new ReferenceFormatException(episode.path + ".steps[" + t + "].a: " + step.action + " is not an action in [0, 6)");
            }
            final int reward = env.act(step.action);
            total += reward;
            env.copyStateBits(bits, 0);
            final String at = "step " + t + ": ";
            if (env.lastEffectiveAction() != step.effectiveAction)
            {
                badAction++;
                first = first == null ? at + "a_eff " + env.lastEffectiveAction() + " != " + step.effectiveAction : first;
            }
            if (reward != step.reward)
            {
                badReward++;
                maxRewardDiff = Math.max(maxRewardDiff, Math.abs(reward - step.reward));
                first = first == null ? at + "r " + reward + " != " + step.reward : first;
            }
            if (env.terminated() != step.terminal)
            {
                badTerminal++;
                first = first == null ? at + "term " + env.terminated() + " != " + step.terminal : first;
            }
            if (!Arrays.equals(bits, step.state))
            {
                badState++;
                first = first == null ? at + "state differs in channel " + firstChannelDiff(bits, step.state) : first;
            }
            if (!draws.matches(step.draws, result))
            {
                badDraws++;
                first = first == null ? at + "draws " + draws.describe() + " != " + describe(step.draws) : first;
            }
        }
        final boolean endOk = episode.endedByTerminal == env.terminated() && total == episode.totalReturn &&
            episode.steps.length == episode.numSteps;
        if (!endOk && first == null)
        {
            first = "end: terminated " + env.terminated() + " (ended_by terminal: " + episode.endedByTerminal + "), return " + total +
                " (file " + episode.totalReturn + "), steps " + episode.steps.length + " (num_steps " + episode.numSteps + ")";
        }
        result.deviation("a_eff steps", badAction);
        result.deviation("r steps", badReward);
        result.deviation("r (abs)", maxRewardDiff);
        result.deviation("term steps", badTerminal);
        result.deviation("state steps", badState);
        result.deviation("rng steps", badDraws);
        result.deviation("reset mismatches", badReset);
        final boolean ok = layoutProblem == null && badReset == 0 && badAction == 0 && badReward == 0 && badTerminal == 0 &&
            badState == 0 && badDraws == 0 && endOk;
        result.recordCase(name, ok, first);
    }

    private static int firstChannelDiff(final long[] a, final long[] b)
    {
        for (int i = 0; i < a.length; i++)
        {
            if (a[i] != b[i])
            {
                return i / 2;
            }
        }
        return -1;
    }

    /** One elementary draw: kind 0 = {@code rand} (value), 1 = {@code randint} (low, high, value). */
    private record Draw(int kind, long low, long high, double value)
    {
        @Override
        public String toString()
        {
            return kind == 0 ? "rand()=" + value : "randint(" + low + "," + high + ")=" + (long)value;
        }
    }

    private static String describe(final Draw[] draws)
    {
        return Arrays.toString(draws);
    }

    /** Records the draws of one step. */
    private static final class DrawRecorder implements NumpyRandomState.DrawListener
    {
        private final List<Draw> draws = new ArrayList<>();

        @Override
        public void rand(final double value)
        {
            draws.add(new Draw(0, 0, 0, value));
        }

        @Override
        public void randint(final long low, final long high, final long value)
        {
            draws.add(new Draw(1, low, high, value));
        }

        void clear()
        {
            draws.clear();
        }

        boolean matches(final Draw[] expected, final SuiteResult result)
        {
            for (int i = 0; i < Math.min(expected.length, draws.size()); i++)
            {
                final Draw e = expected[i];
                final Draw d = draws.get(i);
                if (e.kind == 0 && d.kind == 0)
                {
                    result.deviation("rand value (abs)", Math.abs(e.value - d.value));
                }
            }
            return draws.equals(Arrays.asList(expected));
        }

        String describe()
        {
            return draws.toString();
        }
    }

    /** One step of an episode, read and checked. */
    private record Step(int action, int effectiveAction, long reward, boolean terminal, Draw[] draws, long[] state)
    {
    }

    /** One episode, read and checked. */
    private record Episode(
        String path, long seed, double stickyActionProb, boolean difficultyRamping, Draw[] resetDraws,
        long[] initialState, Step[] steps, long numSteps, long totalReturn, boolean endedByTerminal)
    {
        static Episode read(final JsonNode node, final String path)
        {
            final long seed = Json.integer(node, "seed", path);
            final double sticky = Json.number(node, "sticky_action_prob", path);
            final boolean ramping = Json.bool(node, "difficulty_ramping", path);
            final Draw[] resetDraws = draws(Json.array(node, "reset_rng_calls", path), path + ".reset_rng_calls");
            final JsonNode initial = Json.array(node, "initial_state", path);
            final int channels = initial.size();
            final long[] initialState = state(initial, channels, path + ".initial_state");
            final JsonNode stepNodes = Json.array(node, "steps", path);
            final Step[] steps = new Step[stepNodes.size()];
            for (int t = 0; t < steps.length; t++)
            {
                final String sp = path + ".steps[" + t + "]";
                final JsonNode s = stepNodes.get(t);
                steps[t] = new Step(
                    (int)Json.integer(s, "a", sp),
                    (int)Json.integer(s, "a_eff", sp),
                    wholeNumber(s, "r", sp),
                    Json.bool(s, "term", sp),
                    draws(Json.array(s, "rng", sp), sp + ".rng"),
                    state(Json.array(s, "s", sp), channels, sp + ".s"));
            }
            final long numSteps = Json.integer(node, "num_steps", path);
            final long totalReturn = wholeNumber(node, "return", path);
            final String endedBy = Json.text(node, "ended_by", path);
            return new Episode(path, seed, sticky, ramping, resetDraws, initialState, steps, numSteps, totalReturn,
                endedBy.equals("terminal"));
        }

        private static long wholeNumber(final JsonNode node, final String name, final String path)
        {
            final double v = Json.number(node, name, path);
            if (v != Math.rint(v) || Math.abs(v) > 1e15)
            {
                throw new ReferenceFormatException(path + "." + name + ": expected a whole number, got " + v);
            }
            return (long)v;
        }
    }

    private static long[] state(final JsonNode channels, final int expectedChannels, final String path)
    {
        if (channels.size() != expectedChannels)
        {
            throw new ReferenceFormatException(path + ": expected " + expectedChannels + " channels, got " + channels.size());
        }
        final long[] bits = new long[2 * expectedChannels];
        for (int c = 0; c < expectedChannels; c++)
        {
            final long[] cells = longs(channels.get(c), path + "[" + c + "]");
            for (int i = 0; i < cells.length; i++)
            {
                final long cell = cells[i];
                if (cell < 0 || cell >= MinAtarEnv.CELLS)
                {
                    throw new ReferenceFormatException(path + "[" + c + "][" + i + "]: cell " + cell + " outside [0, 100)");
                }
                bits[2 * c + (int)(cell >>> 6)] |= 1L << cell;
            }
        }
        return bits;
    }

    private static long[] longs(final JsonNode array, final String path)
    {
        if (array == null || !array.isArray())
        {
            throw new ReferenceFormatException(path + ": expected an array of integers");
        }
        final long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++)
        {
            final JsonNode v = array.get(i);
            if (!v.isIntegralNumber())
            {
                throw new ReferenceFormatException(path + "[" + i + "]: expected an integer, got " + v.getNodeType());
            }
            out[i] = v.asLong();
        }
        return out;
    }

    /**
     * Flattens recorded calls into elementary draws: {@code ["rand", v]}, {@code ["rand", n, [v...]]},
     * {@code ["randint", high, r]}, {@code ["randint", low, high, r]},
     * {@code ["randint", low, high, n, [r...]]}, or keyword arguments as an object
     * ({@code ["randint", {"low": 1, "high": 9}, r]}).
     */
    private static Draw[] draws(final JsonNode calls, final String path)
    {
        final List<Draw> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++)
        {
            final String cp = path + "[" + i + "]";
            final JsonNode call = calls.get(i);
            if (!call.isArray() || call.size() < 2 || !call.get(0).isTextual())
            {
                throw new ReferenceFormatException(cp + ": expected [name, args..., result]");
            }
            final String name = call.get(0).textValue();
            final JsonNode result = call.get(call.size() - 1);
            final List<Long> positional = new ArrayList<>();
            Long low = null;
            Long high = null;
            Long size = null;
            for (int k = 1; k < call.size() - 1; k++)
            {
                final JsonNode arg = call.get(k);
                final String ap = cp + "[" + k + "]";
                if (arg.isObject())
                {
                    if (arg.has("low"))
                    {
                        low = Json.integer(arg, "low", ap);
                    }
                    if (arg.has("high"))
                    {
                        high = Json.integer(arg, "high", ap);
                    }
                    if (arg.has("size"))
                    {
                        size = Json.integer(arg, "size", ap);
                    }
                }
                else if (arg.isIntegralNumber())
                {
                    positional.add(arg.asLong());
                }
                else
                {
                    throw new ReferenceFormatException(ap + ": expected an integer or an object of keyword arguments, got " + arg.getNodeType());
                }
            }
            switch (name)
            {
                case "rand" ->
                {
                    if (!positional.isEmpty() && positional.size() != 1)
                    {
                        throw new ReferenceFormatException(cp + ": rand takes at most one size argument");
                    }
                    if (result.isArray())
                    {
                        final double[] values = Json.doubles(result, cp + "[" + (call.size() - 1) + "]");
                        if (!positional.isEmpty() && positional.getFirst() != values.length)
                        {
                            throw new ReferenceFormatException(cp + ": size " + positional.getFirst() + " but " + values.length + " values");
                        }
                        for (final double v : values)
                        {
                            out.add(new Draw(0, 0, 0, v));
                        }
                    }
                    else
                    {
                        out.add(new Draw(0, 0, 0, Json.asDouble(result, cp + "[" + (call.size() - 1) + "]")));
                    }
                }
                case "randint" ->
                {
                    if (positional.size() == 1)
                    {
                        high = positional.get(0);
                    }
                    else if (positional.size() == 2 || positional.size() == 3)
                    {
                        low = positional.get(0);
                        high = positional.get(1);
                        if (positional.size() == 3)
                        {
                            size = positional.get(2);
                        }
                    }
                    else if (positional.size() > 3)
                    {
                        throw new ReferenceFormatException(cp + ": randint takes at most 3 positional arguments");
                    }
                    if (high == null)
                    {
                        throw new ReferenceFormatException(cp + ": randint without a high bound");
                    }
                    final long lo = low == null ? 0 : low;
                    final String rp = cp + "[" + (call.size() - 1) + "]";
                    final long[] values;
                    if (result.isArray())
                    {
                        values = longs(result, rp);
                    }
                    else if (result.isIntegralNumber())
                    {
                        values = new long[] {result.asLong()};
                    }
                    else
                    {
                        throw new ReferenceFormatException(rp + ": expected an integer or an array of integers, got " + result.getNodeType());
                    }
                    if (size != null && size != values.length)
                    {
                        throw new ReferenceFormatException(cp + ": size " + size + " but " + values.length + " values");
                    }
                    for (final long v : values)
                    {
                        out.add(new Draw(1, lo, high, v));
                    }
                }
                default -> throw new ReferenceFormatException(cp + "[0]: unknown RNG call '" + name + "' (expected rand or randint)");
            }
        }
        return out.toArray(new Draw[0]);
    }
}
