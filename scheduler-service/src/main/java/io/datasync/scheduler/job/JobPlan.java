package io.datasync.scheduler.job;

import io.datasync.models.job.ConcurrencyPolicy;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;

/**
 * What the scheduler needs of one job: its current version, whether it is enabled, when it runs and how it is
 * retried. The rest of the definition stays in config-service.
 *
 * @param revision config-service's revision of the job: it bumps on every change (a new version, enable, disable,
 *     delete), so of two answers about one job the one with the higher revision is newer
 * @param schedule null for a job that runs only when triggered
 * @param retry never null
 */
public record JobPlan(
        String jobId,
        String name,
        long version,
        long revision,
        boolean enabled,
        ScheduleSpec schedule,
        RetrySpec retry) {

    public JobPlan {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("jobId is required");
        }
        name = name == null ? jobId : name;
        retry = retry == null ? RetrySpec.DEFAULT : retry;
    }

    /** Whether Quartz should fire this job by itself. */
    public boolean scheduled() {
        return enabled && schedule != null;
    }

    /** The policy for a fire or trigger while a run of the job is still going; a job without a schedule skips. */
    public ConcurrencyPolicy concurrency() {
        return schedule == null ? ConcurrencyPolicy.SKIP : schedule.concurrency();
    }
}
