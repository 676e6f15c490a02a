/**
 * A run's quality: the gate's chunk tallies and post-load results as they arrive, and the run's record finalized when
 * the run ends (totals, score, the {@code QualityChecked} event, the metric points anomaly detection watches).
 */
package io.datasync.quality.run;
