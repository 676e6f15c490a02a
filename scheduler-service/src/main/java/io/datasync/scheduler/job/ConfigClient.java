package io.datasync.scheduler.job;

import io.datasync.models.internal.JobSchedule;
import io.datasync.models.internal.JobSchedulePage;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * config-service's internal API, answering the shared records of {@code io.datasync.models.internal}. The service
 * token is added by {@link ConfigClientConfiguration}; timeouts, the correlation id and the reading of failures come
 * from service-kit for every Feign client: a failed call throws {@link io.datasync.kit.feign.ServiceCallException}.
 */
@FeignClient(
        name = "config-service",
        url = "${datasync.scheduler.config-url}",
        configuration = ConfigClientConfiguration.class)
public interface ConfigClient {

    /**
     * One page of every live job's schedule and retry policy, by id after {@code after} (null for the first page);
     * {@code next} in the answer is the {@code after} of the following page, null on the last.
     */
    @GetMapping("/internal/jobs")
    JobSchedulePage schedules(
            @RequestParam(value = "after", required = false) String after, @RequestParam("size") int size);

    /** One job's schedule and retry policy; a 404 problem {@code COMMON-003} when the job does not exist (or was deleted). */
    @GetMapping("/internal/jobs/{jobId}/schedule")
    JobSchedule schedule(@PathVariable("jobId") String jobId);
}
