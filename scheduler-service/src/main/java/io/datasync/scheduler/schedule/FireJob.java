package io.datasync.scheduler.schedule;

import io.datasync.scheduler.job.JobPlanRepository;
import io.datasync.scheduler.task.TaskService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Quartz runs when a job's trigger fires: records the fire as a task. In the cluster Quartz hands each fire to
 * exactly one instance (its trigger rows are claimed under a database lock), and the task table's unique
 * (job, fire time) index is the second line of defence. Recording a fire is idempotent (the index, and
 * {@link TaskService#fire} checking for the fire first), so a fire is rather recorded again than lost: the job
 * detail requests recovery (an instance that dies while recording one has it re-run by another), and a failure to
 * record is refired a few times. Quartz creates it through Spring, which injects the constructor.
 */
public class FireJob implements Job {

    static final String JOB_ID = "jobId";
    /** Refires after the first failure to record a fire, before it is given up (and logged as lost). */
    static final int MAX_REFIRES = 3;

    private static final Logger log = LoggerFactory.getLogger(FireJob.class);

    private final JobPlanRepository plans;
    private final TaskService tasks;
    private final MeterRegistry meters;

    public FireJob(JobPlanRepository plans, TaskService tasks, MeterRegistry meters) {
        this.plans = plans;
        this.tasks = tasks;
        this.meters = meters;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String jobId = context.getMergedJobDataMap().getString(JOB_ID);
        Instant scheduledFor = scheduledFor(context);
        // Counts what Quartz hands this instance, before any deduplication: the cluster test sums it over instances.
        if (context.getRefireCount() == 0 && !context.isRecovering()) {
            meters.counter("datasync.scheduler.fires").increment();
        }
        try {
            plans.find(jobId)
                    .map(JobPlanRepository.StoredPlan::plan)
                    .filter(p -> p.scheduled())
                    .ifPresentOrElse(
                            plan -> tasks.fire(plan, scheduledFor),
                            () -> log.warn("Trigger of job {} fired, but the job is no longer scheduled", jobId));
        } catch (RuntimeException e) {
            boolean again = context.getRefireCount() < MAX_REFIRES;
            if (again) {
                log.warn(
                        "Fire of job {} at {} could not be recorded, trying again: {}",
                        jobId,
                        scheduledFor,
                        e.toString());
            } else {
                log.error("Fire of job {} at {} could not be recorded, given up", jobId, scheduledFor, e);
            }
            throw new JobExecutionException("fire of job " + jobId + " at " + scheduledFor + " not recorded", e, again);
        }
    }

    /**
     * The fire time the task is recorded for. A recovered fire (its instance died while recording it) runs under a
     * recovery trigger of its own, whose fire time is now; the original one is in its data map, and only with it does
     * the (job, fire time) deduplication recognise a fire the dead instance did record.
     */
    static Instant scheduledFor(JobExecutionContext context) {
        if (context.isRecovering()) {
            String original = context.getMergedJobDataMap()
                    .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (original != null) {
                return Instant.ofEpochMilli(Long.parseLong(original));
            }
        }
        return context.getScheduledFireTime().toInstant();
    }
}
