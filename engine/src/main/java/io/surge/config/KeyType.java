package io.surge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The type of a configuration key: how its text is parsed and what values are allowed.
 * Parsing never trims: stray white space is reported as an error by {@link RunConfig}.
 */
public enum KeyType
{
    /** Free text (non-empty). */
    STRING("text"),
    /** A 32-bit integer, decimal, with optional {@code _} separators. */
    INT("integer"),
    /** A 64-bit integer, decimal, with optional {@code _} separators. */
    LONG("integer"),
    /** A double, decimal or scientific notation; NaN and infinities are refused. */
    DOUBLE("number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** One of a fixed set of words. */
    CHOICE("one of"),
    /** A comma-separated list of words from a fixed set, without repeats. */
    CHOICE_LIST("comma-separated list of"),
    /** A comma-separated list of positive integers (for example layer sizes). */
    INT_LIST("comma-separated positive integers");

    private final String description;

    KeyType(final String description)
    {
        this.description = description;
    }

    /**
     * Words for error messages and the configuration reference.
     *
     * @return the description.
     */
    public String description()
    {
        return description;
    }

    /**
     * Parses text into this type's Java value: String, Integer, Long, Double, Boolean,
     * (for the choice types) String / {@code List<String>} of allowed words, or
     * {@code List<Integer>}.
     *
     * @param text    the text, as written.
     * @param choices the allowed words for the choice types, else ignored.
     * @return the value.
     * @throws IllegalArgumentException with a short reason when the text does not parse.
     */
    Object parse(final String text, final List<String> choices)
    {
        switch (this)
        {
            case STRING:
                return text;
            case INT:
                try
                {
                    return Integer.parseInt(stripUnderscores(text));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("not an integer");
                }
            case LONG:
                try
                {
                    return Long.parseLong(stripUnderscores(text));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("not an integer");
                }
            case DOUBLE:
            {
                final double value;
                try
                {
                    value = Double.parseDouble(stripUnderscores(text));
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("not a number");
                }
                if (!Double.isFinite(value) || text.endsWith("d") || text.endsWith("D") ||
                    text.endsWith("f") || text.endsWith("F"))
                {
                    throw new IllegalArgumentException("not a finite decimal number");
                }
                return value;
            }
            case BOOLEAN:
                if ("true".equals(text))
                {
                    return Boolean.TRUE;
                }
                if ("false".equals(text))
                {
                    return Boolean.FALSE;
                }
                throw new IllegalArgumentException("not true or false");
            case CHOICE:
                if (!choices.contains(text))
                {
                    throw new IllegalArgumentException("not one of the allowed values");
                }
                return text;
            case CHOICE_LIST:
            {
                final List<String> words = new ArrayList<>();
                for (final String part : text.split(",", -1))
                {
                    final String word = part.trim().toLowerCase(Locale.ROOT);
                    if (!choices.contains(word))
                    {
                        throw new IllegalArgumentException("'" + part.trim() + "' is not one of the allowed values");
                    }
                    if (words.contains(word))
                    {
                        throw new IllegalArgumentException("'" + word + "' is listed twice");
                    }
                    words.add(word);
                }
                return List.copyOf(words);
            }
            case INT_LIST:
            {
                final List<Integer> values = new ArrayList<>();
                for (final String part : text.split(",", -1))
                {
                    final int value;
                    try
                    {
                        value = Integer.parseInt(part.trim());
                    }
                    catch (final NumberFormatException ex)
                    {
                        throw new IllegalArgumentException("'" + part.trim() + "' is not an integer");
                    }
                    if (value < 1)
                    {
                        throw new IllegalArgumentException("'" + value + "' is not positive");
                    }
                    values.add(value);
                }
                return List.copyOf(values);
            }
            default:
                throw new IllegalStateException(name());
        }
    }

    private static String stripUnderscores(final String text)
    {
        if (text.startsWith("_") || text.endsWith("_") || text.contains("__"))
        {
            throw new NumberFormatException(text);
        }
        return text.replace("_", "");
    }
}
