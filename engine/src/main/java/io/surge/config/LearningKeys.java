package io.surge.config;

/**
 * Keys of the value-based learners (DQN, Ape-X): network, optimizer, targets, exploration and
 * replay.
 */
public final class LearningKeys
{
    private LearningKeys()
    {
    }

    /** Hidden layers. */
    public static final Key<java.util.List<Integer>> HIDDEN = Key.intList("network.hidden").section("network")
        .defaultValue(java.util.List.of(256, 256))
        .doc("Sizes of the hidden ReLU layers of the MLP torso (ignored for MinAtar, which uses the conv torso).");

    /** Dueling head. */
    public static final Key<Boolean> DUELING = Key.bool("network.dueling").section("network")
        .defaultValue(false)
        .doc("Dueling head (Wang et al. 2016): separate value and advantage streams.");

    /** Learning rate. */
    public static final Key<Double> LR = Key.decimal("learner.lr").section("learner")
        .defaultValue(1e-3).rangeExclusiveMin(0, 1)
        .doc("Learning rate of the optimizer.");

    /** Optimizer. */
    public static final Key<String> OPTIMIZER = Key.choice("learner.optimizer", "adam", "rmsprop", "sgd").section("learner")
        .defaultValue("adam")
        .doc("Optimizer: Adam (bias-corrected), RMSProp (centered, as A3C/IMPALA) or SGD with momentum 0.9.");

    /** Adam epsilon. */
    public static final Key<Double> ADAM_EPS = Key.decimal("learner.adam_eps").section("learner")
        .defaultValue(1e-8).rangeExclusiveMin(0, 1)
        .doc("Adam's epsilon (also RMSProp's).");

    /** Batch size. */
    public static final Key<Integer> BATCH_SIZE = Key.integer("learner.batch_size").section("learner")
        .defaultValue(64).range(1, 65_536).unit("samples")
        .doc("Samples per learner update.");

    /** Gradient clipping. */
    public static final Key<Double> GRAD_CLIP = Key.decimal("learner.grad_clip_norm").section("learner")
        .defaultValue(10.0).min(0)
        .doc("Clip the gradient to this global L2 norm (0: no clipping).");

    /** Discount. */
    public static final Key<Double> GAMMA = Key.decimal("dqn.gamma").section("dqn")
        .defaultValue(0.99).range(0, 1)
        .doc("Discount factor gamma.");

    /** N-step. */
    public static final Key<Integer> N_STEP = Key.integer("dqn.n_step").section("dqn")
        .defaultValue(1).range(1, 1000).unit("steps")
        .doc("Steps of the n-step return.");

    /** Double DQN. */
    public static final Key<Boolean> DOUBLE = Key.bool("dqn.double").section("dqn")
        .defaultValue(true)
        .doc("Double DQN targets (the online network picks the action, the target network values it).");

    /** Huber delta. */
    public static final Key<Double> HUBER_DELTA = Key.decimal("dqn.huber_delta").section("dqn")
        .defaultValue(1.0).rangeExclusiveMin(0, 1e30)
        .doc("Huber loss threshold (1 is the smooth-L1 loss of DQN).");

    /** Hard target update period. */
    public static final Key<Integer> TARGET_PERIOD = Key.integer("dqn.target_update_period").section("dqn")
        .defaultValue(250).range(1, Integer.MAX_VALUE).unit("updates")
        .doc("Copy (or, with dqn.tau < 1, blend) the online weights into the target network every this many updates.");

    /** Polyak tau. */
    public static final Key<Double> TAU = Key.decimal("dqn.tau").section("dqn")
        .defaultValue(1.0).rangeExclusiveMin(0, 1)
        .doc("Target update weight: 1 is a hard copy, below 1 Polyak averaging target = tau*online + (1-tau)*target.");

    /** Epsilon start. */
    public static final Key<Double> EPS_START = Key.decimal("dqn.eps_start").section("dqn")
        .defaultValue(1.0).range(0, 1)
        .doc("Exploration epsilon at the start of the linear schedule.");

    /** Epsilon end. */
    public static final Key<Double> EPS_END = Key.decimal("dqn.eps_end").section("dqn")
        .defaultValue(0.05).range(0, 1)
        .doc("Exploration epsilon at the end of the linear schedule.");

    /** Epsilon decay length. */
    public static final Key<Long> EPS_DECAY_STEPS = Key.longKey("dqn.eps_decay_steps").section("dqn")
        .defaultValue(10_000L).min(1).unit("env steps")
        .doc("Env steps over which epsilon falls linearly from dqn.eps_start to dqn.eps_end.");

    /** Train frequency. */
    public static final Key<Integer> TRAIN_FREQUENCY = Key.integer("dqn.train_frequency").section("dqn")
        .defaultValue(4).range(1, 1 << 20).unit("env steps")
        .doc("DQN trains dqn.gradient_steps updates per this many env steps (the replay ratio, enforced by the rate limiter).");

    /** Gradient steps. */
    public static final Key<Integer> GRADIENT_STEPS = Key.integer("dqn.gradient_steps").section("dqn")
        .defaultValue(1).range(1, 1 << 20).unit("updates")
        .doc("Updates per dqn.train_frequency env steps.");

    /** Ape-X base epsilon. */
    public static final Key<Double> APEX_EPS = Key.decimal("apex.eps").section("apex")
        .defaultValue(0.4).range(0, 1)
        .doc("Ape-X: actor i of N explores with eps^(1 + i*alpha/(N-1)).");

    /** Ape-X alpha. */
    public static final Key<Double> APEX_ALPHA = Key.decimal("apex.alpha").section("apex")
        .defaultValue(7.0).min(0)
        .doc("Ape-X: exponent spread of the actors' epsilons.");

    /** Replay kind. */
    public static final Key<String> REPLAY_KIND = Key.choice("replay.kind", "uniform", "prioritized").section("replay")
        .defaultValue("uniform")
        .doc("Uniform or proportional prioritized replay (Schaul et al. 2016).");

    /** Replay capacity. */
    public static final Key<Integer> REPLAY_CAPACITY = Key.integer("replay.capacity").section("replay")
        .defaultValue(100_000).range(16, 1 << 26).unit("transitions")
        .doc("Transitions the replay holds; the oldest are evicted first (FIFO).");

    /** Priority exponent. */
    public static final Key<Double> REPLAY_ALPHA = Key.decimal("replay.alpha").section("replay")
        .defaultValue(0.6).range(0, 10)
        .doc("Priority exponent alpha: priority = (|delta| + eps)^alpha.");

    /** Beta start. */
    public static final Key<Double> REPLAY_BETA_START = Key.decimal("replay.beta_start").section("replay")
        .defaultValue(0.4).range(0, 1)
        .doc("Importance-weight exponent beta at the start; annealed linearly to 1.");

    /** Beta anneal length. */
    public static final Key<Long> REPLAY_BETA_BATCHES = Key.longKey("replay.beta_batches").section("replay")
        .defaultValue(100_000L).min(1).unit("batches")
        .doc("Sampled batches over which beta reaches 1.");

    /** Priority epsilon. */
    public static final Key<Double> REPLAY_PRIORITY_EPS = Key.decimal("replay.priority_eps").section("replay")
        .defaultValue(1e-6).min(0)
        .doc("Added to |delta| before the exponent, so no transition has priority 0.");

    /** Learning starts. */
    public static final Key<Integer> REPLAY_MIN_SIZE = Key.integer("replay.min_size").section("replay")
        .defaultValue(1000).range(1, 1 << 26).unit("transitions")
        .doc("Transitions stored before the first sample (learning_starts).");

    /** Samples per insert. */
    public static final Key<Double> REPLAY_SPI = Key.decimal("replay.samples_per_insert").section("replay")
        .derivedDefault("DQN: learner.batch_size * dqn.gradient_steps / dqn.train_frequency; Ape-X: unlimited")
        .min(0)
        .doc("Sampled items per inserted transition enforced by the rate limiter (Reverb's SampleToInsertRatio); 0: no limit.");

    /** Rate limiter error buffer. */
    public static final Key<Double> REPLAY_ERROR_BUFFER = Key.decimal("replay.error_buffer").section("replay")
        .derivedDefault("max(samples_per_insert * 100, 2 * learner.batch_size)").min(0)
        .doc("How far the sample/insert ratio may drift from replay.samples_per_insert, in sampled items.");

    /** Memory budget. */
    public static final Key<Integer> REPLAY_BUDGET_MB = Key.integer("replay.memory_budget_mb").section("replay")
        .defaultValue(8192).range(1, 1 << 24).unit("MiB")
        .doc("The replay may not need more memory than this; the need is printed before start and over budget is an error.");
}
