package io.surge.replay;

import io.surge.experience.TransitionDescriptor;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Everything a transition replay is built from. Immutable; {@link #of(int, int, int)} gives the
 * defaults and the {@code with*} methods change one field each.
 *
 * @param observationSize   floats per observation.
 * @param actionSize        0 for discrete actions (one int32), else floats per continuous action.
 * @param nStep             n of the n-step transitions the adders write (largest bootstrap steps k).
 * @param gamma             discount γ the adders used (recorded for checks and documentation).
 * @param capacity          records kept, at most 2^26; the oldest is evicted first (FIFO).
 * @param alpha             priority exponent α: a transition's priority is (|δ| + ε)^α.
 * @param beta              importance-sampling exponent β, annealed per sampled batch.
 * @param epsilon           ε added to |δ| so no transition has priority 0.
 * @param maxStreams        most streams (sub-environments) that can be inside an episode at once.
 * @param memoryBudgetBytes construction fails (before allocating) when the replay needs more.
 * @param seed              seed of the replay's random generator (sampling).
 */
public record ReplayConfig(
    int observationSize,
    int actionSize,
    int nStep,
    double gamma,
    int capacity,
    double alpha,
    LinearSchedule beta,
    double epsilon,
    int maxStreams,
    long memoryBudgetBytes,
    long seed)
{
    /** Bytes of the replay's own header in front of each stored record. */
    public static final int SLOT_HEADER_BYTES = 8;

    /** Default n: 3 (Ape-X, R2D2 use 3 or 5). */
    public static final int DEFAULT_N_STEP = 3;
    /** Default γ: 0.99. */
    public static final double DEFAULT_GAMMA = 0.99;
    /** Default α: 0.6 (Schaul et al., proportional variant; Ape-X). */
    public static final double DEFAULT_ALPHA = 0.6;
    /** Default β schedule: 0.4 to 1 over 10^6 sampled batches (Schaul et al.'s β₀ = 0.4). */
    public static final LinearSchedule DEFAULT_BETA = new LinearSchedule(0.4, 1.0, 1_000_000);
    /** Default ε: 1e-6. */
    public static final double DEFAULT_EPSILON = 1e-6;
    /** Default number of concurrent streams: 4096. */
    public static final int DEFAULT_MAX_STREAMS = 4096;

    /**
     * Validates every field, naming the bad one.
     *
     * @param observationSize   floats per observation, at least 1.
     * @param actionSize        0 (discrete) or the continuous action's size.
     * @param nStep             in [1, 32767].
     * @param gamma             in [0, 1].
     * @param capacity          in [1, 2^26].
     * @param alpha             {@code >= 0}.
     * @param beta              the β schedule.
     * @param epsilon           {@code >= 0}.
     * @param maxStreams        {@code >= 1}.
     * @param memoryBudgetBytes {@code >= 1}.
     * @param seed              any value.
     */
    public ReplayConfig
    {
        new TransitionDescriptor(observationSize, actionSize); // validates the two sizes
        if (nStep < 1 || nStep > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException("nStep must be in [1, 32767], got " + nStep);
        }
        if (!(gamma >= 0.0 && gamma <= 1.0))
        {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        if (capacity < 1 || capacity > SumTree.MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be in [1, 2^26], got " + capacity);
        }
        if (!(alpha >= 0.0) || Double.isInfinite(alpha))
        {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        if (beta == null)
        {
            throw new IllegalArgumentException("beta schedule must be given");
        }
        if (!(epsilon >= 0.0) || Double.isInfinite(epsilon))
        {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        if (maxStreams < 1)
        {
            throw new IllegalArgumentException("maxStreams must be >= 1, got " + maxStreams);
        }
        if (memoryBudgetBytes < 1)
        {
            throw new IllegalArgumentException("memoryBudgetBytes must be >= 1, got " + memoryBudgetBytes);
        }
    }

    /**
     * A configuration with the defaults for everything but the sizes: n = 3, γ = 0.99, α = 0.6,
     * β from 0.4 to 1 over 10^6 batches, ε = 1e-6, 4096 streams, no memory budget, seed 0.
     *
     * @param observationSize floats per observation.
     * @param actionSize      0 (discrete) or the continuous action's size.
     * @param capacity        records kept.
     * @return the configuration.
     */
    public static ReplayConfig of(final int observationSize, final int actionSize, final int capacity)
    {
        return new ReplayConfig(observationSize, actionSize, DEFAULT_N_STEP, DEFAULT_GAMMA, capacity, DEFAULT_ALPHA,
            DEFAULT_BETA, DEFAULT_EPSILON, DEFAULT_MAX_STREAMS, Long.MAX_VALUE, 0L);
    }

    /**
     * A copy with another n.
     *
     * @param value the n.
     * @return the copy.
     */
    public ReplayConfig withNStep(final int value)
    {
        return new ReplayConfig(observationSize, actionSize, value, gamma, capacity, alpha, beta, epsilon, maxStreams,
            memoryBudgetBytes, seed);
    }

    /**
     * A copy with another γ.
     *
     * @param value the γ.
     * @return the copy.
     */
    public ReplayConfig withGamma(final double value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, value, capacity, alpha, beta, epsilon, maxStreams,
            memoryBudgetBytes, seed);
    }

    /**
     * A copy with another capacity.
     *
     * @param value the capacity.
     * @return the copy.
     */
    public ReplayConfig withCapacity(final int value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, gamma, value, alpha, beta, epsilon, maxStreams,
            memoryBudgetBytes, seed);
    }

    /**
     * A copy with another α.
     *
     * @param value the α.
     * @return the copy.
     */
    public ReplayConfig withAlpha(final double value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, gamma, capacity, value, beta, epsilon, maxStreams,
            memoryBudgetBytes, seed);
    }

    /**
     * A copy with another β schedule.
     *
     * @param value the schedule.
     * @return the copy.
     */
    public ReplayConfig withBeta(final LinearSchedule value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, gamma, capacity, alpha, value, epsilon, maxStreams,
            memoryBudgetBytes, seed);
    }

    /**
     * A copy with another ε.
     *
     * @param value the ε.
     * @return the copy.
     */
    public ReplayConfig withEpsilon(final double value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, gamma, capacity, alpha, beta, value, maxStreams,
            memoryBudgetBytes, seed);
    }

    /**
     * A copy with another stream limit.
     *
     * @param value the limit.
     * @return the copy.
     */
    public ReplayConfig withMaxStreams(final int value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, gamma, capacity, alpha, beta, epsilon, value,
            memoryBudgetBytes, seed);
    }

    /**
     * A copy with another memory budget.
     *
     * @param value the budget in bytes.
     * @return the copy.
     */
    public ReplayConfig withMemoryBudgetBytes(final long value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, gamma, capacity, alpha, beta, epsilon, maxStreams,
            value, seed);
    }

    /**
     * A copy with another seed.
     *
     * @param value the seed.
     * @return the copy.
     */
    public ReplayConfig withSeed(final long value)
    {
        return new ReplayConfig(observationSize, actionSize, nStep, gamma, capacity, alpha, beta, epsilon, maxStreams,
            memoryBudgetBytes, value);
    }

    /**
     * The layout of the records this replay stores.
     *
     * @return the descriptor.
     */
    public TransitionDescriptor descriptor()
    {
        return new TransitionDescriptor(observationSize, actionSize);
    }

    /**
     * Bytes per storage slot: the replay's header and one record.
     *
     * @return the slot length.
     */
    public int slotLength()
    {
        return SLOT_HEADER_BYTES + descriptor().recordLength();
    }

    /**
     * Leaves of the priority trees: the smallest power of two {@code >= capacity}.
     *
     * @return the tree capacity.
     */
    public int treeCapacity()
    {
        return treeCapacityFor(capacity);
    }

    static int treeCapacityFor(final int capacity)
    {
        return capacity <= 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    }

    /**
     * Off-heap bytes of the record storage.
     *
     * @return {@code capacity * slotLength()}.
     */
    public long storageBytes()
    {
        return (long)capacity * slotLength();
    }

    /**
     * Heap bytes of the stream table (episode bookkeeping per stream) and snapshot bitmaps.
     *
     * @return the bytes, an upper estimate.
     */
    public long bookkeepingBytes()
    {
        final long perRow = 4L + 8 + 4 + 4 + 4 + (long)nStep * (8 + 4 + 8);
        final long map = 2L * 4 * Math.max(8, Integer.highestOneBit(Math.max(1, maxStreams * 2 - 1)) << 1);
        final long bitmaps = 2L * ((capacity + 63) / 64) * 8;
        return (long)maxStreams * perRow + map + bitmaps;
    }

    /**
     * Everything a replay of this kind allocates: storage, trees (prioritized), bookkeeping.
     *
     * @param kind the replay.
     * @return the bytes.
     */
    public long requiredBytes(final ReplayKind kind)
    {
        final long trees = kind == ReplayKind.PRIORITIZED ? PriorityTrees.bytesFor(treeCapacity()) : 0;
        return storageBytes() + trees + bookkeepingBytes();
    }

    /**
     * A few lines saying what the replay will allocate, for printing before start.
     *
     * @param kind the replay.
     * @return the description.
     */
    public String describeMemory(final ReplayKind kind)
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s replay: %s total (budget %s)%n", kind.name().toLowerCase(Locale.ROOT),
            bytes(requiredBytes(kind)), memoryBudgetBytes == Long.MAX_VALUE ? "none" : bytes(memoryBudgetBytes)));
        out.append(String.format(Locale.ROOT, "  storage     %s = %d slots x %d B (header %d + record %d) off-heap%n",
            bytes(storageBytes()), capacity, slotLength(), SLOT_HEADER_BYTES, descriptor().recordLength()));
        if (kind == ReplayKind.PRIORITIZED)
        {
            final int leaves = treeCapacity();
            out.append(String.format(Locale.ROOT,
                "  trees       %s = %d leaves x 8 B + sums and minima of every third level: 2 x %,d B off-heap%n",
                bytes(PriorityTrees.bytesFor(leaves)), leaves, PriorityTrees.innerBytesFor(leaves)));
        }
        out.append(String.format(Locale.ROOT, "  bookkeeping %s (%d streams, n = %d; snapshot bitmaps) heap%n",
            bytes(bookkeepingBytes()), maxStreams, nStep));
        return out.toString();
    }

    /**
     * Fails, before anything is allocated, when the replay would need more than the budget or
     * more than the JVM's direct-memory limit.
     *
     * @param kind the replay.
     * @throws IllegalArgumentException naming both numbers and what to change.
     */
    public void checkMemory(final ReplayKind kind)
    {
        checkBudget(requiredBytes(kind), memoryBudgetBytes, describeMemory(kind));
    }

    static void checkBudget(final long required, final long budget, final String description)
    {
        if (required > budget)
        {
            throw new IllegalArgumentException("replay needs " + bytes(required) + " but memoryBudgetBytes is " + bytes(budget) +
                ": lower the capacity or raise the budget.\n" + description);
        }
        final long direct = maxDirectMemoryBytes();
        if (required > direct)
        {
            throw new IllegalArgumentException("replay needs " + bytes(required) + " but the JVM allows " + bytes(direct) +
                " of direct memory: raise -XX:MaxDirectMemorySize (or -Xmx) or lower the capacity.\n" + description);
        }
    }

    /**
     * The JVM's limit on direct buffers ({@code -XX:MaxDirectMemorySize}, which defaults to the
     * maximum heap size).
     *
     * @return the limit in bytes.
     */
    public static long maxDirectMemoryBytes()
    {
        try
        {
            final HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            final long value = Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
            return value > 0 ? value : Runtime.getRuntime().maxMemory();
        }
        catch (final RuntimeException ex)
        {
            return Runtime.getRuntime().maxMemory();
        }
    }

    static String bytes(final long value)
    {
        if (value >= 1L << 30)
        {
            return String.format(Locale.ROOT, "%.2f GiB", value / (double)(1L << 30));
        }
        if (value >= 1L << 20)
        {
            return String.format(Locale.ROOT, "%.2f MiB", value / (double)(1L << 20));
        }
        if (value >= 1L << 10)
        {
            return String.format(Locale.ROOT, "%.2f KiB", value / 1024.0);
        }
        return value + " B";
    }
}
