package io.surge.config;

/**
 * Keys of the runtime shared by the learning algorithms: rings between roles, parameter
 * publication, the evaluator and checkpoints.
 */
public final class RuntimeKeys
{
    private RuntimeKeys()
    {
    }

    /** Slots of the experience ring. */
    public static final Key<Integer> EXPERIENCE_SLOTS = Key.integer("ring.experience.slots").section("rings")
        .defaultValue(256).range(2, 1 << 20).unit("slots")
        .doc("Slots of the experience ring from actors to the replay (a power of two).");

    /** Records per experience slot. */
    public static final Key<Integer> EXPERIENCE_BATCH = Key.integer("ring.experience.batch").section("rings")
        .defaultValue(64).range(1, 1 << 16).unit("records")
        .doc("Transitions (or sequences, unrolls) carried by one experience slot, K.");

    /** What a producer does with a full ring. */
    public static final Key<String> RING_FULL = Key.choice("ring.full", "wait", "drop").section("rings")
        .defaultValue("wait")
        .doc("When the experience ring is full: wait (the actor keeps its batch and stops stepping until there is room) or drop (the batch is discarded and counted).");

    /** Sample batches prefetched. */
    public static final Key<Integer> SAMPLE_PREFETCH = Key.integer("ring.sample.prefetch").section("rings")
        .defaultValue(4).range(1, 1024).unit("batches")
        .doc("Sample batches the replay prepares ahead of the learner (slots of the sample ring, a power of two).");

    /** Parameter pull period of actors. */
    public static final Key<Integer> PARAM_SYNC_STEPS = Key.integer("actor.param_sync_steps").section("actors")
        .defaultValue(400).range(1, Integer.MAX_VALUE).unit("vector steps")
        .doc("Actors copy the newest published parameters every this many of their vector-env steps.");

    /** Vector steps per actor duty cycle. */
    public static final Key<Integer> ACTOR_STEPS_PER_CYCLE = Key.integer("actor.steps_per_cycle").section("actors")
        .defaultValue(8).range(1, 1 << 16).unit("vector steps")
        .doc("Vector-env steps an actor takes per duty cycle before yielding to other roles.");

    /** Parameter publication period. */
    public static final Key<Integer> PUBLISH_PERIOD = Key.integer("learner.publish_period").section("learner")
        .defaultValue(1).range(1, 1 << 20).unit("updates")
        .doc("The learner publishes its parameters every this many updates.");

    /** Evaluation period. */
    public static final Key<Integer> EVAL_INTERVAL = Key.integer("eval.interval_updates").section("evaluation")
        .defaultValue(1000).range(0, Integer.MAX_VALUE).unit("updates")
        .doc("Run a greedy evaluation every this many learner updates (0: only at the end).");

    /** Evaluation episodes. */
    public static final Key<Integer> EVAL_EPISODES = Key.integer("eval.episodes").section("evaluation")
        .defaultValue(100).range(1, 1_000_000).unit("episodes")
        .doc("Episodes of one evaluation; the evaluation mean is over these.");

    /** Evaluation environments. */
    public static final Key<Integer> EVAL_ENVS = Key.integer("eval.envs").section("evaluation")
        .defaultValue(20).range(1, 4096).unit("envs")
        .doc("Environments the evaluator steps together; each runs eval.episodes / eval.envs episodes (must divide).");

    /** Stop at a target. */
    public static final Key<Double> EVAL_TARGET = Key.decimal("eval.target_return").section("evaluation")
        .derivedDefault("unset (no target)")
        .doc("Stop the run once an evaluation mean reaches this return, and report the time to reach it.");

    /** Evaluate at the end. */
    public static final Key<Boolean> EVAL_AT_END = Key.bool("eval.at_end").section("evaluation")
        .defaultValue(true)
        .doc("Run one more evaluation after the run stops (unless the last one is of the final parameters).");

    /** Checkpoint period. */
    public static final Key<Integer> CHECKPOINT_INTERVAL = Key.integer("checkpoint.interval_updates").section("checkpoints")
        .defaultValue(10_000).range(0, Integer.MAX_VALUE).unit("updates")
        .doc("Write a checkpoint every this many learner updates (0: only at the end); one is always written at the end.");

    /** Checkpoints kept. */
    public static final Key<Integer> CHECKPOINT_KEEP = Key.integer("checkpoint.keep").section("checkpoints")
        .defaultValue(3).range(1, 1_000_000).unit("checkpoints")
        .doc("Newest checkpoints kept; older ones are deleted.");

    /** Replay snapshot in checkpoints. */
    public static final Key<Boolean> CHECKPOINT_REPLAY = Key.bool("checkpoint.replay").section("checkpoints")
        .defaultValue(false)
        .doc("Also write the replay (storage, trees, cursors, RNG) into the final checkpoint, so a resumed run keeps its memory.");

    /** Keep the weights of the best evaluation in checkpoints/best. */
    public static final Key<Boolean> CHECKPOINT_BEST = Key.bool("checkpoint.best").section("checkpoints")
        .defaultValue(true)
        .doc("Keep the weights of the best evaluation so far in checkpoints/best (surge eval RUN_DIR --best plays them).");
}
