/**
 * Return and target estimators shared by the learners: V-trace (IMPALA), n-step and
 * λ-returns, generalized advantage estimation, Retrace, Peng's/Watkins' Q(λ), importance-corrected
 * TD errors, the R2D2 transformed n-step target, and the value rescaling h / h⁻¹.
 *
 * <p><b>Layout.</b> Every sequence is time-major: a flat array of {@code T * B} elements where
 * element {@code (t, b)} sits at index {@code t * B + b} (time step {@code t} of column, or
 * trajectory, {@code b}). Per-action arrays (Q-values, logits, policies) are {@code [T, B, A]}
 * with element {@code (t, b, a)} at {@code (t * B + b) * A + a}. Per-column scalars (bootstrap
 * values) are {@code [B]}.
 *
 * <p><b>Time convention.</b> {@code values[t]} is V(x_t), the value of the state at which action
 * a_t was taken; {@code rewards[t]} and {@code discounts[t]} belong to the transition
 * x_t → x_{t+1}; {@code bootstrap[b]} is V(x_T). rlax names the same arrays {@code v_tm1},
 * {@code r_t}, {@code discount_t}; {@code docs/returns.md} gives the full mapping.
 *
 * <p><b>Memory.</b> No method allocates: outputs go into arrays the caller provides, and no
 * method needs a workspace. Inputs are never modified. An output array must not be one of the
 * input arrays unless the method says so.
 *
 * <p><b>Threading.</b> Every class here is stateless or immutable, so any method can be called
 * from any thread at once, as long as threads do not share output arrays.
 */
package io.surge.algo.returns;
