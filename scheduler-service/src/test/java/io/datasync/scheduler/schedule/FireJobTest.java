package io.datasync.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.datasync.models.job.ScheduleSpec;
import io.datasync.scheduler.job.JobPlan;
import io.datasync.scheduler.job.JobPlanRepository;
import io.datasync.scheduler.task.TaskService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import tools.jackson.databind.json.JsonMapper;

class FireJobTest {

    private static final Instant ORIGINAL = Instant.parse("2030-01-01T03:00:00Z");

    private final JobPlanRepository plans = mock(JobPlanRepository.class);
    private final TaskService tasks = mock(TaskService.class);
    private final FireJob job = new FireJob(plans, tasks, new SimpleMeterRegistry());

    private JobExecutionContext context(boolean recovering, int refireCount) {
        JobDataMap data = new JobDataMap();
        data.put(FireJob.JOB_ID, "j1");
        if (recovering) {
            data.put(
                    Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS,
                    Long.toString(ORIGINAL.toEpochMilli()));
        }
        JobExecutionContext context = mock(JobExecutionContext.class);
        when(context.getMergedJobDataMap()).thenReturn(data);
        when(context.isRecovering()).thenReturn(recovering);
        when(context.getRefireCount()).thenReturn(refireCount);
        // a recovery trigger fires now, not at the original time
        when(context.getScheduledFireTime()).thenReturn(Date.from(ORIGINAL.plusSeconds(recovering ? 95 : 0)));
        return context;
    }

    private JobPlan plan() {
        ScheduleSpec schedule =
                JsonMapper.builder().build().readValue("{\"cron\":\"0 0 3 * * ?\"}", ScheduleSpec.class);
        return new JobPlan("j1", "nightly", 1, 1, true, schedule, null);
    }

    @Test
    void aRecoveredFireIsRecordedForItsOriginalTimeSoItsDeduplicationHolds() throws Exception {
        JobPlan plan = plan();
        when(plans.find("j1")).thenReturn(Optional.of(new JobPlanRepository.StoredPlan(plan, false, null, ORIGINAL)));

        job.execute(context(true, 0));

        verify(tasks).fire(plan, ORIGINAL);
    }

    @Test
    void aFireThatCannotBeRecordedIsRefiredAFewTimesInsteadOfDropped() {
        when(plans.find("j1")).thenReturn(Optional.of(new JobPlanRepository.StoredPlan(plan(), false, null, ORIGINAL)));
        when(tasks.fire(any(), any())).thenThrow(new IllegalStateException("database hiccup"));

        for (int refire = 0; refire < FireJob.MAX_REFIRES; refire++) {
            int count = refire;
            assertThatThrownBy(() -> job.execute(context(false, count)))
                    .isInstanceOfSatisfying(
                            JobExecutionException.class,
                            e -> assertThat(e.refireImmediately()).isTrue());
        }
        assertThatThrownBy(() -> job.execute(context(false, FireJob.MAX_REFIRES)))
                .isInstanceOfSatisfying(
                        JobExecutionException.class,
                        e -> assertThat(e.refireImmediately()).isFalse());
    }
}
