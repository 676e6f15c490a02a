package io.datasync.config;

import io.datasync.config.job.ExpressionChecker;
import io.datasync.config.job.RuleSetNames;
import io.datasync.config.rules.RuleSetService;
import io.datasync.kit.cel.CelExpressions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects the features of config-service where one uses another. */
@Configuration(proxyBeanMethods = false)
class ConfigServiceWiring {

    /** Job validation checks that a rules transform names a rule set that exists. */
    @Bean
    RuleSetNames ruleSetNames(RuleSetService ruleSets) {
        return ruleSets::exists;
    }

    /** Job validation compiles transform expressions with the same CEL setup rule sets use. */
    @Bean
    ExpressionChecker expressionChecker() {
        return new ExpressionChecker() {
            @Override
            public java.util.List<String> problems(String expression) {
                return CelExpressions.problems(expression);
            }

            @Override
            public String resultType(String expression) {
                return CelExpressions.compile(expression).resultType();
            }
        };
    }
}
