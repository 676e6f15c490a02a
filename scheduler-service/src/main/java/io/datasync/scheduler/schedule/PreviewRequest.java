package io.datasync.scheduler.schedule;

import io.datasync.models.job.InvalidFieldException;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;

/**
 * What to preview: a schedule and a retry policy written as in a job definition.
 *
 * @param count how many fire times and retry delays to show, 1 to 50 (default 5)
 */
record PreviewRequest(ScheduleSpec schedule, RetrySpec retry, Integer count) {

    PreviewRequest {
        if (schedule == null) {
            throw new InvalidFieldException("schedule", "is required");
        }
        retry = retry == null ? RetrySpec.DEFAULT : retry;
        count = count == null ? 5 : count;
        if (count < 1 || count > 50) {
            throw new InvalidFieldException("count", "must be between 1 and 50, was " + count);
        }
    }
}
