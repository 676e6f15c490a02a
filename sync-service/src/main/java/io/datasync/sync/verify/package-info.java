/** Reconciles a job's source and target after a run: counts and order-independent key checksums per key range. */
package io.datasync.sync.verify;
