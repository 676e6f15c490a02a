package io.datasync.config;

import io.datasync.config.job.ExpressionChecker;
import io.datasync.kit.cel.CelExpressions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects the features of config-service where one uses another. */
@Configuration(proxyBeanMethods = false)
class ConfigServiceWiring {

    /** Job validation compiles transform expressions with the same CEL setup rule sets use. */
    @Bean
    ExpressionChecker expressionChecker() {
        return CelExpressions::problems;
    }
}
