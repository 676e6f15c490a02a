package io.datasync.models.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * How a job runs by itself, without its connections: all the scheduler needs, and nothing secret. config-service
 * answers it at {@code GET /internal/jobs/{id}/schedule} and pages through every job at {@code GET /internal/jobs}
 * ({@link JobSchedulePage}).
 *
 * <p>Reading is strict about the job and lenient about its policies: a schedule or retry policy this build cannot
 * read (a newer config-service wrote it) leaves {@link #schedule()} and {@link #retry()} at "none" and says why in
 * {@link #problem()}, so one such job never keeps a whole page of others from being read.
 *
 * @param version the job's current version
 * @param revision bumps on every change of the job (new version, enabled or disabled, deleted), so of two answers
 *     about one job the one with the higher revision is newer
 * @param schedule the definition's schedule; null for a job that runs only when triggered
 * @param retry the definition's retry policy, defaults filled in; never null
 * @param problem null, or why the schedule or retry policy could not be read (by config-service from what it stored,
 *     or by this reader from the answer): the job is then treated as having no schedule, and the problem should be
 *     shown, not the job silently left unscheduled
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobSchedule(
        String jobId,
        String name,
        long version,
        long revision,
        boolean enabled,
        @JsonSerialize(using = DefinitionJson.Writer.class) ScheduleSpec schedule,
        @JsonSerialize(using = DefinitionJson.Writer.class) RetrySpec retry,
        @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {

    public JobSchedule {
        Require.text(jobId, "jobId");
        name = name == null ? jobId : name;
        retry = retry == null ? RetrySpec.DEFAULT : retry;
    }

    /** A job's schedule as config-service gives it. */
    public static JobSchedule of(
            String jobId,
            String name,
            long version,
            long revision,
            boolean enabled,
            ScheduleSpec schedule,
            RetrySpec retry) {
        return new JobSchedule(jobId, name, version, revision, enabled, schedule, retry, null);
    }

    /**
     * Reads a job's schedule from its JSON parts, leniently as the class comment says: how readers read the answer,
     * and how config-service reads what it stored.
     *
     * @param problem a problem the writer reported already; kept when this reading finds none of its own
     */
    @JsonCreator
    public static JobSchedule read(
            @JsonProperty("jobId") String jobId,
            @JsonProperty("name") String name,
            @JsonProperty("version") long version,
            @JsonProperty("revision") long revision,
            @JsonProperty("enabled") boolean enabled,
            @JsonProperty("schedule") JsonNode schedule,
            @JsonProperty("retry") JsonNode retry,
            @JsonProperty("problem") String problem) {
        Require.text(jobId, "jobId");
        try {
            return new JobSchedule(
                    jobId,
                    name,
                    version,
                    revision,
                    enabled,
                    policy(schedule, ScheduleSpec.class),
                    policy(retry, RetrySpec.class),
                    problem);
        } catch (JacksonException | IllegalArgumentException e) {
            return new JobSchedule(
                    jobId,
                    name,
                    version,
                    revision,
                    enabled,
                    null,
                    null,
                    "its schedule or retry policy cannot be read: " + reason(e));
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
    }

    private static <T> T policy(JsonNode node, Class<T> type) {
        return node == null || node.isNull() || node.isMissingNode() ? null : DefinitionJson.read(node, type);
    }
}
