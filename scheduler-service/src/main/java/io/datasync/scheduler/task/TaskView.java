package io.datasync.scheduler.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A task as the API shows it, with its timeline (every state it went through, in order) and its attempts (one run of
 * the sync engine each).
 */
public record TaskView(
        UUID taskId,
        String jobId,
        String jobName,
        long jobVersion,
        String trigger,
        Instant scheduledFor,
        String state,
        int attempt,
        int maxAttempts,
        UUID runId,
        Instant notBefore,
        Instant deadline,
        String detail,
        Instant createdAt,
        Instant updatedAt,
        List<Entry> timeline,
        List<TaskRepository.Attempt> attempts) {

    /** One step of the timeline. */
    public record Entry(String state, Instant at, int attempt, String detail) {}

    /** Builds views with their timelines and attempts. */
    @Component
    public static class Assembler {

        private final TaskRepository tasks;

        Assembler(TaskRepository tasks) {
            this.tasks = tasks;
        }

        public TaskView view(Task t) {
            List<Entry> timeline = tasks.timeline(t.id()).stream()
                    .map(e -> new Entry(e.state().wireName(), e.at(), e.attempt(), e.detail()))
                    .toList();
            return new TaskView(
                    t.id(),
                    t.jobId(),
                    t.jobName(),
                    t.jobVersion(),
                    t.trigger(),
                    t.scheduledFor(),
                    t.state().wireName(),
                    t.attempt(),
                    t.retry().maxAttempts(),
                    t.runId(),
                    t.notBefore(),
                    t.deadline(),
                    t.detail(),
                    t.createdAt(),
                    t.updatedAt(),
                    timeline,
                    tasks.attempts(t.id()));
        }
    }
}
