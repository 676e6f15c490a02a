package io.datasync.scheduler.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
            return views(List.of(t)).get(0);
        }

        /** Views of these tasks, in their order, with two queries for all their timelines and attempts. */
        public List<TaskView> views(List<Task> list) {
            List<UUID> ids = list.stream().map(Task::id).toList();
            Map<UUID, List<TaskRepository.TimelineEntry>> timelines = tasks.timelines(ids);
            Map<UUID, List<TaskRepository.Attempt>> attempts = tasks.attempts(ids);
            return list.stream()
                    .map(t -> view(
                            t, timelines.getOrDefault(t.id(), List.of()), attempts.getOrDefault(t.id(), List.of())))
                    .toList();
        }

        private static TaskView view(
                Task t, List<TaskRepository.TimelineEntry> entries, List<TaskRepository.Attempt> attempts) {
            List<Entry> timeline = entries.stream()
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
                    List.copyOf(attempts));
        }
    }
}
