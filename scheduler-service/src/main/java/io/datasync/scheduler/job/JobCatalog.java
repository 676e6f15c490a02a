package io.datasync.scheduler.job;

import feign.FeignException;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;
import io.datasync.models.problem.ErrorCode;
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
    private static final String NOT_FOUND = ErrorCode.NOT_FOUND.code();

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
        } catch (FeignException e) {
            if (e.status() == 404 && NOT_FOUND.equals(problemCode(e))) {
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
                JsonNode body = client.schedules(after, PAGE_SIZE);
                for (JsonNode item : body.path("items")) {
                    all.add(read(item));
                }
                JsonNode next = body.get("next");
                after = next == null || next.isNull() ? null : next.asString();
            } while (after != null);
            return all;
        } catch (FeignException e) {
            throw unavailable(e);
        }
    }

    /** The {@code code} of the problem config-service answered with, or null when the body is none. */
    static String problemCode(FeignException e) {
        try {
            String body = e.contentUTF8();
            if (body == null || body.isBlank()) {
                return null;
            }
            JsonNode code = JSON.readTree(body).get("code");
            return code == null || !code.isString() ? null : code.asString();
        } catch (JacksonException ignored) {
            return null;
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
                body.path("revision").asLong(),
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
