/** JMH benchmarks of environment steps: the classic-control tasks and {@code VectorEnv}. */
package io.surge.bench.env;
