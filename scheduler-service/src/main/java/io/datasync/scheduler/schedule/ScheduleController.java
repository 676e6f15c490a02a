package io.datasync.scheduler.schedule;

import io.datasync.kit.audit.NotAudited;
import io.datasync.kit.cron.QuartzCron;
import io.datasync.kit.web.ApiException;
import io.datasync.models.job.Durations;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;
import io.datasync.models.problem.FieldError;
import io.datasync.scheduler.api.DelayRequest;
import io.datasync.scheduler.api.JsonBodies;
import io.datasync.scheduler.job.JobPlanRepository.StoredPlan;
import io.datasync.scheduler.task.TaskService;
import io.datasync.scheduler.task.TaskView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.quartz.Trigger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Schedules with their next fire times, pause and resume, previews, and manual runs of a job. */
@RestController
@RequestMapping("/api/scheduler")
class ScheduleController {

    private static final int NEXT_FIRES = 5;

    private final ScheduleService schedules;
    private final QuartzSchedules quartz;
    private final TaskService tasks;
    private final TaskView.Assembler views;
    private final Clock clock;

    ScheduleController(
            ScheduleService schedules,
            QuartzSchedules quartz,
            TaskService tasks,
            TaskView.Assembler views,
            Clock clock) {
        this.schedules = schedules;
        this.quartz = quartz;
        this.tasks = tasks;
        this.views = views;
        this.clock = clock;
    }

    @GetMapping("/schedules")
    Map<String, List<ScheduleView>> list() {
        return Map.of("items", schedules.all().stream().map(this::view).toList());
    }

    @GetMapping("/schedules/{jobId}")
    ScheduleView get(@PathVariable String jobId) {
        return view(schedules.scheduled(jobId));
    }

    @PostMapping("/schedules/{jobId}/pause")
    ScheduleView pause(@PathVariable String jobId) {
        return view(schedules.setPaused(jobId, true));
    }

    /** Resumes; fires missed while paused follow the schedule's misfire policy (fire once now, or skip). */
    @PostMapping("/schedules/{jobId}/resume")
    ScheduleView resume(@PathVariable String jobId) {
        return view(schedules.setPaused(jobId, false));
    }

    /** When a schedule would fire and how a retry policy would wait, before saving either in a job. */
    @NotAudited("a preview computes fire times and changes nothing")
    @PostMapping("/schedules/preview")
    Map<String, Object> preview(@RequestBody(required = false) String body) {
        PreviewRequest request = JsonBodies.read(body, PreviewRequest.class, null);
        if (request == null) {
            throw ApiException.invalid(List.of(new FieldError("/schedule", "is required")));
        }
        ScheduleSpec spec = request.schedule();
        String problem = QuartzCron.problem(spec.cron());
        if (problem != null) {
            throw ApiException.invalid(List.of(new FieldError("/schedule/cron", problem)));
        }
        RetrySpec retry = request.retry();
        List<Map<String, Object>> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= Math.min(request.count(), retry.maxAttempts() - 1); attempt++) {
            Duration base = retry.baseDelayAfter(attempt);
            delays.add(Map.of(
                    "afterAttempt", attempt,
                    "base", Durations.format(base),
                    "min", Durations.format(retry.delayAfter(attempt, 0.0)),
                    "max", Durations.format(retry.delayAfter(attempt, 1.0))));
        }
        return Map.of(
                "nextFireTimes",
                ScheduleView.fires(
                        spec, QuartzCron.next(spec.cron(), spec.timezone(), clock.instant(), request.count())),
                "retryDelays",
                delays);
    }

    /**
     * Runs the job now (or after {@code delay}), through its concurrency policy like any fire. A job id is
     * config-service's UUID: a malformed one is a 400 problem naming {@code ?jobId}, an unknown one a 404.
     */
    @PostMapping("/jobs/{jobId}/trigger")
    ResponseEntity<TaskView> trigger(@PathVariable UUID jobId, @RequestBody(required = false) String body) {
        DelayRequest request = JsonBodies.read(body, DelayRequest.class, DelayRequest.NOW);
        var task = tasks.trigger(schedules.planToTrigger(jobId.toString()), request.delay());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.view(task));
    }

    private ScheduleView view(StoredPlan stored) {
        var plan = stored.plan();
        ScheduleSpec spec = plan.schedule();
        String state;
        if (!plan.enabled()) {
            state = "disabled";
        } else if (stored.problem() != null) {
            state = "invalid";
        } else {
            state = quartz.state(plan.jobId())
                    .map(s -> s == Trigger.TriggerState.PAUSED ? "paused" : "scheduled")
                    .orElse("unscheduled");
        }
        return new ScheduleView(
                plan.jobId(),
                plan.name(),
                plan.version(),
                spec.cron(),
                spec.timezone().getId(),
                spec.window(),
                spec.outsideWindow().toString(),
                spec.concurrency().toString(),
                spec.misfire().toString(),
                state,
                stored.problem(),
                ScheduleView.fires(spec, quartz.nextFireTimes(plan.jobId(), NEXT_FIRES)));
    }
}
