package io.surge.env;

import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Environments by id, as Gymnasium's registry: {@code make("CartPole-v1")} builds the
 * environment with its registered wrappers (the time limit). A user's own environment class is
 * made with {@link #makeClass(String)} (the {@code env.class} setting).
 *
 * <p>Threading: registration happens in the static initializer; lookups are thread-safe.
 */
public final class EnvRegistry
{
    /**
     * One registered environment.
     *
     * @param id              the id, for example {@code CartPole-v1}.
     * @param factory         makes the bare environment.
     * @param maxEpisodeSteps the registered time limit, or 0 for none.
     * @param description     one line for help texts.
     */
    public record Entry(String id, Supplier<Env> factory, int maxEpisodeSteps, String description)
    {
    }

    private static final Map<String, Entry> ENTRIES = new TreeMap<>();

    static
    {
        BuiltinEnvs.registerAll();
    }

    private EnvRegistry()
    {
    }

    /**
     * Registers an environment id. Ids are unique.
     *
     * @param id              the id.
     * @param factory         makes the bare environment.
     * @param maxEpisodeSteps the time limit, or 0 for none.
     * @param description     one line for help texts.
     */
    public static synchronized void register(
        final String id, final Supplier<Env> factory, final int maxEpisodeSteps, final String description)
    {
        if (ENTRIES.containsKey(id))
        {
            throw new IllegalStateException("environment id registered twice: " + id);
        }
        ENTRIES.put(id, new Entry(id, factory, maxEpisodeSteps, description));
    }

    /**
     * All registered environments, sorted by id.
     *
     * @return an unmodifiable view.
     */
    public static synchronized Map<String, Entry> entries()
    {
        return Collections.unmodifiableMap(new TreeMap<>(ENTRIES));
    }

    /**
     * Whether an id is registered.
     *
     * @param id the id.
     * @return true if {@link #make(String)} accepts it.
     */
    public static synchronized boolean contains(final String id)
    {
        return ENTRIES.containsKey(id);
    }

    /**
     * Makes the environment registered as {@code id}, wrapped in its time limit if it has one.
     *
     * @param id the id.
     * @return a new environment.
     * @throws IllegalArgumentException naming the known ids if {@code id} is unknown.
     */
    public static Env make(final String id)
    {
        final Entry entry;
        synchronized (EnvRegistry.class)
        {
            entry = ENTRIES.get(id);
        }
        if (entry == null)
        {
            throw new IllegalArgumentException("unknown environment id '" + id + "'; known ids: " + ENTRIES.keySet());
        }
        final Env env = entry.factory().get();
        return entry.maxEpisodeSteps() > 0 ? new TimeLimit(env, entry.maxEpisodeSteps()) : env;
    }

    /**
     * Makes an instance of a user's {@link Env} class through its public no-argument constructor.
     *
     * @param className fully qualified class name on the class path.
     * @return a new environment.
     * @throws IllegalArgumentException if the class is missing, is not an {@link Env}, or cannot be made.
     */
    public static Env makeClass(final String className)
    {
        try
        {
            final Class<?> type = Class.forName(className);
            if (!Env.class.isAssignableFrom(type))
            {
                throw new IllegalArgumentException("class " + className + " does not implement " + Env.class.getName());
            }
            return (Env)type.getConstructor().newInstance();
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalArgumentException("environment class not found on the class path: " + className, ex);
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException("environment class " + className + " needs a public no-argument constructor", ex);
        }
        catch (final InstantiationException | IllegalAccessException | InvocationTargetException ex)
        {
            throw new IllegalArgumentException("could not make environment class " + className + ": " + ex, ex);
        }
    }
}
