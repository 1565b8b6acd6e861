/**
 * JMH benchmarks of the Aeron transport ({@code io.surge.channel.aeron}) beside the in-JVM
 * Disruptor ring and parameter store: experience throughput and parameter broadcast latency.
 */
package io.surge.bench.aeron;
