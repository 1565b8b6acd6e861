package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strict accessors over a parsed reference file: each names the JSON path and what was expected
 * when a field is missing or has the wrong type, by throwing {@link ReferenceFormatException}.
 * Numbers are read as exact doubles (the files write floats with Python's shortest round-trip
 * {@code repr}).
 */
public final class Json
{
    private Json()
    {
    }

    /**
     * A required member.
     *
     * @param node the object.
     * @param name the member's name.
     * @param path the object's JSON path, for messages.
     * @return the member.
     */
    public static JsonNode field(final JsonNode node, final String name, final String path)
    {
        if (node == null || !node.isObject())
        {
            throw new ReferenceFormatException(path + ": expected an object");
        }
        final JsonNode value = node.get(name);
        if (value == null)
        {
            throw new ReferenceFormatException(path + "." + name + ": missing field");
        }
        return value;
    }

    /**
     * A required array member.
     *
     * @param node the object.
     * @param name the member's name.
     * @param path the object's JSON path.
     * @return the array.
     */
    public static JsonNode array(final JsonNode node, final String name, final String path)
    {
        final JsonNode value = field(node, name, path);
        if (!value.isArray())
        {
            throw new ReferenceFormatException(path + "." + name + ": expected an array, got " + value.getNodeType());
        }
        return value;
    }

    /**
     * A required number member as a double.
     *
     * @param node the object.
     * @param name the member's name.
     * @param path the object's JSON path.
     * @return the value.
     */
    public static double number(final JsonNode node, final String name, final String path)
    {
        return asDouble(field(node, name, path), path + "." + name);
    }

    /**
     * A required integer member.
     *
     * @param node the object.
     * @param name the member's name.
     * @param path the object's JSON path.
     * @return the value.
     */
    public static long integer(final JsonNode node, final String name, final String path)
    {
        final JsonNode value = field(node, name, path);
        if (!value.isIntegralNumber())
        {
            throw new ReferenceFormatException(path + "." + name + ": expected an integer, got " + value.getNodeType());
        }
        return value.asLong();
    }

    /**
     * A required boolean member.
     *
     * @param node the object.
     * @param name the member's name.
     * @param path the object's JSON path.
     * @return the value.
     */
    public static boolean bool(final JsonNode node, final String name, final String path)
    {
        final JsonNode value = field(node, name, path);
        if (!value.isBoolean())
        {
            throw new ReferenceFormatException(path + "." + name + ": expected true or false, got " + value.getNodeType());
        }
        return value.booleanValue();
    }

    /**
     * A required string member.
     *
     * @param node the object.
     * @param name the member's name.
     * @param path the object's JSON path.
     * @return the value.
     */
    public static String text(final JsonNode node, final String name, final String path)
    {
        final JsonNode value = field(node, name, path);
        if (!value.isTextual())
        {
            throw new ReferenceFormatException(path + "." + name + ": expected a string, got " + value.getNodeType());
        }
        return value.textValue();
    }

    /**
     * A number node as an exact double.
     *
     * @param value the node.
     * @param path  its JSON path.
     * @return the value.
     */
    public static double asDouble(final JsonNode value, final String path)
    {
        if (value == null || !value.isNumber())
        {
            throw new ReferenceFormatException(path + ": expected a number, got " + (value == null ? "nothing" : value.getNodeType()));
        }
        return value.doubleValue();
    }

    /**
     * A flat array of numbers as doubles.
     *
     * @param value the array node.
     * @param path  its JSON path.
     * @return the values.
     */
    public static double[] doubles(final JsonNode value, final String path)
    {
        if (value == null || !value.isArray())
        {
            throw new ReferenceFormatException(path + ": expected an array of numbers");
        }
        final double[] out = new double[value.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = asDouble(value.get(i), path + "[" + i + "]");
        }
        return out;
    }

    /**
     * A two-dimensional array of numbers, rows of equal length.
     *
     * @param value the array node.
     * @param path  its JSON path.
     * @return the values, {@code [row][column]}.
     */
    public static double[][] doubles2(final JsonNode value, final String path)
    {
        if (value == null || !value.isArray())
        {
            throw new ReferenceFormatException(path + ": expected an array of arrays of numbers");
        }
        final double[][] out = new double[value.size()][];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = doubles(value.get(i), path + "[" + i + "]");
            if (i > 0 && out[i].length != out[0].length)
            {
                throw new ReferenceFormatException(path + "[" + i + "]: expected " + out[0].length + " elements, got " + out[i].length);
            }
        }
        return out;
    }
}
