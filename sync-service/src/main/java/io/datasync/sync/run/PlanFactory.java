package io.datasync.sync.run;

import io.datasync.sync.config.ResolvedJob;

/** Builds a run's source, transforms and sink from a resolved job; the one place that knows the connector kinds. */
public interface PlanFactory {

    /**
     * @param runId the run the plan executes
     * @param checkpointScope whose checkpoints the run writes and resumes from: the scheduler task (so a retry attempt
     *     continues after the chunks an earlier attempt committed) or, for a run without a task, the run itself
     * @param previousState what the job's source reported at the end of its last successful run (empty for the first)
     * @throws io.datasync.sync.connector.spi.ConnectorException when the job uses a kind without a connector here, or
     *     its options are invalid
     */
    RunEngine.Plan plan(
            ResolvedJob job, String runId, String checkpointScope, java.util.Map<String, Object> previousState);

    /**
     * A replay of quarantined rows into a job's target.
     *
     * @param rows the schema of the rows as they reached the job's quality gate
     * @param checkpointKey the key of the replay's checkpoint in the sink
     */
    record Replay(
            io.datasync.sync.connector.spi.Schema rows,
            io.datasync.sync.connector.spi.Sink sink,
            String checkpointKey) {}

    /** See {@link Replay}; the caller closes the sink. */
    default Replay replay(ResolvedJob job, String replayId) {
        throw new UnsupportedOperationException(
                "replays are not supported by " + getClass().getSimpleName());
    }
}
