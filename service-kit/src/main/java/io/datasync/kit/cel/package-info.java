/**
 * CEL (Common Expression Language) over records, compiled, evaluated and converted one way for every service, so a
 * rule previewed in config-service gives what sync-service computes when it runs; every evaluation bounded by the
 * same {@link io.datasync.kit.cel.CelLimits}. Plain classes, no Spring.
 */
package io.datasync.kit.cel;
