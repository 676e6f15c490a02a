package io.datasync.scheduler.job;

import io.datasync.kit.feign.ServiceCallException;
import io.datasync.models.internal.JobSchedule;
import io.datasync.models.internal.JobSchedulePage;
import io.datasync.models.problem.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Asks config-service for jobs' schedules and turns its answers into {@link JobPlan}s. */
@Component
public class JobCatalog {

    private static final Logger log = LoggerFactory.getLogger(JobCatalog.class);
    private static final int PAGE_SIZE = 200;

    private final ConfigClient client;

    public JobCatalog(ConfigClient client) {
        this.client = client;
    }

    /**
     * The job's current plan; empty only when config-service answers that the job does not exist (a not-found problem,
     * {@code COMMON-003}). Any other refusal (a 404 without that problem, a 400, a 5xx) says nothing about the job.
     *
     * @throws ConfigUnavailableException when config-service does not answer, refuses the service token or gives
     *     another answer than the job or its absence
     */
    public Optional<JobPlan> fetch(String jobId) {
        try {
            return Optional.of(read(client.schedule(jobId)));
        } catch (ServiceCallException e) {
            if (e.refusedWith(ErrorCode.NOT_FOUND)) {
                return Optional.empty();
            }
            throw unavailable(e);
        }
    }

    /**
     * Every live job config-service has, page by page by job id: unlike offset paging, jobs created, renamed or
     * deleted meanwhile never make a live job fall between two pages.
     */
    public List<JobPlan> fetchAll() {
        List<JobPlan> all = new ArrayList<>();
        try {
            String after = null;
            do {
                JobSchedulePage page = client.schedules(after, PAGE_SIZE);
                page.items().forEach(item -> all.add(read(item)));
                after = page.next();
            } while (after != null);
            return all;
        } catch (ServiceCallException e) {
            throw unavailable(e);
        }
    }

    /**
     * One job as the scheduler plans it. A schedule or retry policy that could not be read (config-service and this
     * build disagree on the format) leaves the job without a schedule rather than blocking every other job; it is
     * logged so that it is not silent.
     */
    static JobPlan read(JobSchedule job) {
        if (job.problem() != null) {
            log.warn("Job {} ({}) is not scheduled: {}", job.name(), job.jobId(), job.problem());
        }
        return new JobPlan(
                job.jobId(), job.name(), job.version(), job.revision(), job.enabled(), job.schedule(), job.retry());
    }

    private static ConfigUnavailableException unavailable(ServiceCallException e) {
        String why = e.failure() == ServiceCallException.Failure.CREDENTIALS_REFUSED
                ? "config-service refused the service token (datasync.scheduler.internal-token)"
                : e.getMessage();
        return new ConfigUnavailableException(why, e);
    }
}
