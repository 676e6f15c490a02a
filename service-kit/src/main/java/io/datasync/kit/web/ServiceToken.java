package io.datasync.kit.web;

/**
 * The header one service sends its internal-API token in, and the other checks: one name for the kit's check
 * ({@link io.datasync.kit.internal.ServiceTokenInterceptor}) and its callers' Feign clients.
 */
public final class ServiceToken {

    public static final String HEADER = "X-Service-Token";

    private ServiceToken() {}
}
