package io.datasync.kit.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unreachable dependency at start into one clear paragraph instead of a long stack trace. */
class DependencyUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<DependencyUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DependencyUnreachableException cause) {
        String variable = cause.dependency().equals("Kafka")
                ? "DATASYNC_KAFKA_BOOTSTRAP (or spring.kafka.bootstrap-servers)"
                : "DATASYNC_DB_HOST / DATASYNC_DB_PORT (or spring.datasource.url)";
        return new FailureAnalysis(
                cause.getMessage(),
                "Start " + cause.dependency() + " at " + cause.address()
                        + ", or point the service at a running one with " + variable
                        + ". './datasync up' starts everything locally.",
                cause);
    }
}
