package io.surge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.surge.env.Env;
import io.surge.env.EnvRegistry;
import io.surge.env.EnvWrapper;
import io.surge.env.Space;
import io.surge.env.classic.AcrobotEnv;
import io.surge.env.classic.CartPoleEnv;
import io.surge.env.classic.ClassicControlEnv;
import io.surge.env.classic.Libm;
import io.surge.env.classic.MountainCarContinuousEnv;
import io.surge.env.classic.MountainCarEnv;
import io.surge.env.classic.PendulumEnv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gymnasium's classic-control episodes ({@code classic_control_*.json}: {@code env_id} of one of
 * the five tasks and {@code episodes[]}) replayed through {@code EnvRegistry.make(env_id)}, so the
 * registered time limit is checked too. One case per episode; it passes when both replays agree:
 * <ul>
 *   <li><b>one-step</b>: each step starts from the state Gymnasium recorded after the previous
 *       step (the initial state for the first); the state must be within {@value #ONE_STEP_STATE_TOLERANCE},
 *       the float32 observation equal, the reward equal (within 1e-12 relative if {@link Libm} fell
 *       back to {@code java.lang.Math}), {@code terminated}/{@code truncated} equal;</li>
 *   <li><b>open loop</b>: the whole episode from the initial state with the recorded actions; the
 *       flags equal at every step and the same number of steps; the state within
 *       {@value #OPEN_LOOP_STATE_TOLERANCE} (MountainCarContinuous, whose state is float32:
 *       {@value #OPEN_LOOP_FLOAT32_STATE_TOLERANCE}). CartPole's balanced 500-step episodes are
 *       chaotic (a one-ulp change of the initial angle grows to about 0.38 by the end), so its
 *       open-loop state is compared only over the first {@value #CARTPOLE_OPEN_LOOP_HORIZON} steps,
 *       where the same change is still below 1e-13.</li>
 * </ul>
 * Deviations are recorded per field: {@code obs} (largest absolute difference of the
 * observations, one-step), {@code state one-step}, {@code state open-loop}, {@code reward}.
 */
public final class ClassicControlSuite implements ReferenceSuite
{
    /** Largest absolute state difference allowed in one-step mode. */
    public static final double ONE_STEP_STATE_TOLERANCE = 1e-12;
    /** Largest absolute state difference allowed in open loop (float64 states). */
    public static final double OPEN_LOOP_STATE_TOLERANCE = 1e-9;
    /** Largest absolute state difference allowed in open loop for MountainCarContinuous's float32 state. */
    public static final double OPEN_LOOP_FLOAT32_STATE_TOLERANCE = 1e-5;
    /** Steps over which CartPole's open-loop state is compared. */
    public static final int CARTPOLE_OPEN_LOOP_HORIZON = 100;

    private static final Set<String> IDS = Set.of(
        CartPoleEnv.ID, AcrobotEnv.ID, MountainCarEnv.ID, MountainCarContinuousEnv.ID, PendulumEnv.ID);

    /** The suite. */
    public ClassicControlSuite()
    {
    }

    @Override
    public String kind()
    {
        return "classic-control";
    }

    @Override
    public boolean recognizes(final JsonNode root)
    {
        final JsonNode id = root.get("env_id");
        final JsonNode episodes = root.get("episodes");
        return id != null && id.isTextual() && IDS.contains(id.textValue()) && episodes != null && episodes.isArray();
    }

    /** One recorded step. */
    private record Step(int discreteAction, float continuousAction, double[] obs, double reward, boolean term, boolean trunc, double[] state)
    {
    }

    /** One recorded episode. */
    private record Episode(String name, double[] initialState, double[] initialObs, List<Step> steps, int numSteps)
    {
    }

    @Override
    public SuiteResult run(final JsonNode root)
    {
        final String id = Json.text(root, "env_id", "$");
        final long fileLimit = Json.integer(root, "max_episode_steps", "$");
        final JsonNode episodes = Json.array(root, "episodes", "$");
        final Env env = EnvRegistry.make(id);
        final ClassicControlEnv bare = (ClassicControlEnv)((EnvWrapper)env).unwrapped();
        final boolean discrete = env.actionSpace() instanceof Space.Discrete;

        final List<Episode> parsed = new ArrayList<>();
        for (int e = 0; e < episodes.size(); e++)
        {
            parsed.add(parse(episodes.get(e), "$.episodes[" + e + "]", discrete, bare.stateSize(), env.observationSpace().flatSize()));
        }

        final SuiteResult result = new SuiteResult(kind());
        result.note("math functions: " + Libm.implementation());
        final int registered = EnvRegistry.entries().get(id).maxEpisodeSteps();
        if (registered != fileLimit)
        {
            result.note("the file's max_episode_steps is " + fileLimit + " but Surge registers " + id + " with " + registered);
        }
        int bitExactOneStep = 0;
        int bitExactOpenLoop = 0;
        int steps = 0;
        final Checker checker = new Checker(id, env, bare, result);
        for (final Episode episode : parsed)
        {
            final String oneStep = checker.oneStep(episode);
            bitExactOneStep += checker.bitExactSteps;
            final String openLoop = checker.openLoop(episode);
            bitExactOpenLoop += checker.bitExactSteps;
            steps += episode.steps().size();
            final String failure = oneStep != null ? oneStep : openLoop;
            result.recordCase(id + " " + episode.name(), failure == null, failure);
        }
        result.note(String.format(Locale.ROOT, "state bit-exact on %d/%d steps one-step, %d/%d open-loop", bitExactOneStep, steps, bitExactOpenLoop, steps));
        if (CartPoleEnv.ID.equals(id))
        {
            result.note("open-loop state compared over the first " + CARTPOLE_OPEN_LOOP_HORIZON + " steps only (chaotic balanced episodes); flags over all");
        }
        return result;
    }

    private static Episode parse(final JsonNode node, final String path, final boolean discrete, final int stateSize, final int obsSize)
    {
        final String name = "episode " + Json.integer(node, "episode", path);
        final double[] initialState = sized(Json.doubles(Json.array(node, "initial_state", path), path + ".initial_state"), stateSize, path + ".initial_state");
        final double[] initialObs = sized(Json.doubles(Json.array(node, "initial_obs", path), path + ".initial_obs"), obsSize, path + ".initial_obs");
        final JsonNode stepsNode = Json.array(node, "steps", path);
        final List<Step> steps = new ArrayList<>(stepsNode.size());
        for (int k = 0; k < stepsNode.size(); k++)
        {
            final String at = path + ".steps[" + k + "]";
            final JsonNode s = stepsNode.get(k);
            int discreteAction = 0;
            float continuousAction = 0f;
            if (discrete)
            {
                discreteAction = Math.toIntExact(Json.integer(s, "a", at));
            }
            else
            {
                final double[] a = Json.doubles(Json.array(s, "a", at), at + ".a");
                if (a.length != 1)
                {
                    throw new ReferenceFormatException(at + ".a: expected 1 element, got " + a.length);
                }
                continuousAction = (float)a[0];
            }
            steps.add(new Step(discreteAction, continuousAction,
                sized(Json.doubles(Json.array(s, "obs", at), at + ".obs"), obsSize, at + ".obs"),
                Json.number(s, "r", at), Json.bool(s, "term", at), Json.bool(s, "trunc", at),
                sized(Json.doubles(Json.array(s, "state", at), at + ".state"), stateSize, at + ".state")));
        }
        return new Episode(name, initialState, initialObs, steps, Math.toIntExact(Json.integer(node, "num_steps", path)));
    }

    private static double[] sized(final double[] values, final int size, final String path)
    {
        if (values.length != size)
        {
            throw new ReferenceFormatException(path + ": expected " + size + " elements, got " + values.length);
        }
        return values;
    }

    /** Replays episodes through one environment; reuses its buffers across episodes. */
    private static final class Checker
    {
        private final String id;
        private final Env env;
        private final ClassicControlEnv bare;
        private final SuiteResult result;
        private final boolean float32State;
        private final float[] obs;
        private final float[] action = new float[1];
        private final double[] state;
        int bitExactSteps;

        Checker(final String id, final Env env, final ClassicControlEnv bare, final SuiteResult result)
        {
            this.id = id;
            this.env = env;
            this.bare = bare;
            this.result = result;
            this.float32State = MountainCarContinuousEnv.ID.equals(id);
            this.obs = new float[env.observationSpace().flatSize()];
            this.state = new double[bare.stateSize()];
        }

        private void start(final Episode episode)
        {
            env.reset(0L, obs, 0); // zeroes the time limit's counter; the state is overwritten next
            bare.setState(episode.initialState());
            bitExactSteps = 0;
        }

        private double step(final Step step)
        {
            if (env.actionSpace() instanceof Space.Discrete)
            {
                return env.step(step.discreteAction(), obs, 0);
            }
            action[0] = step.continuousAction();
            return env.step(action, 0, obs, 0);
        }

        /** Returns the first failure of the one-step replay, or null. */
        String oneStep(final Episode episode)
        {
            start(episode);
            bare.observe(obs, 0);
            String failure = compareObs(episode.initialObs(), "initial obs");
            double[] previous = null;
            for (int k = 0; k < episode.steps().size(); k++)
            {
                final Step step = episode.steps().get(k);
                if (previous != null)
                {
                    if (float32State)
                    {
                        ((MountainCarContinuousEnv)bare).setStateFloat32((float)previous[0], (float)previous[1]);
                    }
                    else
                    {
                        bare.setState(previous);
                    }
                }
                final double reward;
                try
                {
                    reward = step(step);
                }
                catch (final RuntimeException ex)
                {
                    return "one-step step " + k + ": " + ex.getMessage();
                }
                final double stateDeviation = stateDeviation(step.state());
                result.deviation("state one-step", stateDeviation);
                final String obsFailure = compareObs(step.obs(), "obs");
                final double rewardDeviation = Math.abs(reward - step.reward());
                result.deviation("reward", rewardDeviation);
                if (failure == null)
                {
                    if (stateDeviation > ONE_STEP_STATE_TOLERANCE)
                    {
                        failure = String.format(Locale.ROOT, "one-step step %d: state deviates by %.3e (tolerance %.0e)", k, stateDeviation, ONE_STEP_STATE_TOLERANCE);
                    }
                    else if (obsFailure != null)
                    {
                        failure = "one-step step " + k + ": " + obsFailure;
                    }
                    else if (rewardDeviation > rewardTolerance(step.reward()))
                    {
                        failure = "one-step step " + k + ": reward " + reward + ", expected " + step.reward();
                    }
                    else
                    {
                        failure = flags(step, "one-step step " + k);
                    }
                }
                previous = step.state();
            }
            if (failure == null && episode.steps().size() != episode.numSteps())
            {
                failure = "num_steps is " + episode.numSteps() + " but the episode lists " + episode.steps().size() + " steps";
            }
            return failure;
        }

        /** Returns the first failure of the open-loop replay, or null. */
        String openLoop(final Episode episode)
        {
            start(episode);
            final double tolerance = float32State ? OPEN_LOOP_FLOAT32_STATE_TOLERANCE : OPEN_LOOP_STATE_TOLERANCE;
            final int horizon = CartPoleEnv.ID.equals(id) ? CARTPOLE_OPEN_LOOP_HORIZON : Integer.MAX_VALUE;
            String failure = null;
            int k = 0;
            for (final Step step : episode.steps())
            {
                try
                {
                    step(step);
                }
                catch (final RuntimeException ex)
                {
                    return "open-loop step " + k + ": " + ex.getMessage();
                }
                final double stateDeviation = stateDeviation(step.state());
                result.deviation("state open-loop", stateDeviation);
                if (failure == null)
                {
                    if (k < horizon && stateDeviation > tolerance)
                    {
                        failure = String.format(Locale.ROOT, "open-loop step %d: state deviates by %.3e (tolerance %.0e)", k, stateDeviation, tolerance);
                    }
                    else
                    {
                        failure = flags(step, "open-loop step " + k);
                    }
                }
                if (env.terminated() || env.truncated())
                {
                    k++;
                    break;
                }
                k++;
            }
            if (failure == null && k != episode.steps().size())
            {
                failure = "open-loop: the episode ended after " + k + " steps, Gymnasium's after " + episode.steps().size();
            }
            return failure;
        }

        private double stateDeviation(final double[] expected)
        {
            bare.state(state);
            double max = 0;
            boolean exact = true;
            for (int j = 0; j < expected.length; j++)
            {
                max = Math.max(max, Math.abs(expected[j] - state[j]));
                exact &= Double.doubleToLongBits(expected[j]) == Double.doubleToLongBits(state[j]);
            }
            if (exact)
            {
                bitExactSteps++;
            }
            return max;
        }

        private String compareObs(final double[] expected, final String what)
        {
            String failure = null;
            for (int j = 0; j < expected.length; j++)
            {
                result.deviation("obs", Math.abs(expected[j] - obs[j]));
                if (failure == null && (float)expected[j] != obs[j])
                {
                    failure = what + "[" + j + "] = " + obs[j] + ", expected float32 " + (float)expected[j];
                }
            }
            return failure;
        }

        private String flags(final Step step, final String where)
        {
            if (env.terminated() != step.term())
            {
                return where + ": terminated = " + env.terminated() + ", expected " + step.term();
            }
            if (env.truncated() != step.trunc())
            {
                return where + ": truncated = " + env.truncated() + ", expected " + step.trunc();
            }
            return null;
        }

        private static double rewardTolerance(final double expected)
        {
            return Libm.usesLibm() ? 0.0 : 1e-12 * Math.max(1.0, Math.abs(expected));
        }
    }
}
