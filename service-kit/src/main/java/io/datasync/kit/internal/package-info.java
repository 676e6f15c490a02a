/**
 * The internal API a service offers other services under {@code /internal/**}: the service-token check in front of it
 * and its MVC wiring, the same in every service that has one; each service names its own token setting.
 */
package io.datasync.kit.internal;
