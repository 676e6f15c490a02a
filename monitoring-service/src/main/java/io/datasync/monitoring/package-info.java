/** Metrics from events, alert rules with notification and escalation, health checks and health score. */
package io.datasync.monitoring;
