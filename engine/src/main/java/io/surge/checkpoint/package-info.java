/** Checkpoints: the {@code checkpoints/} folder of a run, written atomically and pruned. */
package io.surge.checkpoint;
