package io.surge.algo.impala;

import io.surge.agent.Algorithm;
import io.surge.agent.Run;
import io.surge.config.RunConfig;
import io.surge.metrics.ProgressLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end IMPALA on CartPole-v1 in deterministic mode (every role on the test's thread in a
 * fixed order, one seed): it must learn, and two runs with one seed must write identical metrics.
 */
class ImpalaLearningTest
{
    private static final String CARTPOLE = String.join("\n",
        "algo=impala",
        "env.id=CartPole-v1",
        "deterministic=true",
        "actors.count=2",
        "actor.envs=8",
        "network.hidden=64,64",
        "learner.optimizer=rmsprop",
        "learner.lr=0.0006",
        "impala.lr_anneal_frames=1000000",
        "learner.batch_size=8",
        "learner.grad_clip_norm=40",
        "impala.unroll_length=20",
        "impala.entropy_cost=0.01",
        "impala.queue_slots=2",
        "eval.episodes=100",
        "eval.envs=20",
        "checkpoint.interval_updates=0",
        "");

    @TempDir
    Path dir;

    private Run.Result run(final String text, final ImpalaAlgorithm[] made) throws IOException
    {
        final RunConfig config = RunConfig.fromText(text + "run.root=" + dir + "\n", "impala", List.of());
        final ProgressLine quiet = new ProgressLine(new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8), false, false);
        return new Run(config, context ->
        {
            final ImpalaAlgorithm algorithm = new ImpalaAlgorithm(context);
            made[0] = algorithm;
            return (Algorithm)algorithm;
        }, quiet, null).execute();
    }

    @Test
    void shouldReachAGreedyEvaluationOf195OnCartPoleInDeterministicMode() throws IOException
    {
        final ImpalaAlgorithm[] made = new ImpalaAlgorithm[1];
        final long start = System.nanoTime();
        final Run.Result result = run(CARTPOLE + "seed=1\neval.interval_updates=25\neval.target_return=195\n" +
            "run.max_env_steps=400000\nreport.interval_steps=20000\n", made);
        final double seconds = (System.nanoTime() - start) / 1e9;
        assertFalse(result.failed(), String.join("\n", result.summary()));
        assertTrue(made[0].bestEvaluation() >= 195, "best greedy evaluation " + made[0].bestEvaluation() + " after " +
            result.envSteps() + " env steps\n" + String.join("\n", result.summary()));
        assertTrue(seconds < 120, "took " + seconds + " s");
        final String events = Files.readString(result.directory().eventsLog());
        assertTrue(events.contains("evaluation mean") && events.contains(">= 195.00"), events);
        assertTrue(Files.exists(result.directory().latencyDir().resolve("policy_lag.hgrm")));
    }

    @Test
    void shouldWriteIdenticalMetricsInTwoDeterministicRunsWithOneSeed() throws IOException
    {
        final String text = CARTPOLE + "seed=7\neval.interval_updates=100\nrun.max_env_steps=30000\n" +
            "report.interval_steps=5000\n";
        final Run.Result first = run(text + "name=first\n", new ImpalaAlgorithm[1]);
        final Run.Result second = run(text + "name=second\n", new ImpalaAlgorithm[1]);
        final List<String> a = Files.readAllLines(first.directory().metricsFile());
        final List<String> b = Files.readAllLines(second.directory().metricsFile());
        assertTrue(a.size() >= 4, a.toString());
        assertTrue(a.get(0).contains("policy_lag_mean") && !a.get(0).contains("wall_s"), a.get(0));
        assertEquals(a, b);
        assertTrue(Files.readString(first.directory().path().resolve("timing.csv")).contains("unrolls_per_s"));
    }
}
