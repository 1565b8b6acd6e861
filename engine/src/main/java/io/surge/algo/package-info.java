/** Algorithms: one sub-package each, with a builder that makes its roles from the configuration. */
package io.surge.algo;
