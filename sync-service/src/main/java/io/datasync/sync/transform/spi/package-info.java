/**
 * What a transform is to the engine and the rest of sync-service: {@link io.datasync.sync.transform.spi.Transform}
 * with its lifecycle and threading rules, the row errors and failures it reports, and the rule sets the service
 * provides to it.
 */
package io.datasync.sync.transform.spi;
