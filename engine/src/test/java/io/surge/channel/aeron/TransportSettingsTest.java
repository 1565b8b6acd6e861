package io.surge.channel.aeron;

import io.aeron.driver.ThreadingMode;
import io.surge.cli.SurgeCli;
import io.surge.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.surge.channel.aeron.AeronTestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportSettingsTest
{
    @Test
    void shouldRunEveryRoleInOneProcessByDefault()
    {
        final TransportSettings s = TransportSettings.from(config());
        assertTrue(s.roles().single());
        assertEquals(ProcessRoles.ALL, s.roles());
        assertFalse(s.udp());
        assertTrue(s.embeddedDriver());
        assertEquals(ThreadingMode.SHARED, s.driverThreading());
        assertEquals("backoff", s.driverIdle());
        assertEquals("aeron:ipc", s.experienceChannel());
        assertEquals("aeron:ipc", s.parametersSubscribeChannel());
        assertEquals(16384, s.chunkFloats());
        assertThrows(IllegalStateException.class, () -> AeronBridges.launch(s, null, null, null, 1));
    }

    @Test
    void shouldDeriveTheUdpChannelsFromTheLearnerHostAndPortBase()
    {
        final TransportSettings s = TransportSettings.from(config("transport=udp", "aeron.learner_host=10.0.0.5",
            "aeron.port_base=50000", "roles=actors"));
        assertEquals("aeron:udp?endpoint=10.0.0.5:50000", s.experienceChannel());
        assertEquals("aeron:udp?endpoint=10.0.0.5:50001", s.controlChannel());
        assertEquals("aeron:udp?control=10.0.0.5:50002|control-mode=dynamic", s.parametersChannel());
        assertEquals("aeron:udp?endpoint=0.0.0.0:0|control=10.0.0.5:50002|control-mode=dynamic",
            s.parametersSubscribeChannel());
        assertEquals("aeron:udp?endpoint=10.0.0.5:50003", s.prioritiesChannel());
        assertEquals("aeron:udp?endpoint=10.0.0.5:50000|term-length=4194304", s.publicationChannel(s.experienceChannel()));
        assertEquals("aeron:ipc?term-length=65536", s.publicationChannel("aeron:ipc?term-length=65536"));
        assertEquals(ProcessRoles.ACTORS, s.roles().bits());
    }

    @Test
    void shouldKeepAChannelSetInTheFile()
    {
        final TransportSettings s = TransportSettings.from(config("transport=udp",
            "aeron.parameters.channel=aeron:udp?endpoint=224.0.1.1:40456|interface=10.0.0.0/24",
            "aeron.parameters.subscribe_channel=aeron:udp?endpoint=224.0.1.1:40456|interface=10.0.0.0/24"));
        assertEquals("aeron:udp?endpoint=224.0.1.1:40456|interface=10.0.0.0/24", s.parametersChannel());
        assertEquals(s.parametersChannel(), s.parametersSubscribeChannel());
    }

    @Test
    void shouldAgreeOnTheRunIdInEveryProcessOfOneFileAndDifferBetweenRuns()
    {
        final long learner = TransportSettings.from(config("roles=learner,replay", "seed=3", "aeron.driver=external")).runId();
        final long actors = TransportSettings.from(config("roles=actors", "seed=3", "transport=udp")).runId();
        assertEquals(learner, actors);
        assertNotEquals(learner, TransportSettings.from(config("roles=actors", "seed=4", "transport=udp")).runId());
        assertEquals(42L, TransportSettings.from(config("aeron.run_id=42")).runId());
    }

    @Test
    void shouldNameTheKeyOfEveryBadValue()
    {
        assertBad("aeron.term_length", "aeron.term_length=100000");
        assertBad("aeron.parameters.chunk_bytes", "aeron.parameters.chunk_bytes=1026");
        assertBad("aeron.parameters.chunk_bytes", "aeron.term_length=65536", "aeron.parameters.chunk_bytes=16384");
        assertBad("aeron.liveness_timeout_ms", "aeron.heartbeat_interval_ms=500", "aeron.liveness_timeout_ms=500");
        assertBad("aeron.experience.channel", "aeron.experience.channel=tcp://host:1");
        assertBad("aeron.control.channel", "aeron.control.channel=aeron:ipc?|||");
        assertBad("roles", "roles=all,actors");
        assertBad("aeron.driver", "roles=actors", "transport=ipc");
        assertBad("aeron.driver", "roles=actors", "transport=udp", "aeron.parameters.subscribe_channel=aeron:ipc");
        TransportSettings.from(config("roles=actors", "transport=ipc", "aeron.dir=/dev/shm/x"));
        TransportSettings.from(config("roles=actors", "transport=ipc", "aeron.driver=external"));
    }

    private static void assertBad(final String key, final String... lines)
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> TransportSettings.from(config(lines)));
        assertTrue(ex.getMessage().contains(key), ex.getMessage());
    }

    @Test
    void shouldParseRolesAndRefuseASplitReplayAndLearner()
    {
        final ProcessRoles actors = ProcessRoles.of(List.of("actors"));
        assertTrue(actors.actors() && !actors.replay() && !actors.learner() && !actors.single());
        assertEquals("actors", actors.toString());
        final ProcessRoles learner = ProcessRoles.of(List.of("learner", "replay", "evaluator"));
        assertEquals("replay,learner,evaluator", learner.toString());
        assertEquals(learner, learner.requireReplayWithLearner());
        assertThrows(IllegalArgumentException.class, () -> ProcessRoles.of(List.of("replay")).requireReplayWithLearner());
        assertThrows(IllegalArgumentException.class, () -> ProcessRoles.of(List.of("all", "learner")));
        assertThrows(IllegalArgumentException.class, () -> ProcessRoles.of(List.of("parameter-server")));
    }

    @Test
    void shouldDescribeTheStandaloneDriverAndRefuseBadArguments()
    {
        final String[] help = run("driver", "--help");
        assertEquals("0", help[0]);
        assertTrue(help[1].startsWith("Usage: surge driver"), help[1]);
        for (final String option : List.of("--dir", "--threading", "--idle", "--term-length", "--client-timeout-ms", "--keep-dir"))
        {
            assertTrue(help[1].contains(option), option);
        }
        final String[] top = run("--help");
        assertTrue(top[1].contains("driver"), top[1]);

        final String[] threading = run("driver", "--threading", "many");
        assertEquals("2", threading[0]);
        assertTrue(threading[2].contains("shared, shared_network, dedicated"), threading[2]);
        final String[] idle = run("driver", "--idle", "spin");
        assertEquals("2", idle[0]);
        assertTrue(idle[2].contains("backoff, sleep, yield, busy"), idle[2]);
        final String[] term = run("driver", "--term-length", "100000");
        assertEquals("2", term[0]);
        assertTrue(term[2].contains("power of two"), term[2]);
    }

    private static String[] run(final String... args)
    {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream o = new ByteArrayOutputStream();
        final ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try
        {
            final int status = SurgeCli.execute(args);
            return new String[] {Integer.toString(status), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
