/**
 * Who may call what: the roles, the identity the gateway vouches for, the one table of which role each API route
 * needs ({@link io.datasync.models.security.ApiAccess}), shared by the gateway (which enforces it) and every service
 * (which checks it again), and the signed identity the gateway hands the services
 * ({@link io.datasync.models.security.IdentityTokens}). Pure: no Spring, no I/O.
 */
package io.datasync.models.security;
