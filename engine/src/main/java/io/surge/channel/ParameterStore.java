package io.surge.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The newest parameters of a model, published by one writer (the learner) and copied by any
 * number of readers (actors, evaluator) without locks: a double buffer with a sequence lock.
 *
 * <p>The writer first announces that it is writing (a flag in the state word), copies into the
 * buffer readers are not directed to, then publishes {@code (version, index)} with release
 * order. A reader loads the state with acquire order, copies the buffer it names, and loads the
 * state again: the copy is valid if the state is unchanged, or if exactly one newer version was
 * published into the other buffer and no write has started since (a write after that goes into
 * the buffer being copied). Otherwise the copy is retried. With one publication per learner
 * update and a copy taking microseconds, retries are rare.
 *
 * <pre>
 *   state = version &lt;&lt; 2 | writing &lt;&lt; 1 | index
 *           index: the buffer that holds version; writing: the writer is filling the other one
 * </pre>
 *
 * <p>Threading: {@link #publish} from one thread only; {@link #copyIfNewer} and
 * {@link #version()} from any thread. Nothing allocates after construction.
 */
public final class ParameterStore
{
    private static final VarHandle PUBLISHED;

    static
    {
        try
        {
            PUBLISHED = MethodHandles.lookup().findVarHandle(ParameterStore.class, "published", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final long WRITING = 2;

    private final float[][] buffers;
    private final int length;
    @SuppressWarnings("unused") // accessed through PUBLISHED
    private volatile long published;

    /**
     * Makes a store for vectors of a fixed length, holding version 0 = the given initial values.
     *
     * @param initial the initial parameters (copied).
     */
    public ParameterStore(final float[] initial)
    {
        this(initial, 0);
    }

    /**
     * Makes a store holding the given version (a resumed run continues its version numbers).
     *
     * @param initial the initial parameters (copied).
     * @param version their version, at least 0.
     */
    public ParameterStore(final float[] initial, final long version)
    {
        if (version < 0)
        {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
        length = initial.length;
        buffers = new float[][] {initial.clone(), new float[length]};
        PUBLISHED.setRelease(this, version << 2);
    }

    /**
     * Length of the vectors.
     *
     * @return the number of floats.
     */
    public int length()
    {
        return length;
    }

    /**
     * The newest published version.
     *
     * @return the version.
     */
    public long version()
    {
        return ((long)PUBLISHED.getAcquire(this)) >>> 2;
    }

    /**
     * Publishes new parameters (single writer).
     *
     * @param params  the parameters; {@code length()} floats are copied.
     * @param version the version, greater than the last one published.
     */
    public void publish(final float[] params, final long version)
    {
        final long current = (long)PUBLISHED.getAcquire(this);
        if (version <= current >>> 2)
        {
            throw new IllegalArgumentException("parameter version must increase: " + version + " after " + (current >>> 2));
        }
        final int back = (int)(current & 1) ^ 1;
        PUBLISHED.setVolatile(this, current | WRITING);
        VarHandle.storeStoreFence();
        System.arraycopy(params, 0, buffers[back], 0, length);
        PUBLISHED.setRelease(this, version << 2 | back);
    }

    /**
     * Copies the newest parameters when they are newer than {@code haveVersion}.
     *
     * @param dest        receives {@code length()} floats.
     * @param haveVersion the version the caller has.
     * @return the version copied, or -1 when nothing newer was published.
     */
    public long copyIfNewer(final float[] dest, final long haveVersion)
    {
        while (true)
        {
            final long before = (long)PUBLISHED.getAcquire(this);
            final long version = before >>> 2;
            if (version <= haveVersion)
            {
                return -1;
            }
            System.arraycopy(buffers[(int)(before & 1)], 0, dest, 0, length);
            VarHandle.acquireFence();
            final long after = (long)PUBLISHED.getAcquire(this);
            final long afterVersion = after >>> 2;
            // Same version: any write in progress targets the other buffer. One newer version
            // with no write in progress: it went into the other buffer. Anything else may have
            // written the buffer we copied.
            if (afterVersion == version || (afterVersion == version + 1 && (after & WRITING) == 0))
            {
                return version;
            }
        }
    }
}
