package io.datasync.scheduler.schedule;

import io.datasync.kit.cron.QuartzCron;
import io.datasync.models.job.MisfirePolicy;
import io.datasync.models.job.ScheduleSpec;
import io.datasync.scheduler.job.JobPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;

/**
 * Keeps Quartz's clustered JDBC store in line with the jobs' schedules: one durable job and one cron trigger per
 * scheduled job, keyed by the job id. Quartz writes through Spring's data source, so these changes commit or roll back
 * with the caller's transaction.
 */
@Component
public class QuartzSchedules {

    static final String GROUP = "datasync-jobs";

    private final Scheduler scheduler;

    public QuartzSchedules(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Makes Quartz fire the job as its plan says: a cron trigger for an enabled job with a valid schedule, none
     * otherwise. An unchanged trigger is left alone, so a reconciliation neither moves its next fire time nor loses
     * a misfire.
     *
     * @return what keeps the schedule from running (an invalid cron expression), or null
     */
    public String apply(JobPlan plan, boolean paused) {
        try {
            if (!plan.scheduled()) {
                remove(plan.jobId());
                return null;
            }
            String problem = QuartzCron.problem(plan.schedule().cron());
            if (problem != null) {
                remove(plan.jobId());
                return problem;
            }
            TriggerKey key = triggerKey(plan.jobId());
            JobDetail detail = JobBuilder.newJob(FireJob.class)
                    .withIdentity(jobKey(plan.jobId()))
                    .withDescription(plan.name())
                    .usingJobData(FireJob.JOB_ID, plan.jobId())
                    .storeDurably()
                    // an instance that dies while recording a fire leaves it to another one, not lost
                    .requestRecovery(true)
                    .build();
            if (!(scheduler.getTrigger(key) instanceof CronTrigger existing) || !same(existing, plan.schedule())) {
                scheduler.scheduleJob(detail, Set.of(trigger(plan, key)), true);
            } else if (!scheduler.getJobDetail(detail.getKey()).requestsRecovery()) {
                scheduler.addJob(detail, true); // stored before recovery was requested; the trigger stays as it is
            }
            setPaused(plan.jobId(), paused);
            return null;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused the schedule of job " + plan.jobId(), e);
        }
    }

    public void remove(String jobId) {
        try {
            scheduler.deleteJob(jobKey(jobId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not remove the schedule of job " + jobId, e);
        }
    }

    /** Pauses or resumes the job's trigger; a resumed trigger applies its misfire policy to the fires it missed. */
    public void setPaused(String jobId, boolean paused) {
        try {
            TriggerKey key = triggerKey(jobId);
            Trigger.TriggerState state = scheduler.getTriggerState(key);
            if (state == Trigger.TriggerState.NONE) {
                return;
            }
            if (paused && state != Trigger.TriggerState.PAUSED) {
                scheduler.pauseTrigger(key);
            } else if (!paused && state == Trigger.TriggerState.PAUSED) {
                scheduler.resumeTrigger(key);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not pause or resume job " + jobId, e);
        }
    }

    /** The trigger's state as Quartz has it, empty when the job has no trigger. */
    public Optional<Trigger.TriggerState> state(String jobId) {
        try {
            Trigger.TriggerState state = scheduler.getTriggerState(triggerKey(jobId));
            return state == Trigger.TriggerState.NONE ? Optional.empty() : Optional.of(state);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not tell the state of job " + jobId, e);
        }
    }

    /** The trigger's next {@code count} fire times, starting with the one Quartz has stored. */
    public List<Instant> nextFireTimes(String jobId, int count) {
        List<Instant> times = new ArrayList<>(count);
        try {
            Trigger trigger = scheduler.getTrigger(triggerKey(jobId));
            Date at = trigger == null ? null : trigger.getNextFireTime();
            while (at != null && times.size() < count) {
                times.add(at.toInstant());
                at = trigger.getFireTimeAfter(at);
            }
            return times;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not read the trigger of job " + jobId, e);
        }
    }

    private static Trigger trigger(JobPlan plan, TriggerKey key) {
        ScheduleSpec spec = plan.schedule();
        CronScheduleBuilder cron = CronScheduleBuilder.cronSchedule(spec.cron()).inTimeZone(zone(spec));
        cron = spec.misfire() == MisfirePolicy.SKIP
                ? cron.withMisfireHandlingInstructionDoNothing()
                : cron.withMisfireHandlingInstructionFireAndProceed();
        return TriggerBuilder.newTrigger()
                .withIdentity(key)
                .forJob(jobKey(plan.jobId()))
                .withSchedule(cron)
                .build();
    }

    private static boolean same(CronTrigger existing, ScheduleSpec spec) {
        int misfire = spec.misfire() == MisfirePolicy.SKIP
                ? CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING
                : CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
        return existing.getCronExpression().equals(spec.cron())
                && existing.getTimeZone().getID().equals(zone(spec).getID())
                && existing.getMisfireInstruction() == misfire;
    }

    private static TimeZone zone(ScheduleSpec spec) {
        return TimeZone.getTimeZone(spec.timezone());
    }

    static JobKey jobKey(String jobId) {
        return JobKey.jobKey(jobId, GROUP);
    }

    static TriggerKey triggerKey(String jobId) {
        return TriggerKey.triggerKey(jobId, GROUP);
    }
}
