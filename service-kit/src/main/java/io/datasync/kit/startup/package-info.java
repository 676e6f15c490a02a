/**
 * Start-up checks that fail fast instead of starting half-alive or unprotected: an unreachable PostgreSQL or Kafka
 * ({@link io.datasync.kit.startup.DependencyUnreachableException}), and development or missing secrets outside local
 * mode ({@link io.datasync.kit.startup.ShippedSecretsCheck}).
 */
package io.datasync.kit.startup;
