package io.surge.bench.minatar;

import io.surge.env.Space;
import io.surge.env.minatar.MinAtarEnv;
import io.surge.env.minatar.MinAtarGame;
import io.surge.env.minatar.MinAtarOptions;
import io.surge.util.Rng;

import java.util.Locale;

/**
 * Mean return of the uniformly random policy on each MinAtar game, measured the way MinAtar's
 * {@code examples/random_play.py} does: one environment with the default options, episodes played
 * back to back with {@code reset()} in between (the random stream continues), actions uniform over
 * the action space, and the mean with its standard error {@code std/sqrt(n)} (population standard
 * deviation) over {@code n} episodes.
 *
 * <p>Here the environment is seeded once with {@link #ENV_SEED} and the policy draws from
 * {@code new Rng(POLICY_SEED)}, so the numbers are reproducible. Each game is measured with the full
 * action set ({@code -v0} ids, the default options) and with the minimal action set ({@code -v1}).
 *
 * <p>Run: {@code java -cp 'bench/target/surge-bench.jar:bench/target/lib/*'
 * io.surge.bench.minatar.MinAtarRandomPolicy [episodes]} (default 1000). Prints a Markdown table.
 */
public final class MinAtarRandomPolicy
{
    /** Seed of the environment's generator (one seeded reset, then unseeded resets). */
    public static final long ENV_SEED = 0;
    /** Seed of the policy's generator. */
    public static final long POLICY_SEED = 1;

    private MinAtarRandomPolicy()
    {
    }

    /**
     * Statistics of one measurement.
     *
     * @param meanReturn    mean episode return.
     * @param standardError population standard deviation of the returns over sqrt(episodes).
     * @param meanLength    mean episode length in steps.
     * @param maxReturn     largest return seen.
     * @param steps         steps taken in total.
     */
    public record Result(double meanReturn, double standardError, double meanLength, double maxReturn, long steps)
    {
    }

    /**
     * Plays {@code episodes} episodes with the random policy.
     *
     * @param game     the game.
     * @param options  the options.
     * @param episodes how many episodes.
     * @return the statistics.
     */
    public static Result measure(final MinAtarGame game, final MinAtarOptions options, final int episodes)
    {
        final MinAtarEnv env = new MinAtarEnv(game, options);
        final int actions = ((Space.Discrete)env.actionSpace()).n();
        final Rng policy = new Rng(POLICY_SEED);
        final float[] obs = new float[game.channels() * MinAtarEnv.CELLS];
        double sum = 0;
        double sumSquares = 0;
        double max = Double.NEGATIVE_INFINITY;
        long steps = 0;
        env.reset(ENV_SEED, obs, 0);
        for (int e = 0; e < episodes; e++)
        {
            if (e > 0)
            {
                env.reset(obs, 0);
            }
            double g = 0;
            while (!env.terminated())
            {
                g += env.step(policy.nextInt(actions), obs, 0);
                steps++;
            }
            sum += g;
            sumSquares += g * g;
            max = Math.max(max, g);
        }
        final double mean = sum / episodes;
        final double variance = Math.max(0.0, sumSquares / episodes - mean * mean);
        return new Result(mean, Math.sqrt(variance) / Math.sqrt(episodes), steps / (double)episodes, max, steps);
    }

    /**
     * Prints the table.
     *
     * @param args optional number of episodes (default 1000).
     */
    public static void main(final String[] args)
    {
        final int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        System.out.printf(Locale.ROOT, "random policy, %d episodes per row, env seed %d, policy Rng(%d)%n%n",
            episodes, ENV_SEED, POLICY_SEED);
        System.out.println("| id | actions | mean return ± s.e. | max return | mean length (steps) |");
        System.out.println("|---|---|---|---|---|");
        for (final MinAtarGame game : MinAtarGame.values())
        {
            for (final boolean minimal : new boolean[] {false, true})
            {
                final MinAtarOptions options = MinAtarOptions.DEFAULTS.withMinimalActionSet(minimal);
                final Result r = measure(game, options, episodes);
                System.out.printf(Locale.ROOT, "| `%s` | %s | %.3f ± %.3f | %.0f | %.1f |%n",
                    minimal ? game.minimalActionId() : game.fullActionId(),
                    minimal ? game.minimalActionNames() : "all 6",
                    r.meanReturn(), r.standardError(), r.maxReturn(), r.meanLength());
            }
        }
    }
}
