package io.datasync.config.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API handler that changes state: it runs in one transaction with the audit row that records the change, so
 * either both are committed or neither. Every mutating handler under {@code /api} carries this or {@link NotAudited};
 * {@code AuditCoverageIT} fails the build for a handler with neither.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Audited {

    /** The kind of resource changed, e.g. {@code connection}; the audit log's {@code resourceType} filter. */
    String resource();

    /** What was done to it, e.g. {@code create}, {@code update}, {@code delete}, {@code revoke}. */
    String action();
}
