package io.datasync.quality.anomaly;

import java.time.Instant;

/** One value of a job's metric, observed at the end of one run. */
public record MetricPoint(String runId, Instant observedAt, double value) {}
