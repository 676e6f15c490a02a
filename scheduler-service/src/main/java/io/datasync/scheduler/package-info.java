/** Clustered schedules, the task queue with concurrency policies, retries with backoff, and history. */
package io.datasync.scheduler;
