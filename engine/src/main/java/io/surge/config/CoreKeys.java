package io.surge.config;

/**
 * The keys every run has: what to run, where, on which environment, with which seed, and how
 * roles map onto threads.
 */
public final class CoreKeys
{
    private CoreKeys()
    {
    }

    /** The run's name: the run directory is {@code <run.root>/<name>-<yyyyMMdd-HHmmss>}. */
    public static final Key<String> NAME = Key.string("name").section("run")
        .derivedDefault("the properties file's name without .properties")
        .doc("Name of the run; the run directory is <run.root>/<name>-<yyyyMMdd-HHmmss>.");

    /** The algorithm. */
    public static final Key<String> ALGO = Key.choice("algo", "random", "dqn", "apex", "impala").section("run")
        .defaultValue("random")
        .doc("Algorithm to run.");

    /** Seed of every random stream of the run. */
    public static final Key<Long> SEED = Key.longKey("seed").section("run")
        .defaultValue(0L)
        .doc("Seed from which every random stream of the run (environments, actors, networks) is derived.");

    /** Folder under which run directories are made. */
    public static final Key<String> RUN_ROOT = Key.string("run.root").section("run")
        .defaultValue("runs")
        .doc("Folder under which run directories are made, relative to the working directory.");

    /** Stop after this many environment steps. */
    public static final Key<Long> MAX_ENV_STEPS = Key.longKey("run.max_env_steps").section("run")
        .defaultValue(100_000L).min(0).unit("env steps")
        .doc("Stop the run after this many environment steps over all actors (0: no limit).");

    /** Stop after this much wall time. */
    public static final Key<Double> MAX_SECONDS = Key.decimal("run.max_seconds").section("run")
        .defaultValue(0.0).min(0).unit("s")
        .doc("Stop the run after this much wall-clock time (0: no limit).");

    /** Reporting period. */
    public static final Key<Integer> REPORT_INTERVAL_MS = Key.integer("report.interval_ms").section("run")
        .defaultValue(1000).range(10, 3_600_000).unit("ms")
        .doc("Period of metrics.csv rows and of the progress line.");

    /** Environment id. */
    public static final Key<String> ENV_ID = Key.string("env.id").section("environment")
        .defaultValue("CartPole-v1")
        .doc("Registered environment id (see docs/environments.md); ignored when env.class is set.");

    /** A user's environment class. */
    public static final Key<String> ENV_CLASS = Key.string("env.class").section("environment")
        .derivedDefault("unset")
        .doc("Fully qualified name of a user's io.surge.env.Env class with a public no-argument constructor.");

    /** Bit-for-bit repeatable runs. */
    public static final Key<Boolean> DETERMINISTIC = Key.bool("deterministic").section("threading")
        .defaultValue(false)
        .doc("Run every role on the control thread in a fixed order (forces threading=invoker); metrics.csv rows come every report.interval_steps env steps and wall-clock columns go to timing.csv, so two runs with one seed give identical files.");

    /** Rows by env steps in deterministic mode. */
    public static final Key<Long> REPORT_INTERVAL_STEPS = Key.longKey("report.interval_steps").section("run")
        .defaultValue(10_000L).min(1).unit("env steps")
        .doc("Period of metrics.csv rows in deterministic mode.");

    /** Time limit override. */
    public static final Key<Integer> ENV_MAX_EPISODE_STEPS = Key.integer("env.max_episode_steps").section("environment")
        .defaultValue(0).range(0, Integer.MAX_VALUE).unit("steps")
        .doc("Truncate episodes after this many steps instead of the registered time limit (0: the registered limit, if any).");

    /** Reward clipping. */
    public static final Key<Boolean> ENV_CLIP_REWARDS = Key.bool("env.clip_rewards").section("environment")
        .defaultValue(false)
        .doc("Clip rewards to [-1, 1] (reported returns are then of clipped rewards).");

    /** Frame stacking. */
    public static final Key<Integer> ENV_FRAME_STACK = Key.integer("env.frame_stack").section("environment")
        .defaultValue(1).range(1, 64).unit("frames")
        .doc("Stack the last k observations along the first axis (1: no stacking).");

    /** Sticky actions. */
    public static final Key<Double> ENV_STICKY_ACTIONS = Key.decimal("env.sticky_actions").section("environment")
        .defaultValue(0.0).range(0, 1)
        .doc("Probability that a discrete environment repeats the previous action instead of the chosen one (MinAtar has its own 0.1 built in).");

    /** How roles map to threads. */
    public static final Key<String> THREADING = Key.choice("threading", "invoker", "shared", "dedicated").section("threading")
        .defaultValue("dedicated")
        .doc("invoker: every role on the calling thread in a fixed order (deterministic); shared: roles grouped on a few threads; dedicated: one thread per role.");

    /** Number of actors. */
    public static final Key<Integer> ACTORS = Key.integer("actors.count").section("actors")
        .defaultValue(2).range(1, 1024).unit("actors")
        .doc("Number of actor roles, each with its own environment(s) and policy copy.");

    /** Environments per actor. */
    public static final Key<Integer> ENVS_PER_ACTOR = Key.integer("actor.envs").section("actors")
        .defaultValue(1).range(1, 4096).unit("envs")
        .doc("Environments each actor steps together as one vector environment.");

    /** Idle strategy of actor threads. */
    public static final Key<String> IDLE_ACTOR = idle("actor");

    /** Idle strategy of the replay thread. */
    public static final Key<String> IDLE_REPLAY = idle("replay");

    /** Idle strategy of the learner thread. */
    public static final Key<String> IDLE_LEARNER = idle("learner");

    /** Idle strategy of the evaluator thread. */
    public static final Key<String> IDLE_EVALUATOR = idle("evaluator");

    private static Key<String> idle(final String role)
    {
        return Key.choice("idle." + role, "busy", "yield", "backoff", "sleep").section("threading")
            .defaultValue("backoff")
            .doc("What a " + role + " thread does when it has no work: busy-spin, yield, back off to parking (default: does not starve a 2-core machine), or sleep 1 ms.");
    }
}
