/**
 * Compute backends of {@code io.surge.nn}: the narrow {@link io.surge.nn.backend.Backend}
 * interface (GEMM with transposes, fused bias and activation, elementwise kernels, reductions,
 * optimizer updates) and its CPU implementation (cache-blocked Vector API GEMM with a scalar
 * fallback, optional intra-op threads).
 */
package io.surge.nn.backend;
