/**
 * The quality gate inside the sync engine: a job's quality rule set, fetched from quality-service and compiled for the
 * rows its transforms produce, cleanses and checks every chunk between the transforms and the sink; results and
 * quarantined rows go to quality-service as events; replays of fixed rows and post-load SQL checks run here too,
 * because only sync-service reaches the target.
 */
package io.datasync.sync.quality;
