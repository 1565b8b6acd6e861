/**
 * Benchmarks of {@code io.surge.nn}: GEMM, training steps and actor inference, and
 * {@link io.surge.bench.nn.CompareNn}, which runs them and the PyTorch peer side by side.
 */
package io.surge.bench.nn;
