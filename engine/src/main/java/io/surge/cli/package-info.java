/** The {@code surge} command line (picocli): run, stat, conformance, config. */
package io.surge.cli;
