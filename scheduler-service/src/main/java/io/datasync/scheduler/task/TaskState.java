package io.datasync.scheduler.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a task is. Waiting: {@link #QUEUED} (for a slot, its job's previous run, or a deferred window start) and
 * {@link #RETRYING} (for its retry delay). Active: {@link #DISPATCHED} (RunRequested sent) and {@link #RUNNING}. The
 * rest are final, though an operator may retry a failed, timed-out or cancelled task.
 */
public enum TaskState {
    QUEUED,
    DISPATCHED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    RETRYING,
    SKIPPED,
    TIMED_OUT,
    CANCELLED;

    static final Set<TaskState> WAITING = Set.of(QUEUED, RETRYING);
    static final Set<TaskState> ACTIVE = Set.of(DISPATCHED, RUNNING);
    static final Set<TaskState> RETRYABLE_BY_HAND = Set.of(FAILED, TIMED_OUT, CANCELLED);

    public boolean active() {
        return ACTIVE.contains(this);
    }

    public boolean unfinished() {
        return ACTIVE.contains(this) || WAITING.contains(this);
    }

    /** The name in the API and the timeline: {@code queued}, {@code timed-out}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a wire name, a constant name, or words ({@code timed out}), in any case. */
    public static Optional<TaskState> parse(String text) {
        String normalized = text == null
                ? ""
                : text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(s -> s.name().equals(normalized)).findFirst();
    }
}
