package io.datasync.config.connection;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datasync.models.option.Options;
import java.time.Instant;
import java.util.Map;

/**
 * A connection as the API shows it: every secret reads {@value Options#MASK}.
 *
 * @param version grows by one with every update; send it back in a PUT to refuse overwriting a newer change
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionView(
        String id,
        String name,
        String type,
        String description,
        long version,
        Map<String, Object> settings,
        Instant createdAt,
        Instant updatedAt) {

    /** One page of connections, sorted by name. */
}
