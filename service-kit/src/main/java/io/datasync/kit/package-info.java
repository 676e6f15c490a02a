/**
 * Infrastructure every backend service runs the same way, so the services hold only their own domain: database
 * bootstrap, transactional outbox and inbox, fail-fast start-up checks, health, problem details and correlation ids,
 * and the one CEL wrapper ({@code kit.cel}) with which rules are previewed and run alike.
 */
package io.datasync.kit;
