package io.surge.channel.aeron;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three hosts made with Linux network namespaces, Aeron over UDP between them: runs
 * {@code engine/src/test/sh/netns-udp.sh} (learner side in one namespace, an actor process in each
 * of the other two), which creates the namespaces and removes them on every exit. Runs after
 * {@code package} (failsafe), because the script starts JVMs from {@code target/lib}. Needs root;
 * skipped otherwise.
 */
@Tag("system")
class NetnsUdpIT
{
    @Test
    void shouldConnectTwoActorHostsToALearnerHostOverUdpInNetworkNamespaces() throws IOException, InterruptedException
    {
        final Path script = Path.of("src", "test", "sh", "netns-udp.sh").toAbsolutePath();
        assertTrue(Files.isRegularFile(script), script.toString());
        final Process uid = new ProcessBuilder("id", "-u").start();
        final String user = new String(uid.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        uid.waitFor();
        assumeTrue("0".equals(user), "network namespaces need root; this user is " + user);

        final Path log = Files.createTempFile("netns-udp", ".log");
        final Process run = new ProcessBuilder("bash", script.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean ended = run.waitFor(10, TimeUnit.MINUTES);
        if (!ended)
        {
            run.destroy();
            run.waitFor(30, TimeUnit.SECONDS);
        }
        final String output = Files.readString(log);
        assertTrue(ended, "the script did not end in 10 minutes:\n" + output);
        assertEquals(0, run.exitValue(), output);
        final Process left = new ProcessBuilder("ip", "netns", "list").start();
        final String namespaces = new String(left.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        left.waitFor();
        assertTrue(!namespaces.contains("surge"), "namespaces left behind: " + namespaces);
    }
}
