package io.datasync.models.internal;

/**
 * config-service's answer for a live API key (200); an unknown, revoked or expired key is a 404 problem whose detail
 * says which (401 means the service token was wrong) (the caller is the gateway, behind the service token), and something that is no key a 400.
 *
 * @param id the key's id
 * @param name its name, for the caller's identity ({@code api-key:<name>})
 * @param role the role it grants: {@code viewer}, {@code operator} or {@code admin}
 * @param jobId the one job it is bound to, or null
 */
public record ApiKeyGrant(String id, String name, String role, String jobId) {}
