/**
 * Who the caller is and what it may call: bearer tokens (local HS256 or an OIDC provider), API keys checked with
 * config-service, the route table enforced per call, and the signed identity handed to the services.
 */
package io.datasync.gateway.security;
