/** JMH benchmarks of the return and target estimators ({@code io.surge.algo.returns}). */
package io.surge.bench.returns;
