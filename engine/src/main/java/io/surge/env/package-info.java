/**
 * Environments with Gymnasium's semantics: {@link io.surge.env.Env}, spaces, the registry,
 * vector environments and wrappers. Sub-packages hold the Gymnasium-exact classic-control tasks
 * and the MinAtar games.
 */
package io.surge.env;
