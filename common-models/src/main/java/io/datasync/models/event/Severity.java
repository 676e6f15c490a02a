package io.datasync.models.event;

/** How urgent an alert is. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
