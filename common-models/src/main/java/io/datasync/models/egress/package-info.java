/**
 * The egress policy: which files, JDBC URLs and network addresses a connector may reach, decided purely (names resolved
 * through a {@link io.datasync.models.egress.Resolver} the caller supplies) so config-service and sync-service decide
 * the same way.
 */
package io.datasync.models.egress;
