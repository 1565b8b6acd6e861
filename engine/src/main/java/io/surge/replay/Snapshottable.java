package io.surge.replay;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * What {@link SnapshotWriter} and {@link SnapshotReader} need from a replay: its slot store, its
 * priorities (if prioritized), its small state, and the hooks that let a running snapshot preserve
 * what a mutation is about to change.
 */
interface Snapshottable
{
    /** Kind written in the header; a snapshot only restores into the same kind. */
    int snapshotKind();

    /** Configuration fields that must match between writer and reader (names in {@link #fingerprintNames()}). */
    long[] fingerprint();

    /** Names of the {@link #fingerprint()} fields, for error messages. */
    String[] fingerprintNames();

    SlotStore slotStore();

    /** The priorities whose leaves are saved, or null. */
    PriorityTrees treesOrNull();

    /** Writes the small state (cursors, counters, RNG, streams) as of now. */
    int captureMeta(ExpandableArrayBuffer out);

    /** Restores the small state; throws IllegalArgumentException with a reason if it is malformed. */
    void restoreMeta(DirectBuffer in, int length);

    /** After slots and leaves were loaded: rebuild the trees from the leaves. */
    void afterLoad();

    void attach(SnapshotWriter writer);

    void detach(SnapshotWriter writer);
}
