/**
 * The quarantine: rows the gate kept out of the target, to be fixed (patched), replayed through the gate by the sync
 * engine, or discarded, and deleted after the retention period.
 */
package io.datasync.quality.quarantine;
