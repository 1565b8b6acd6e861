/**
 * {@code surge conformance}: runs the reference files of {@code ../shared/refdata} (Gymnasium,
 * MinAtar, scalable_agent, rlax, baselines) against Surge's own code. One {@link
 * io.surge.conformance.ReferenceSuite} per kind of file; {@link io.surge.conformance.Conformance}
 * finds the files, picks the suite and prints the verdict.
 */
package io.surge.conformance;
