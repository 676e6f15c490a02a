package io.datasync.sync.config;

import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.internal.RuleSet;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * config-service's internal API, answering the shared records of {@code io.datasync.models.internal}. The service
 * token is added by {@link ConfigClientConfiguration}; timeouts, the correlation id and the reading of failures come
 * from service-kit for every Feign client: a failed call throws {@link io.datasync.kit.feign.ServiceCallException},
 * which {@link ConfigServiceErrors} turns into what it means for a run.
 */
@FeignClient(
        name = "config-service",
        url = "${datasync.sync.config-url}",
        configuration = ConfigClientConfiguration.class)
public interface ConfigClient {

    /** @param jobId a job id (a UUID); config-service answers a malformed one with a 400 problem */
    @GetMapping("/internal/jobs/{jobId}")
    ResolvedJob currentJob(@PathVariable("jobId") String jobId);

    @GetMapping("/internal/connections/{name}")
    ResolvedConnection connection(@PathVariable("name") String name);

    @GetMapping("/internal/rulesets/by-name/{name}")
    RuleSet ruleSet(@PathVariable("name") String name);

    @GetMapping("/internal/jobs/{jobId}/versions/{version}")
    ResolvedJob jobVersion(@PathVariable("jobId") String jobId, @PathVariable("version") long version);
}
