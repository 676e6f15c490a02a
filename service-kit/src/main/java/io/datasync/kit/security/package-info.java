/**
 * Every service accepts its public API only from the gateway: {@link io.datasync.kit.security.IdentityFilter} checks
 * the signed identity the gateway sends ({@link io.datasync.models.security.IdentityTokens}) and the role the route
 * needs ({@link io.datasync.models.security.ApiAccess}), and makes the caller known to the code
 * ({@link io.datasync.kit.security.CurrentIdentity}) and to every log line ({@code user} in the MDC).
 */
package io.datasync.kit.security;
