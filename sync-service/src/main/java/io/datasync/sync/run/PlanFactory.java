package io.datasync.sync.run;

import io.datasync.sync.config.ResolvedJob;

/** Builds a run's source, transforms and sink from a resolved job; the one place that knows the connector kinds. */
public interface PlanFactory {

    /**
     * @param previousState what the job's source reported at the end of its last successful run (empty for the first)
     * @throws io.datasync.sync.connector.spi.ConnectorException when the job uses a kind without a connector here, or
     *     its options are invalid
     */
    RunEngine.Plan plan(ResolvedJob job, String runId, java.util.Map<String, Object> previousState);
}
