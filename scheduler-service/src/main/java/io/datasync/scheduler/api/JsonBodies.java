package io.datasync.scheduler.api;

import io.datasync.kit.web.ApiException;
import io.datasync.models.job.JobDefinitions;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * Reads request bodies with the job-definition reader: unknown fields are errors, durations are written as in job
 * definitions ({@code 10s}, {@code 5m}), and every problem becomes a 400 naming its JSON pointer.
 */
public final class JsonBodies {

    private JsonBodies() {}

    /** The body as {@code type}; an empty body reads as {@code empty}. */
    public static <T> T read(String body, Class<T> type, T empty) {
        if (body == null || body.isBlank()) {
            return empty;
        }
        try {
            T value = JobDefinitions.mapper(JobDefinitions.Format.JSON).readValue(body, type);
            return value == null ? empty : value;
        } catch (JacksonException e) {
            throw ApiException.invalid(List.of(JobDefinitions.toFieldError(e, JobDefinitions.Format.JSON)));
        }
    }
}
