/**
 * {@code algo=impala}: IMPALA with V-trace (Espeholt et al. 2018). Actors run T-step unrolls with
 * the behaviour policy and send them through a bounded ring to one learner, which batches B
 * unrolls time-major, computes V-trace targets and advantages, minimises the policy-gradient,
 * baseline and entropy losses and publishes its parameters after each update. See
 * {@code docs/algorithms/impala.md}.
 */
package io.surge.algo.impala;
