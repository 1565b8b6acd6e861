package io.surge.config;

import io.surge.env.EnvRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed, immutable, validated configuration of a run: the properties file, then the
 * {@code --set} overrides, then the declared defaults. Built once before anything starts;
 * nothing else in Surge reads raw properties.
 *
 * <p>Thread-safe (immutable).
 */
public final class RunConfig
{
    private final Map<Key<?>, Object> values;
    private final Map<Key<?>, Origin> origins;
    private final Path sourceFile;

    private RunConfig(final Map<Key<?>, Object> values, final Map<Key<?>, Origin> origins, final Path sourceFile)
    {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
        this.sourceFile = sourceFile;
    }

    /**
     * Reads, resolves and validates a configuration.
     *
     * @param file      the properties file.
     * @param overrides {@code key=value} texts from {@code --set}, in order.
     * @return the configuration.
     * @throws ConfigException listing every problem.
     */
    public static RunConfig load(final Path file, final List<String> overrides)
    {
        final String fileName = file.toString();
        final byte[] bytes;
        try
        {
            if (Files.isDirectory(file))
            {
                throw new ConfigException(fileName + ": is a folder, not a properties file");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(fileName + ": cannot read the file (" + describe(ex) + ")");
        }
        final List<String> problems = new ArrayList<>();
        final List<PropertiesParser.Entry> entries = PropertiesParser.parse(bytes, fileName, problems);
        String base = file.getFileName().toString();
        if (base.endsWith(".properties"))
        {
            base = base.substring(0, base.length() - ".properties".length());
        }
        return resolve(entries, fileName, overrides, base, file, problems);
    }

    /**
     * Resolves a configuration from text, for tests and for configurations made in code.
     *
     * @param text      properties text.
     * @param name      the name used in messages and as the derived run name.
     * @param overrides {@code key=value} overrides.
     * @return the configuration.
     * @throws ConfigException listing every problem.
     */
    public static RunConfig fromText(final String text, final String name, final List<String> overrides)
    {
        final List<String> problems = new ArrayList<>();
        final List<PropertiesParser.Entry> entries =
            PropertiesParser.parse(text.getBytes(StandardCharsets.UTF_8), name, problems);
        return resolve(entries, name, overrides, name, null, problems);
    }

    private static String describe(final IOException ex)
    {
        final String kind = ex.getClass().getSimpleName();
        return switch (kind)
        {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> kind + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        };
    }

    private static RunConfig resolve(
        final List<PropertiesParser.Entry> entries,
        final String fileName,
        final List<String> overrides,
        final String derivedName,
        final Path sourceFile,
        final List<String> problems)
    {
        final Map<Key<?>, Object> values = new LinkedHashMap<>();
        final Map<Key<?>, Origin> origins = new HashMap<>();
        final Map<String, Integer> seenLines = new HashMap<>();

        for (final PropertiesParser.Entry e : entries)
        {
            final String where = fileName + ":" + e.line();
            final Integer firstLine = seenLines.putIfAbsent(e.key(), e.line());
            if (firstLine != null)
            {
                problems.add(where + ": key '" + e.key() + "' is set twice (first at line " + firstLine +
                    "); keep one of the two lines");
                continue;
            }
            accept(e.key(), e.value(), where, new Origin(Origin.Kind.FILE, fileName, e.line()), values, origins, problems);
        }

        final Map<String, Integer> seenOverrides = new HashMap<>();
        for (int i = 0; i < overrides.size(); i++)
        {
            final String text = overrides.get(i);
            final String where = "--set " + text;
            final int eq = text.indexOf('=');
            if (eq <= 0)
            {
                problems.add(where + ": expected key=value");
                continue;
            }
            final String key = text.substring(0, eq);
            if (seenOverrides.putIfAbsent(key, i) != null)
            {
                problems.add(where + ": key '" + key + "' is given twice with --set; keep one");
                continue;
            }
            values.remove(KeyCatalog.find(key));
            accept(key, text.substring(eq + 1), where, new Origin(Origin.Kind.OVERRIDE, null, 0), values, origins, problems);
        }

        final Map<Key<?>, Object> ordered = new LinkedHashMap<>();
        for (final Key<?> key : KeyCatalog.keys().values())
        {
            if (values.containsKey(key))
            {
                ordered.put(key, values.get(key));
            }
            else if (key.defaultValue() != null)
            {
                ordered.put(key, key.defaultValue());
                origins.put(key, new Origin(Origin.Kind.DEFAULT, null, 0));
            }
        }
        if (!ordered.containsKey(CoreKeys.NAME))
        {
            ordered.put(CoreKeys.NAME, derivedName);
            origins.put(CoreKeys.NAME, new Origin(Origin.Kind.DERIVED, null, 0));
        }

        final RunConfig config = new RunConfig(ordered, origins, sourceFile);
        if (problems.isEmpty())
        {
            config.crossCheck(problems);
        }
        if (!problems.isEmpty())
        {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static void accept(
        final String name,
        final String text,
        final String where,
        final Origin origin,
        final Map<Key<?>, Object> values,
        final Map<Key<?>, Origin> origins,
        final List<String> problems)
    {
        final Key<?> key = KeyCatalog.find(name);
        if (key == null)
        {
            final List<String> close = KeyCatalog.suggestions(name);
            problems.add(where + ": unknown key '" + name + "'" +
                (close.isEmpty() ? "; see docs/configuration.md for the keys" : "; did you mean " + String.join(" or ", close) + "?"));
            return;
        }
        if (text.isEmpty())
        {
            problems.add(where + ": key '" + name + "' has an empty value; allowed: " + key.allowed() +
                (key.defaultValue() != null ? " (remove the line to use the default " + key.format(key.defaultValue()) + ")" : ""));
            return;
        }
        if (!text.equals(text.strip()))
        {
            problems.add(where + ": key '" + name + "': value '" + text.replace("\t", "\\t") +
                "' has leading or trailing white space; remove it (allowed: " + key.allowed() + ")");
            return;
        }
        final Object value;
        try
        {
            value = key.type().parse(text, key.choices());
        }
        catch (final IllegalArgumentException ex)
        {
            problems.add(where + ": key '" + name + "': value '" + text + "' is " + ex.getMessage() + "; allowed: " + key.allowed());
            return;
        }
        final String problem = key.check(value);
        if (problem != null)
        {
            problems.add(where + ": key '" + name + "': value '" + text + "' is " + problem + "; allowed: " + key.allowed() +
                (key.unit().isEmpty() ? "" : " " + key.unit()));
            return;
        }
        values.put(key, value);
        origins.put(key, origin);
    }

    private void crossCheck(final List<String> problems)
    {
        if (get(CoreKeys.ENV_CLASS) == null && !EnvRegistry.contains(get(CoreKeys.ENV_ID)))
        {
            problems.add(where(CoreKeys.ENV_ID) + ": key 'env.id': value '" + get(CoreKeys.ENV_ID) +
                "' is not a registered environment; allowed: one of " + String.join(", ", EnvRegistry.entries().keySet()));
        }
    }

    /**
     * Where a key's value came from, for messages: {@code file:line}, {@code --set} or {@code default}.
     *
     * @param key the key.
     * @return the description.
     */
    public String where(final Key<?> key)
    {
        final Origin origin = origins.get(key);
        return origin == null ? "unset" : origin.describe();
    }

    /**
     * The value of a key: from the file, an override, or the default; null for an optional key
     * left unset.
     *
     * @param key the key.
     * @param <T> its type.
     * @return the value.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(final Key<T> key)
    {
        return (T)values.get(key);
    }

    /**
     * Where each value came from.
     *
     * @param key the key.
     * @return the origin, or null for an unset optional key.
     */
    public Origin origin(final Key<?> key)
    {
        return origins.get(key);
    }

    /**
     * Whether a key was set explicitly (file or override).
     *
     * @param key the key.
     * @return true if the file or an override set it.
     */
    public boolean isSet(final Key<?> key)
    {
        final Origin origin = origins.get(key);
        return origin != null && (origin.kind() == Origin.Kind.FILE || origin.kind() == Origin.Kind.OVERRIDE);
    }

    /**
     * The properties file this was read from, or null.
     *
     * @return the file.
     */
    public Path sourceFile()
    {
        return sourceFile;
    }

    /**
     * A copy with some values replaced, as if given with {@code --set} (used by resume and by
     * tests). The result is validated again.
     *
     * @param overrides {@code key=value} texts.
     * @return the new configuration.
     */
    public RunConfig with(final List<String> overrides)
    {
        final String text = toResolvedText();
        return fromText(text, "resolved configuration", overrides);
    }

    /**
     * The resolved configuration as a properties text: every key with its value and a comment
     * saying where it came from, grouped by section. Reading it back gives an equal
     * configuration.
     *
     * @return the text.
     */
    public String toResolvedText()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# Resolved configuration: the file, then --set overrides, then defaults.\n");
        String section = null;
        for (final Map.Entry<Key<?>, Object> e : values.entrySet())
        {
            final Key<?> key = e.getKey();
            if (!key.section().equals(section))
            {
                section = key.section();
                sb.append("\n# --- ").append(section).append(" ---\n");
            }
            sb.append("# ").append(key.doc()).append(" [").append(origins.get(key).describe()).append("]\n");
            sb.append(key.name()).append('=').append(escape(key.format(e.getValue()))).append('\n');
        }
        return sb.toString();
    }

    private static String escape(final String value)
    {
        final StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Writes {@link #toResolvedText()} to a file.
     *
     * @param file the file.
     * @throws IOException if it cannot be written.
     */
    public void writeResolved(final Path file) throws IOException
    {
        Files.writeString(file, toResolvedText(), StandardCharsets.UTF_8);
    }
}
