/**
 * What the quality gate reports, shared by sync-service (which runs the gate) and quality-service (which stores,
 * scores and shows it): severities, dimensions, per-check tallies and quarantined rows.
 */
package io.datasync.models.quality;
