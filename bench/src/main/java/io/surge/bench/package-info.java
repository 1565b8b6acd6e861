/** JMH benchmarks of Surge's hot paths, and the runner that gives their forks Surge's JVM flags. */
package io.surge.bench;
