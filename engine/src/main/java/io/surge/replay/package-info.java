/**
 * Experience replay: off-heap sum and min segment trees, transition storage with FIFO eviction,
 * uniform, prioritized (Schaul et al.) and mixed (R2D3) replay, R2D2 sequence replay, a rate
 * limiter with Reverb's sample-to-insert semantics, and snapshots.
 *
 * <p>Threading: every class here is single-threaded. Replay state has exactly one owner thread
 * (the replay agent); learners and actors reach it through messages, never directly. See
 * {@code docs/replay.md}.
 */
package io.surge.replay;
