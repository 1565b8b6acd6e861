/**
 * Experience as it travels from actors to replay and learners: off-heap record layouts
 * ({@link io.surge.experience.TransitionDescriptor}, {@link io.surge.experience.SequenceDescriptor},
 * {@link io.surge.experience.TrajectoryDescriptor}) and the adders that write them from a vector of
 * environments: n-step transitions (Ape-X, DQN), R2D2 sequences, IMPALA unrolls.
 *
 * <p>Threading: adders belong to one actor thread each and are not thread-safe.
 */
package io.surge.experience;
