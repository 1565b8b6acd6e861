package io.surge.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key Surge knows, collected from the declaration classes listed here.
 * Each key is declared exactly once, as a {@code public static final Key} constant.
 */
public final class KeyCatalog
{
    private static final List<Class<?>> DECLARATIONS = List.of(CoreKeys.class, RuntimeKeys.class, LearningKeys.class,
        TransportKeys.class, io.surge.algo.impala.ImpalaKeys.class);

    private static final Map<String, Key<?>> KEYS = collect();

    private KeyCatalog()
    {
    }

    private static Map<String, Key<?>> collect()
    {
        final Map<String, Key<?>> keys = new LinkedHashMap<>();
        for (final Class<?> type : DECLARATIONS)
        {
            for (final Field field : type.getDeclaredFields())
            {
                final int mods = field.getModifiers();
                if (Modifier.isStatic(mods) && Modifier.isFinal(mods) && Key.class.equals(field.getType()))
                {
                    try
                    {
                        final Key<?> key = (Key<?>)field.get(null);
                        if (keys.putIfAbsent(key.name(), key) != null)
                        {
                            throw new IllegalStateException("configuration key declared twice: " + key.name());
                        }
                    }
                    catch (final IllegalAccessException ex)
                    {
                        throw new IllegalStateException("key constant not accessible: " + field, ex);
                    }
                }
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    /**
     * All keys, in declaration order.
     *
     * @return name to key.
     */
    public static Map<String, Key<?>> keys()
    {
        return KEYS;
    }

    /**
     * The key with this name, or null.
     *
     * @param name the name.
     * @return the key or null.
     */
    public static Key<?> find(final String name)
    {
        return KEYS.get(name);
    }

    /**
     * Names of known keys close to a misspelt one (Damerau-Levenshtein distance at most 2, or
     * the same last segment), best first, at most three.
     *
     * @param name the unknown name.
     * @return suggestions, possibly empty.
     */
    public static List<String> suggestions(final String name)
    {
        final List<String> close = new ArrayList<>();
        final List<Integer> distances = new ArrayList<>();
        for (final String known : KEYS.keySet())
        {
            final int d = distance(name, known);
            final String lastKnown = known.substring(known.lastIndexOf('.') + 1);
            final String lastName = name.substring(name.lastIndexOf('.') + 1);
            final int limit = Math.max(2, Math.min(known.length(), name.length()) / 4);
            if (d <= limit || (lastKnown.equals(lastName) && lastName.length() > 2))
            {
                int at = 0;
                while (at < distances.size() && distances.get(at) <= d)
                {
                    at++;
                }
                close.add(at, known);
                distances.add(at, d);
            }
        }
        return close.size() > 3 ? List.copyOf(close.subList(0, 3)) : List.copyOf(close);
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
