package io.surge.agent;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;

/**
 * One role of a run (an actor, the replay, the learner, the evaluator...) as an Agrona
 * {@link Agent}, with the idle strategy its thread uses when it has no work and whether it is
 * restarted after an error (actors are) or stops the run (every other role).
 *
 * @param agent       the agent; its {@link Agent#roleName()} names the role in logs.
 * @param idle        the idle strategy when it runs on its own thread.
 * @param restartable true if an exception restarts the role instead of stopping the run.
 */
public record Role(Agent agent, IdleStrategy idle, boolean restartable)
{
}
