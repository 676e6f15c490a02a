package io.datasync.scheduler.job;

import feign.FeignException;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Asks config-service for jobs' schedules and turns its answers into {@link JobPlan}s. */
@Component
public class JobCatalog {

    private static final Logger log = LoggerFactory.getLogger(JobCatalog.class);
    private static final ObjectMapper JSON = JobDefinitions.mapper(JobDefinitions.Format.JSON);
    private static final int PAGE_SIZE = 200;

    private final ConfigClient client;

    public JobCatalog(ConfigClient client) {
        this.client = client;
    }

    /**
     * The job's current plan; empty when config-service says the job does not exist.
     *
     * @throws ConfigUnavailableException when config-service does not answer or refuses the service token
     */
    public Optional<JobPlan> fetch(String jobId) {
        try {
            return Optional.of(read(client.schedule(jobId)));
        } catch (FeignException.NotFound | FeignException.BadRequest e) {
            return Optional.empty(); // a malformed id names no job either
        } catch (FeignException e) {
            throw unavailable(e);
        }
    }

    /** Every job config-service has, page by page. */
    public List<JobPlan> fetchAll() {
        List<JobPlan> all = new ArrayList<>();
        try {
            for (int page = 0; ; page++) {
                JsonNode body = client.schedules(page, PAGE_SIZE);
                for (JsonNode item : body.path("items")) {
                    all.add(read(item));
                }
                if (page + 1 >= body.path("totalPages").asLong()) {
                    return all;
                }
            }
        } catch (FeignException e) {
            throw unavailable(e);
        }
    }

    /**
     * Reads one job. A schedule this build cannot read (config-service validated it, so this means the two disagree
     * on the format) leaves the job without one rather than blocking every other job.
     */
    static JobPlan read(JsonNode body) {
        String jobId = body.path("jobId").asString();
        ScheduleSpec schedule = null;
        RetrySpec retry = null;
        try {
            JsonNode node = body.get("schedule");
            schedule = node == null || node.isNull() ? null : JSON.treeToValue(node, ScheduleSpec.class);
            JsonNode retryNode = body.get("retry");
            retry = retryNode == null || retryNode.isNull() ? null : JSON.treeToValue(retryNode, RetrySpec.class);
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn(
                    "Job {} has a schedule or retry policy this scheduler cannot read; not scheduling it: {}",
                    jobId,
                    e.getMessage());
        }
        return new JobPlan(
                jobId,
                body.path("name").asString(),
                body.path("version").asLong(),
                body.path("enabled").asBoolean(),
                schedule,
                retry);
    }

    private static ConfigUnavailableException unavailable(FeignException e) {
        String why = e.status() == 401
                ? "config-service refused the service token (datasync.scheduler.internal-token)"
                : "config-service did not answer: " + e.getMessage();
        return new ConfigUnavailableException(why, e);
    }
}
