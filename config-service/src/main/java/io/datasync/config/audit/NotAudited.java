package io.datasync.config.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler with a mutating HTTP method that changes nothing (it checks or evaluates a body), so the audit
 * coverage check knows it was considered and left out on purpose.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NotAudited {

    /** Why the handler changes nothing worth auditing. */
    String value();
}
