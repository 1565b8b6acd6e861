package io.surge.channel.aeron;

/**
 * Told when an actor process joins or leaves (for the run's event log). Called on the liveness
 * tracker's thread; rare, so it may allocate.
 */
public interface LivenessListener
{
    /**
     * A process said hello (or its first heartbeat arrived).
     *
     * @param instance   its instance id.
     * @param pid        its process id.
     * @param roles      its {@link ProcessRoles} bits.
     * @param actors     actors it runs.
     * @param firstActor global index of its first actor.
     */
    void onJoin(long instance, long pid, int roles, int actors, int firstActor);

    /**
     * A process left.
     *
     * @param instance its instance id.
     * @param pid      its process id.
     * @param timedOut true when dropped for silence, false when it said goodbye.
     */
    void onLeave(long instance, long pid, boolean timedOut);
}
