package io.surge.config;

import java.util.List;
import java.util.Objects;

/**
 * One configuration key, declared once: name, type, default, allowed range or values, unit and
 * a one-line doc. Keys are immutable constants in declaration classes (such as {@link CoreKeys})
 * listed by {@link KeyCatalog}; {@code docs/configuration.md} is generated from them.
 *
 * @param <T> the Java type of the value: String, Integer, Long, Double, Boolean, {@code List<String>}
 *            or {@code List<Integer>}.
 */
public final class Key<T>
{
    private final String name;
    private final String section;
    private final KeyType type;
    private final Class<?> javaType;
    private final T defaultValue;
    private final String defaultDescription;
    private final Double min;
    private final Double max;
    private final boolean minExclusive;
    private final List<String> choices;
    private final String unit;
    private final String doc;

    private Key(final Builder<T> b)
    {
        this.name = b.name;
        this.section = b.section;
        this.type = b.type;
        this.javaType = b.javaType;
        this.defaultValue = b.defaultValue;
        this.defaultDescription = b.defaultDescription;
        this.min = b.min;
        this.max = b.max;
        this.minExclusive = b.minExclusive;
        this.choices = b.choices;
        this.unit = b.unit;
        this.doc = Objects.requireNonNull(b.doc, "doc of " + b.name);
        if (doc.isBlank() || doc.contains("\n"))
        {
            throw new IllegalArgumentException("key " + name + " needs a one-line doc");
        }
        if (defaultValue != null)
        {
            final String problem = check(defaultValue);
            if (problem != null)
            {
                throw new IllegalArgumentException("default of " + name + " is invalid: " + problem);
            }
        }
    }

    /**
     * Starts a text key.
     *
     * @param name the key.
     * @return a builder.
     */
    public static Builder<String> string(final String name)
    {
        return new Builder<>(name, KeyType.STRING, String.class);
    }

    /**
     * Starts an integer key.
     *
     * @param name the key.
     * @return a builder.
     */
    public static Builder<Integer> integer(final String name)
    {
        return new Builder<>(name, KeyType.INT, Integer.class);
    }

    /**
     * Starts a long key.
     *
     * @param name the key.
     * @return a builder.
     */
    public static Builder<Long> longKey(final String name)
    {
        return new Builder<>(name, KeyType.LONG, Long.class);
    }

    /**
     * Starts a floating-point key.
     *
     * @param name the key.
     * @return a builder.
     */
    public static Builder<Double> decimal(final String name)
    {
        return new Builder<>(name, KeyType.DOUBLE, Double.class);
    }

    /**
     * Starts a boolean key.
     *
     * @param name the key.
     * @return a builder.
     */
    public static Builder<Boolean> bool(final String name)
    {
        return new Builder<>(name, KeyType.BOOLEAN, Boolean.class);
    }

    /**
     * Starts a key whose value is one word of a fixed set.
     *
     * @param name    the key.
     * @param choices the allowed words.
     * @return a builder.
     */
    public static Builder<String> choice(final String name, final String... choices)
    {
        final Builder<String> b = new Builder<>(name, KeyType.CHOICE, String.class);
        b.choices = List.of(choices);
        return b;
    }

    /**
     * Starts a key whose value is a comma-separated list of words of a fixed set.
     *
     * @param name    the key.
     * @param choices the allowed words.
     * @return a builder.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Builder<List<String>> choiceList(final String name, final String... choices)
    {
        final Builder<List<String>> b = new Builder(name, KeyType.CHOICE_LIST, List.class);
        b.choices = List.of(choices);
        return b;
    }

    /**
     * Starts a key whose value is a comma-separated list of positive integers.
     *
     * @param name the key.
     * @return a builder.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Builder<List<Integer>> intList(final String name)
    {
        return new Builder(name, KeyType.INT_LIST, List.class);
    }

    /**
     * Checks a parsed value against the range or choices.
     *
     * @param value the value.
     * @return null when allowed, else what is wrong.
     */
    String check(final Object value)
    {
        if (!javaType.isInstance(value))
        {
            return "wrong type " + value.getClass().getSimpleName();
        }
        if (value instanceof Number n && (min != null || max != null))
        {
            final double v = n.doubleValue();
            if (min != null && (minExclusive ? v <= min : v < min))
            {
                return "out of range";
            }
            if (max != null && v > max)
            {
                return "out of range";
            }
        }
        if (value instanceof String s && type == KeyType.STRING && s.isEmpty())
        {
            return "empty";
        }
        return null;
    }

    /**
     * What values are allowed, in words: {@code integer in [1, 256]}, {@code one of a, b}.
     *
     * @return the description.
     */
    public String allowed()
    {
        final StringBuilder sb = new StringBuilder(type.description());
        if (choices != null)
        {
            sb.append(' ').append(String.join(", ", choices));
        }
        if (min != null || max != null)
        {
            sb.append(minExclusive ? " in (" : " in [")
                .append(min == null ? "-inf" : formatBound(min))
                .append(", ")
                .append(max == null ? "+inf" : formatBound(max))
                .append(max == null ? ")" : "]");
        }
        return sb.toString();
    }

    private String formatBound(final double bound)
    {
        if (type == KeyType.INT || type == KeyType.LONG)
        {
            return Long.toString((long)bound);
        }
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long)bound) : Double.toString(bound);
    }

    /**
     * Formats a value as it would be written in a properties file.
     *
     * @param value the value.
     * @return the text.
     */
    public String format(final Object value)
    {
        if (value instanceof List<?> list)
        {
            final StringBuilder sb = new StringBuilder();
            for (final Object o : list)
            {
                if (sb.length() > 0)
                {
                    sb.append(',');
                }
                sb.append(o);
            }
            return sb.toString();
        }
        return String.valueOf(value);
    }

    /**
     * The key's name, for example {@code actors.count}.
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * The section of the configuration reference this key is listed in.
     *
     * @return the section.
     */
    public String section()
    {
        return section;
    }

    /**
     * The key's type.
     *
     * @return the type.
     */
    public KeyType type()
    {
        return type;
    }

    /**
     * The default, or null when the key has none (required or optional keys).
     *
     * @return the default.
     */
    public T defaultValue()
    {
        return defaultValue;
    }

    /**
     * Words describing the default when it is derived at run time (for example "the file's
     * name"), else null.
     *
     * @return the description.
     */
    public String defaultDescription()
    {
        return defaultDescription;
    }

    /**
     * Allowed words of choice keys, else null.
     *
     * @return the words.
     */
    public List<String> choices()
    {
        return choices;
    }

    /**
     * Unit of the value, or an empty string.
     *
     * @return the unit.
     */
    public String unit()
    {
        return unit;
    }

    /**
     * The one-line doc.
     *
     * @return the doc.
     */
    public String doc()
    {
        return doc;
    }

    @Override
    public String toString()
    {
        return name;
    }

    /**
     * Builds a {@link Key}.
     *
     * @param <T> the value type.
     */
    public static final class Builder<T>
    {
        private final String name;
        private final KeyType type;
        private final Class<?> javaType;
        private String section = "general";
        private T defaultValue;
        private String defaultDescription;
        private Double min;
        private Double max;
        private boolean minExclusive;
        private List<String> choices;
        private String unit = "";
        private String doc;

        private Builder(final String name, final KeyType type, final Class<?> javaType)
        {
            if (!name.matches("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*"))
            {
                throw new IllegalArgumentException("bad key name " + name);
            }
            this.name = name;
            this.type = type;
            this.javaType = javaType;
        }

        /**
         * The section in the reference.
         *
         * @param section the section.
         * @return this.
         */
        public Builder<T> section(final String section)
        {
            this.section = section;
            return this;
        }

        /**
         * The default value.
         *
         * @param value the default.
         * @return this.
         */
        public Builder<T> defaultValue(final T value)
        {
            this.defaultValue = value;
            return this;
        }

        /**
         * Describes a default derived at run time (the key then has no fixed default).
         *
         * @param description for example "the file's name".
         * @return this.
         */
        public Builder<T> derivedDefault(final String description)
        {
            this.defaultDescription = description;
            return this;
        }

        /**
         * Inclusive lower and upper bounds.
         *
         * @param min lowest allowed.
         * @param max highest allowed.
         * @return this.
         */
        public Builder<T> range(final double min, final double max)
        {
            this.min = min;
            this.max = max;
            return this;
        }

        /**
         * Inclusive lower bound, no upper bound.
         *
         * @param min lowest allowed.
         * @return this.
         */
        public Builder<T> min(final double min)
        {
            this.min = min;
            return this;
        }

        /**
         * Exclusive lower bound and inclusive upper bound, {@code (min, max]}.
         *
         * @param min bound the value must exceed.
         * @param max highest allowed.
         * @return this.
         */
        public Builder<T> rangeExclusiveMin(final double min, final double max)
        {
            this.min = min;
            this.max = max;
            this.minExclusive = true;
            return this;
        }

        /**
         * The unit, for example {@code ms} or {@code steps}.
         *
         * @param unit the unit.
         * @return this.
         */
        public Builder<T> unit(final String unit)
        {
            this.unit = unit;
            return this;
        }

        /**
         * The one-line doc; builds the key.
         *
         * @param doc the doc.
         * @return the key.
         */
        public Key<T> doc(final String doc)
        {
            this.doc = doc;
            return new Key<>(this);
        }
    }
}
