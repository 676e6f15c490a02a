/**
 * API keys for machine clients: issued once as {@code dsk_<id>_<secret>}, kept only as a SHA-256 hash, bound to a role
 * and optionally one job, revocable; the gateway checks them through {@code POST /internal/api-keys/verify}.
 */
package io.datasync.config.apikey;
