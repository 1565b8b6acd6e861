/**
 * The runtime: roles as Agrona agents ({@link io.surge.agent.Role}), their placement on threads
 * ({@link io.surge.agent.RolePlacement}, {@link io.surge.agent.Threading}), the one error
 * handler, and the run's control loop ({@link io.surge.agent.Run}).
 */
package io.surge.agent;
