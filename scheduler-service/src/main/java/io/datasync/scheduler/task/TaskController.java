package io.datasync.scheduler.task;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.FieldError;
import io.datasync.scheduler.api.DelayRequest;
import io.datasync.scheduler.api.JsonBodies;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The task history, filtered by job, state and creation time, and manual retries. */
@RestController
@RequestMapping("/api/scheduler/tasks")
class TaskController {

    private final TaskRepository tasks;
    private final TaskService service;
    private final RetryManager retries;
    private final TaskView.Assembler views;

    TaskController(TaskRepository tasks, TaskService service, RetryManager retries, TaskView.Assembler views) {
        this.tasks = tasks;
        this.service = service;
        this.retries = retries;
        this.views = views;
    }

    /** Newest first; {@code from} is inclusive, {@code to} exclusive (ISO-8601 instants). */
    @GetMapping
    Map<String, Object> list(
            @RequestParam(required = false) String jobId,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        TaskState wanted = state == null
                ? null
                : TaskState.parse(state)
                        .orElseThrow(() -> ApiException.invalid(List.of(new FieldError(
                                "?state",
                                "'" + state + "' is not a task state; one of queued, dispatched, running, succeeded,"
                                        + " failed, retrying, skipped, timed-out, cancelled"))));
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid(List.of(new FieldError("?to", "must be after from (" + from + ")")));
        }
        List<TaskView> items =
                views.views(tasks.list(new TaskRepository.Filter(jobId, wanted, from, to, limit, offset)));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("limit", limit);
        page.put("offset", offset);
        return page;
    }

    @GetMapping("/{taskId}")
    TaskView get(@PathVariable UUID taskId) {
        return views.view(service.get(taskId));
    }

    /** Runs a failed, timed-out or cancelled task again (after {@code delay}), whatever attempts its policy has left. */
    @PostMapping("/{taskId}/retry")
    ResponseEntity<TaskView> retry(@PathVariable UUID taskId, @RequestBody(required = false) String body) {
        DelayRequest request = JsonBodies.read(body, DelayRequest.class, DelayRequest.NOW);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.view(retries.retry(taskId, request.delay())));
    }
}
