package io.datasync.models.event;

/** Alerts published by monitoring-service on {@link Topics#MONITORING_ALERTS}. */
public sealed interface MonitoringAlert extends EventPayload {

    String alertId();

    @Override
    default String subject() {
        return alertId();
    }

    record AlertFired(String alertId, String rule, Severity severity, String jobId, String message)
            implements MonitoringAlert {
        public AlertFired {
            Require.text(alertId, "alertId");
            Require.text(rule, "rule");
            Require.present(severity, "severity");
            message = message == null ? "" : message;
        }
    }

    record AlertResolved(String alertId, String rule, String message) implements MonitoringAlert {
        public AlertResolved {
            Require.text(alertId, "alertId");
            Require.text(rule, "rule");
            message = message == null ? "" : message;
        }
    }

    /** An alert nobody acknowledged in time, raised to the next {@code level} of the escalation chain. */
    record AlertEscalated(String alertId, String rule, int level, String notified) implements MonitoringAlert {
        public AlertEscalated {
            Require.text(alertId, "alertId");
            Require.text(rule, "rule");
            if (level < 1) {
                throw new IllegalArgumentException("level must be at least 1, was " + level);
            }
        }
    }
}
