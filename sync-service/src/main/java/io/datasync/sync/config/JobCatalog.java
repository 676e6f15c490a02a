package io.datasync.sync.config;

import feign.FeignException;
import io.datasync.kit.web.ApiException;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Fetches resolved jobs from config-service and turns its answers into what the engine and the API need. */
@Component
public class JobCatalog {

    private final ConfigClient client;

    public JobCatalog(ConfigClient client) {
        this.client = client;
    }

    /** The job's current version (or {@code version} when given). */
    public ResolvedJob resolve(String jobId, Long version) {
        JsonNode body;
        try {
            body = version == null ? client.currentJob(jobId) : client.jobVersion(jobId, version);
        } catch (FeignException.NotFound e) {
            throw ApiException.notFound("job", jobId + (version == null ? "" : " v" + version));
        } catch (FeignException e) {
            throw ConfigServiceErrors.of(e, "job " + jobId + (version == null ? "" : " v" + version));
        }
        JobDefinition definition = JobDefinitions.mapper(JobDefinitions.Format.JSON)
                .treeToValue(body.get("definition"), JobDefinition.class);
        Map<String, ResolvedJob.Connection> connections = new LinkedHashMap<>();
        body.path("connections").properties().forEach(e -> {
            JsonNode c = e.getValue();
            @SuppressWarnings("unchecked")
            Map<String, Object> settings =
                    JobDefinitions.mapper(JobDefinitions.Format.JSON).treeToValue(c.get("settings"), Map.class);
            connections.put(
                    e.getKey(),
                    new ResolvedJob.Connection(
                            c.get("id").asString(),
                            c.get("name").asString(),
                            c.get("type").asString(),
                            c.get("version").asLong(),
                            settings));
        });
        return new ResolvedJob(
                body.get("jobId").asString(),
                body.get("name").asString(),
                body.get("version").asLong(),
                body.get("enabled").asBoolean(),
                definition,
                connections);
    }
}
