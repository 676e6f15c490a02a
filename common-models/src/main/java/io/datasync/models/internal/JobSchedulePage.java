package io.datasync.models.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One page of every live job's schedule, by job id, as config-service's {@code GET /internal/jobs?after&size} answers
 * it.
 *
 * @param next the {@code after} of the following page; null on the last
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobSchedulePage(List<JobSchedule> items, String next) {

    public JobSchedulePage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
