/**
 * Neural networks for the learners and actors: a stateless {@link io.surge.nn.Network} over one
 * flat {@code float[]} of parameters, per-use {@link io.surge.nn.Workspace}s, losses
 * ({@link io.surge.nn.Losses}), optimizers over flat vectors, action selection
 * ({@link io.surge.nn.Policies}) and initialisation. See {@code docs/nn.md}.
 */
package io.surge.nn;
