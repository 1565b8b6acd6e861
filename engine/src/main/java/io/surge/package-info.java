/** Surge: a distributed reinforcement-learning engine. */
package io.surge;
