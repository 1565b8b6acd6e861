/** {@code algo=random}: random-policy actors, the baseline and throughput workload. */
package io.surge.algo.random;
