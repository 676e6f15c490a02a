package io.datasync.sync.config;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.databind.JsonNode;

/** config-service's internal API; the service token is added by {@link ConfigClientConfiguration}. */
@FeignClient(
        name = "config-service",
        url = "${datasync.sync.config-url}",
        configuration = ConfigClientConfiguration.class)
public interface ConfigClient {

    @GetMapping("/internal/jobs/{jobId}")
    JsonNode currentJob(@PathVariable("jobId") String jobId);

    @GetMapping("/internal/connections/{name}")
    JsonNode connection(@PathVariable("name") String name);

    @GetMapping("/internal/rulesets/by-name/{name}")
    JsonNode ruleSet(@PathVariable("name") String name);

    @GetMapping("/internal/jobs/{jobId}/versions/{version}")
    JsonNode jobVersion(@PathVariable("jobId") String jobId, @PathVariable("version") long version);
}
