/** Start-up checks that fail fast, naming the unreachable PostgreSQL or Kafka, instead of starting half-alive. */
package io.datasync.kit.startup;
