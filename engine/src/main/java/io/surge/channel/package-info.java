/**
 * Channels between roles: Disruptor rings of preallocated slots inside a JVM
 * ({@link io.surge.channel.Ring}), the lock-free parameter store, and (across JVMs) Aeron
 * bridges and codecs.
 */
package io.surge.channel;
