package io.datasync.sync.connector.spi;

/**
 * How far a job's split has been written: committed together with the rows it covers, so after any crash the run
 * resumes exactly after the last committed chunk.
 */
public record Checkpoint(String jobId, String splitId, Position position, long rowsWritten) {

    public Checkpoint {
        if (jobId == null || jobId.isBlank() || splitId == null || splitId.isBlank()) {
            throw new IllegalArgumentException("a checkpoint needs a job id and a split id");
        }
        position = position == null ? Position.START : position;
    }
}
