package io.datasync.kit.web;

/**
 * The header one service sends its internal-API token in, and the other checks: one name for config-service's
 * check and its callers' Feign clients.
 */
public final class ServiceToken {

    public static final String HEADER = "X-Service-Token";

    private ServiceToken() {}
}
