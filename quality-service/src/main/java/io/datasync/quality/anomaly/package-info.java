/**
 * Anomaly detection on per-run metrics of each job: the points stored per run, the {@link
 * io.datasync.quality.anomaly.AnomalyCheck} hook a detector implements, and the anomalies it found.
 */
package io.datasync.quality.anomaly;
