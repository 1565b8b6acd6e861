package io.surge.env.minatar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The MinAtar reference file ({@code refdata/minatar_cases.json}, copied from the shared
 * reference data with its README) and helpers to read it in tests.
 */
final class ReferenceData
{
    static final String RESOURCE = "/refdata/minatar_cases.json";

    private static JsonNode root;

    private ReferenceData()
    {
    }

    static synchronized JsonNode root()
    {
        if (root == null)
        {
            try (InputStream in = ReferenceData.class.getResourceAsStream(RESOURCE))
            {
                if (in == null)
                {
                    throw new IllegalStateException(RESOURCE + " missing from the test resources");
                }
                root = new ObjectMapper().readTree(in);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return root;
    }

    /** One elementary draw: {@code rand} (value) or {@code randint} (low, high, value). */
    record Draw(String kind, long low, long high, double value)
    {
        static Draw rand(final double value)
        {
            return new Draw("rand", 0, 0, value);
        }

        static Draw randint(final long low, final long high, final long value)
        {
            return new Draw("randint", low, high, value);
        }

        @Override
        public String toString()
        {
            return kind.equals("rand") ? "rand()=" + value : "randint(" + low + "," + high + ")=" + (long)value;
        }
    }

    /**
     * Flattens recorded calls ({@code ["rand", v]}, {@code ["rand", n, [v...]]},
     * {@code ["randint", args..., result]} with positional or keyword arguments) into
     * elementary draws.
     */
    static List<Draw> flatten(final JsonNode calls)
    {
        final List<Draw> out = new ArrayList<>();
        for (final JsonNode call : calls)
        {
            final String name = call.get(0).asText();
            final JsonNode result = call.get(call.size() - 1);
            final List<Long> positional = new ArrayList<>();
            Long low = null;
            Long high = null;
            Long size = null;
            for (int i = 1; i < call.size() - 1; i++)
            {
                final JsonNode arg = call.get(i);
                if (arg.isObject())
                {
                    if (arg.has("low"))
                    {
                        low = arg.get("low").asLong();
                    }
                    if (arg.has("high"))
                    {
                        high = arg.get("high").asLong();
                    }
                    if (arg.has("size"))
                    {
                        size = arg.get("size").asLong();
                    }
                }
                else
                {
                    positional.add(arg.asLong());
                }
            }
            if (name.equals("rand"))
            {
                if (result.isArray())
                {
                    for (final JsonNode v : result)
                    {
                        out.add(Draw.rand(v.doubleValue()));
                    }
                }
                else
                {
                    out.add(Draw.rand(result.doubleValue()));
                }
            }
            else if (name.equals("randint"))
            {
                if (positional.size() == 1)
                {
                    high = positional.get(0);
                }
                else if (positional.size() >= 2)
                {
                    low = positional.get(0);
                    high = positional.get(1);
                    if (positional.size() == 3)
                    {
                        size = positional.get(2);
                    }
                }
                final long lo = low == null ? 0 : low;
                if (high == null)
                {
                    throw new IllegalArgumentException("randint call without a high bound: " + call);
                }
                if (result.isArray())
                {
                    if (size != null && size != result.size())
                    {
                        throw new IllegalArgumentException("randint size " + size + " but " + result.size() + " results: " + call);
                    }
                    for (final JsonNode v : result)
                    {
                        out.add(Draw.randint(lo, high, v.asLong()));
                    }
                }
                else
                {
                    out.add(Draw.randint(lo, high, result.asLong()));
                }
            }
            else
            {
                throw new IllegalArgumentException("unknown RNG call " + call);
            }
        }
        return out;
    }

    /** A listener that records every draw. */
    static final class Recorder implements NumpyRandomState.DrawListener
    {
        final List<Draw> draws = new ArrayList<>();

        @Override
        public void rand(final double value)
        {
            draws.add(Draw.rand(value));
        }

        @Override
        public void randint(final long low, final long high, final long result)
        {
            draws.add(Draw.randint(low, high, result));
        }
    }

    /** The state as the reference data lists it: per channel, the sorted set cell indices. */
    static List<List<Integer>> stateLists(final MinAtarEnv env)
    {
        final List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < env.game().channels(); c++)
        {
            final List<Integer> cells = new ArrayList<>();
            for (int i = 0; i < 100; i++)
            {
                if (env.channel(c, i / 10, i % 10))
                {
                    cells.add(i);
                }
            }
            out.add(cells);
        }
        return out;
    }

    static List<List<Integer>> stateLists(final JsonNode state)
    {
        final List<List<Integer>> out = new ArrayList<>();
        for (final JsonNode channel : state)
        {
            final List<Integer> cells = new ArrayList<>();
            for (final JsonNode cell : channel)
            {
                cells.add(cell.asInt());
            }
            out.add(cells);
        }
        return out;
    }
}
