package io.datasync.config.job;

import java.util.UUID;

/**
 * Published (as a Spring event, on the deleting thread, inside its transaction) when a job is deleted, so that what is
 * bound to the job (API keys) goes with it in the same commit.
 */
public record JobDeleted(UUID jobId, String name) {}
