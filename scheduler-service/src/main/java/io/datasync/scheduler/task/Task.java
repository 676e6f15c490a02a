package io.datasync.scheduler.task;

import io.datasync.models.job.RetrySpec;
import java.time.Instant;
import java.util.UUID;

/**
 * One run the scheduler asked for, with its retries: created by a fire, a manual trigger; dispatched as one
 * {@code RunRequested} per attempt.
 *
 * @param trigger {@code schedule} or {@code manual}
 * @param scheduledFor the cron fire time it came from; null for a manual trigger
 * @param attempt the current attempt, 1-based; while {@link TaskState#RETRYING} the one that failed last
 * @param runId the current attempt's run; null before the first dispatch
 * @param notBefore the earliest a waiting task may be dispatched (a retry delay, a deferred window start)
 * @param deadline when an active run times out
 * @param retry the job's retry policy when the task was created
 * @param detail why it is in its state, in words (skipped because…, failed with…)
 */
public record Task(
        long seq,
        UUID id,
        String jobId,
        String jobName,
        long jobVersion,
        String trigger,
        Instant scheduledFor,
        TaskState state,
        int attempt,
        UUID runId,
        Instant notBefore,
        Instant deadline,
        RetrySpec retry,
        String detail,
        Instant createdAt,
        Instant updatedAt) {}
