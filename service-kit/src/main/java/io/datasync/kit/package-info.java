/**
 * Infrastructure every backend service runs the same way, so the services hold only their own domain: database
 * bootstrap, transactional outbox and inbox, fail-fast start-up checks, health, problem details and correlation ids.
 */
package io.datasync.kit;
