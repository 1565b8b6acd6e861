/**
 * Configuration: every key declared once ({@link io.surge.config.Key} constants collected by
 * {@link io.surge.config.KeyCatalog}), read from a {@code .properties} file plus {@code --set}
 * overrides into an immutable, validated {@link io.surge.config.RunConfig} before anything starts.
 */
package io.surge.config;
