package io.surge.channel.aeron;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A process's Aeron client and, when embedded, its media driver. The embedded driver runs in
 * {@code aeron.dir} when it is set (other processes of the host may then use it as their external
 * driver; it refuses to start over a running driver), else in a fresh directory beside Aeron's
 * default (so processes and tests on one host never share one by accident); it runs with the
 * configured threading and idle strategies (by default one thread that backs off to parking: it
 * does not busy-spin a small host), and its directory is deleted on close. An external driver
 * (started with {@code surge driver}) must be running in the configured directory.
 *
 * <p>Threading: made and closed on the control thread; the {@link Aeron} client is thread-safe.
 */
public final class AeronTransport implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final String directory;

    private AeronTransport(final MediaDriver driver, final Aeron aeron, final String directory)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.directory = directory;
    }

    /**
     * Starts the driver (when embedded) and connects the client.
     *
     * @param settings     the settings.
     * @param errorHandler receives the client's and the embedded driver's errors.
     * @return the transport.
     * @throws IllegalStateException when an external driver is not running in the directory.
     */
    public static AeronTransport launch(final TransportSettings settings, final ErrorHandler errorHandler)
    {
        MediaDriver driver = null;
        final String dir;
        if (settings.embeddedDriver())
        {
            if (settings.dir() != null)
            {
                dir = settings.dir();
                if (CommonContext.isDriverActive(new File(dir), settings.driverTimeoutMs(), message -> { }))
                {
                    throw new IllegalStateException("aeron.driver=embedded: a media driver is already running in " + dir +
                        "; use it with aeron.driver=external, or choose another aeron.dir");
                }
            }
            else
            {
                dir = CommonContext.getAeronDirectoryName() + "-surge-" + ProcessHandle.current().pid() + "-" +
                    Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
            }
            driver = MediaDriver.launch(driverContext(dir, settings.driverThreading(), settings.driverIdle(),
                settings.termLength(), true).errorHandler(errorHandler));
        }
        else
        {
            dir = settings.dir() != null ? settings.dir() : CommonContext.getAeronDirectoryName();
            if (!CommonContext.isDriverActive(new File(dir), settings.driverTimeoutMs(), message -> { }))
            {
                throw new IllegalStateException("aeron.driver=external: no media driver is running in " + dir +
                    "; start one with `bin/surge driver --dir " + dir + "` (or set aeron.dir)");
            }
        }
        try
        {
            final Aeron aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir)
                .driverTimeoutMs(settings.driverTimeoutMs())
                .clientName("surge-" + ProcessHandle.current().pid())
                .errorHandler(errorHandler));
            return new AeronTransport(driver, aeron, dir);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /**
     * The context of a media driver as Surge runs it: embedded in a run or standalone
     * ({@code surge driver}).
     *
     * @param dir              the directory.
     * @param threading        the threading mode.
     * @param idle             the idle strategy word of every driver thread.
     * @param termLength       default term length of publications (channels may set their own).
     * @param deleteOnShutdown true to delete the directory on close.
     * @return the context.
     */
    public static MediaDriver.Context driverContext(
        final String dir, final ThreadingMode threading, final String idle, final int termLength,
        final boolean deleteOnShutdown)
    {
        return new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(deleteOnShutdown)
            .threadingMode(threading)
            .sharedIdleStrategy(idleStrategy(idle))
            .sharedNetworkIdleStrategy(idleStrategy(idle))
            .conductorIdleStrategy(idleStrategy(idle))
            .senderIdleStrategy(idleStrategy(idle))
            .receiverIdleStrategy(idleStrategy(idle))
            .asyncExecutorIdleStrategy(idleStrategy(idle))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(termLength)
            .ipcTermBufferLength(termLength);
    }

    /**
     * A new idle strategy for a driver thread.
     *
     * @param word {@code backoff} (spin, yield, then park from 1 µs up to 1 ms), {@code sleep}
     *             (park 1 ms), {@code yield} or {@code busy}.
     * @return the strategy.
     */
    public static IdleStrategy idleStrategy(final String word)
    {
        return switch (word)
        {
            case "backoff" -> new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
            case "sleep" -> new SleepingMillisIdleStrategy(1);
            case "yield" -> new YieldingIdleStrategy();
            case "busy" -> new BusySpinIdleStrategy();
            default -> throw new IllegalArgumentException("unknown idle strategy '" + word +
                "'; allowed: backoff, sleep, yield, busy");
        };
    }

    /**
     * The client.
     *
     * @return the Aeron client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * The driver's directory.
     *
     * @return the directory.
     */
    public String directory()
    {
        return directory;
    }

    /**
     * Whether this process runs the driver.
     *
     * @return true when embedded.
     */
    public boolean embedded()
    {
        return driver != null;
    }

    /** Closes the client, then the embedded driver, whose directory is deleted. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
        if (driver != null)
        {
            IoUtil.delete(new File(directory), true);
        }
    }
}
