package io.datasync.sync.connector.spi;

import io.datasync.models.job.TargetSpec;

/**
 * What a connector needs to build a run's sink.
 *
 * @param checkpointKey whose checkpoints the sink writes and resumes from (job and scheduler task or run)
 * @param parallelism how many threads will write at once
 */
public record SinkContext(ConnectionSpec connection, TargetSpec target, String checkpointKey, int parallelism) {}
