/**
 * The connector SPI: a {@link io.datasync.sync.connector.spi.Source} splits its work and reads each split as chunks of
 * rows with a resumable position; a {@link io.datasync.sync.connector.spi.Sink} writes a chunk and its checkpoint in
 * one transaction. Connector kinds live in their own packages ({@code connector/jdbc}, {@code connector/postgres}, …)
 * and never reach into the engine.
 */
package io.datasync.sync.connector.spi;
