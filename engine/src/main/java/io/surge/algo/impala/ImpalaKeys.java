package io.surge.algo.impala;

import io.surge.config.Key;

/**
 * Keys of {@code algo=impala} (Espeholt et al. 2018). The learner also reads the shared
 * {@code learner.*} keys (learning rate, optimizer, batch size B in unrolls, gradient clipping,
 * publication period), {@code network.hidden}, the actor keys and the evaluation and checkpoint
 * keys; see {@code docs/algorithms/impala.md}.
 */
public final class ImpalaKeys
{
    private ImpalaKeys()
    {
    }

    /** Steps per unroll, T. */
    public static final Key<Integer> UNROLL_LENGTH = Key.integer("impala.unroll_length").section("impala")
        .defaultValue(20).range(1, 32_767).unit("steps")
        .doc("Steps of one actor unroll, T; the learner's batch is T x learner.batch_size (time-major).");

    /** Discount. */
    public static final Key<Double> GAMMA = Key.decimal("impala.gamma").section("impala")
        .defaultValue(0.99).range(0, 1)
        .doc("Discount factor gamma (0 at a termination).");

    /** ρ̄. */
    public static final Key<Double> CLIP_RHO_THRESHOLD = Key.decimal("impala.clip_rho_threshold").section("impala")
        .defaultValue(1.0).min(0)
        .doc("V-trace rho-bar: clips the importance weight of the TD term of the value targets.");

    /** c̄. */
    public static final Key<Double> CLIP_C_THRESHOLD = Key.decimal("impala.clip_c_threshold").section("impala")
        .defaultValue(1.0).min(0)
        .doc("V-trace c-bar: clips the trace coefficients c_t.");

    /** ρ̄_pg. */
    public static final Key<Double> CLIP_PG_RHO_THRESHOLD = Key.decimal("impala.clip_pg_rho_threshold").section("impala")
        .defaultValue(1.0).min(0)
        .doc("V-trace rho-bar of the policy-gradient advantages.");

    /** λ. */
    public static final Key<Double> LAMBDA = Key.decimal("impala.lambda").section("impala")
        .defaultValue(1.0).range(0, 1)
        .doc("V-trace lambda: c_t = lambda * min(c-bar, rho_t); 1 is the paper's V-trace.");

    /** Baseline cost. */
    public static final Key<Double> BASELINE_COST = Key.decimal("impala.baseline_cost").section("impala")
        .defaultValue(0.5).min(0)
        .doc("Weight of the baseline loss baseline_cost * (v_s - V(x_s))^2, averaged over the batch.");

    /** Entropy cost. */
    public static final Key<Double> ENTROPY_COST = Key.decimal("impala.entropy_cost").section("impala")
        .defaultValue(0.01).min(0)
        .doc("Weight of the entropy bonus: the loss gets -entropy_cost * H(pi(.|x_s)), averaged over the batch.");

    /** RMSProp decay. */
    public static final Key<Double> RMSPROP_DECAY = Key.decimal("impala.rmsprop_decay").section("impala")
        .defaultValue(0.99).range(0, 0.999_999)
        .doc("RMSProp decay rho of the mean square (with learner.optimizer=rmsprop).");

    /** RMSProp momentum. */
    public static final Key<Double> RMSPROP_MOMENTUM = Key.decimal("impala.rmsprop_momentum").section("impala")
        .defaultValue(0.0).range(0, 0.999_999)
        .doc("RMSProp momentum (with learner.optimizer=rmsprop).");

    /** RMSProp epsilon. */
    public static final Key<Double> RMSPROP_EPS = Key.decimal("impala.rmsprop_eps").section("impala")
        .defaultValue(0.01).rangeExclusiveMin(0, 1)
        .doc("RMSProp epsilon, inside the square root as in TensorFlow (with learner.optimizer=rmsprop).");

    /** Learning-rate annealing. */
    public static final Key<Long> LR_ANNEAL_FRAMES = Key.longKey("impala.lr_anneal_frames").section("impala")
        .defaultValue(0L).min(0).unit("env steps")
        .doc("Anneal learner.lr linearly to 0 over this many env steps consumed by the learner (updates * T * B); 0: constant.");

    /** Truncation bootstrap. */
    public static final Key<Boolean> TRUNCATION_BOOTSTRAP = Key.bool("impala.truncation_bootstrap").section("impala")
        .defaultValue(true)
        .doc("At a truncated (time-limit) step the actor adds gamma * V(final observation) to the reward (discount stays 0), so V-trace bootstraps; false treats truncation as termination (scalable_agent).");

    /** Queue slots. */
    public static final Key<Integer> QUEUE_SLOTS = Key.integer("impala.queue_slots").section("impala")
        .defaultValue(16).range(2, 1 << 20).unit("slots")
        .doc("Slots of the bounded unroll queue (Disruptor ring, a power of two) from actors to the learner; each slot carries the unrolls one actor finished together (at most ring.experience.batch).");
}
