package io.datasync.kit.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unreachable dependency at start into one clear paragraph instead of a long stack trace. */
class DependencyUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<DependencyUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DependencyUnreachableException cause) {
        boolean kafka = cause.dependency().equals("Kafka");
        String action;
        if (cause.refused()) {
            action = kafka
                    ? "Check the Kafka client security settings (spring.kafka.properties.*)."
                    : "Check DATASYNC_DB_USER / DATASYNC_DB_PASSWORD and that the role may connect and create "
                            + "databases (or create the database beforehand).";
        } else {
            String variable = kafka
                    ? "DATASYNC_KAFKA_BOOTSTRAP (or spring.kafka.bootstrap-servers)"
                    : "DATASYNC_DB_HOST / DATASYNC_DB_PORT (or spring.datasource.url)";
            action = "Start " + cause.dependency() + " at " + cause.address()
                    + ", or point the service at a running one with " + variable
                    + ". './datasync up' starts everything locally.";
        }
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
