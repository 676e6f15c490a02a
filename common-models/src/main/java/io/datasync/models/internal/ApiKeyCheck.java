package io.datasync.models.internal;

/**
 * What the gateway asks config-service about an API key a client sent ({@code POST /internal/api-keys/verify}).
 *
 * @param key the key as the client sent it ({@code dsk_<id>_<secret>})
 */
public record ApiKeyCheck(String key) {}
