package io.datasync.scheduler.job;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/** config-service's internal API; the service token is added by {@link ConfigClientConfiguration}. */
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
    JsonNode schedules(@RequestParam(value = "after", required = false) String after, @RequestParam("size") int size);

    /** One job's schedule and retry policy; a 404 problem {@code COMMON-003} when the job does not exist (or was deleted). */
    @GetMapping("/internal/jobs/{jobId}/schedule")
    JsonNode schedule(@PathVariable("jobId") String jobId);
}
