package io.surge.cli;

import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.surge.channel.aeron.AeronTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code surge driver}: a standalone Aeron media driver that several Surge processes on one host
 * share ({@code aeron.driver=external}); needed for {@code transport=ipc} between processes.
 * Runs until Ctrl-C (SIGINT) or SIGTERM; the driver is closed (and its directory deleted) before the
 * JVM exits, whose status is then the signal's (130 or 143).
 */
@Command(name = "driver", mixinStandardHelpOptions = true,
    description = {
        "Run a standalone Aeron media driver for the Surge processes of this host.",
        "Processes use it with aeron.driver=external and aeron.dir=<its directory>; it is needed for",
        "transport=ipc between processes. The default idle strategy backs off to parking (up to 1 ms),",
        "so an idle driver does not busy-spin a small host. Runs until Ctrl-C.",
        "Exit status: 0 stopped, 2 bad arguments or the driver could not start."})
final class DriverCommand implements Callable<Integer>
{
    private static final List<String> THREADING = List.of("shared", "shared_network", "dedicated");
    private static final List<String> IDLE = List.of("backoff", "sleep", "yield", "busy");

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Driver directory (CnC file and log buffers; default: Aeron's, ${DEFAULT-VALUE}).")
    private String dir = CommonContext.getAeronDirectoryName();

    @Option(names = "--threading", paramLabel = "MODE", defaultValue = "shared",
        description = "shared (one thread), shared_network (conductor + network) or dedicated (conductor, sender, " +
            "receiver); default: ${DEFAULT-VALUE}.")
    private String threading;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "backoff",
        description = "Idle strategy of every driver thread: backoff (spin, yield, then park up to 1 ms), sleep " +
            "(park 1 ms), yield or busy (one core per thread); default: ${DEFAULT-VALUE}.")
    private String idle;

    @Option(names = "--term-length", paramLabel = "BYTES", defaultValue = "4194304",
        description = "Default term buffer length of publications whose channel sets none (a power of two from " +
            "65536 to 1073741824; Surge's channels set aeron.term_length themselves); default: ${DEFAULT-VALUE}.")
    private int termLength;

    @Option(names = "--client-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "A client silent this long is considered dead and its publications closed; default: ${DEFAULT-VALUE}.")
    private long clientTimeoutMs;

    @Option(names = "--keep-dir", description = "Keep the directory when the driver stops (default: delete it).")
    private boolean keepDir;

    @Override
    public Integer call()
    {
        if (!THREADING.contains(threading))
        {
            System.err.println("surge driver: --threading '" + threading + "' is not allowed; allowed: " +
                String.join(", ", THREADING));
            return 2;
        }
        if (!IDLE.contains(idle))
        {
            System.err.println("surge driver: --idle '" + idle + "' is not allowed; allowed: " + String.join(", ", IDLE));
            return 2;
        }
        if (Integer.bitCount(termLength) != 1 || termLength < 65536 || termLength > (1 << 30))
        {
            System.err.println("surge driver: --term-length " + termLength +
                " is not allowed; allowed: a power of two from 65536 to 1073741824");
            return 2;
        }
        if (clientTimeoutMs < 100)
        {
            System.err.println("surge driver: --client-timeout-ms must be at least 100, got " + clientTimeoutMs);
            return 2;
        }
        final MediaDriver.Context context = AeronTransport.driverContext(dir,
            ThreadingMode.valueOf(threading.toUpperCase(Locale.ROOT)), idle, termLength, !keepDir)
            .clientLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(clientTimeoutMs));
        final MediaDriver driver;
        try
        {
            driver = MediaDriver.launch(context);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("surge driver: the media driver did not start in " + dir + ": " + ex);
            return 2;
        }
        // Ctrl-C and SIGTERM run shutdown hooks: this one lets the main thread close the driver
        // (and delete its directory) before the JVM exits, waiting up to 10 s for it.
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stop.countDown();
            try
            {
                closed.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "surge-driver-shutdown"));
        try
        {
            System.out.println("surge driver: media driver running in " + driver.aeronDirectoryName() +
                " (threading " + threading + ", idle " + idle + ", term length " + termLength + ")");
            System.out.println("surge driver: processes connect with aeron.driver=external aeron.dir=" +
                driver.aeronDirectoryName() + "; Ctrl-C to stop");
            System.out.flush();
            stop.await();
            System.out.println("surge driver: stopping");
            driver.close();
            System.out.println("surge driver: stopped" + (keepDir ? "" : ", directory deleted"));
            System.out.flush();
        }
        catch (final InterruptedException ex)
        {
            driver.close();
            Thread.currentThread().interrupt();
        }
        finally
        {
            closed.countDown();
        }
        return 0;
    }
}
