package io.datasync.kit.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler with a mutating HTTP method that changes nothing (it checks, tests or previews something): no audit
 * entry is made for it, and audit coverage checks know it was left out on purpose.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NotAudited {

    /** Why the handler changes nothing worth auditing. */
    String value();
}
