/**
 * Persistence of networks: Surge's checked weights-and-optimizer file
 * ({@link io.surge.nn.io.Checkpoints}) and export to safetensors ({@link io.surge.nn.io.SafeTensors}).
 */
package io.surge.nn.io;
