package io.datasync.sync.connector.spi;

/**
 * Who may write a scope's rows and positions now. Every run claim bumps the run's epoch; the owner records its epoch
 * in the target before it reads any checkpoint, and every chunk or micro-batch transaction first checks that the
 * target still holds that epoch. An owner that lost the run (paused by the OS, cut off from the database) therefore
 * fails its next commit with {@link SyncErrorCode#FENCED} instead of writing beside its successor.
 *
 * @param scope what is fenced: a run's checkpoint key ({@code <jobId>/<runId>}) or a stream member
 *     ({@code <jobId>/stream#<member>})
 * @param epoch the owner's claim number; a larger one wins
 * @param owner the instance holding it, for operators reading the fence table
 */
public record Fence(String scope, long epoch, String owner) {

    public Fence {
        if (scope == null || scope.isBlank() || owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a fence needs a scope and an owner");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("a fence's epoch starts at 1, got " + epoch);
        }
    }
}
