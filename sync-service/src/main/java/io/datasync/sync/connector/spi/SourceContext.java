package io.datasync.sync.connector.spi;

import io.datasync.models.job.SourceSpec;
import java.util.Map;

/**
 * What a connector needs to build a run's source.
 *
 * @param previousState what the job's source reported at the end of its last successful run; empty for the first
 */
public record SourceContext(ConnectionSpec connection, SourceSpec spec, Map<String, Object> previousState) {

    public SourceContext {
        previousState = previousState == null ? Map.of() : Map.copyOf(previousState);
    }
}
