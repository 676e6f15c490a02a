package io.datasync.scheduler.schedule;

import io.datasync.scheduler.job.JobPlanRepository;
import io.datasync.scheduler.task.TaskService;
import io.micrometer.core.instrument.MeterRegistry;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Quartz runs when a job's trigger fires: records the fire as a task. In the cluster Quartz hands each fire to
 * exactly one instance (its trigger rows are claimed under a database lock), and the task table's unique
 * (job, fire time) index is the second line of defence. Quartz creates it through Spring, which injects the
 * constructor.
 */
public class FireJob implements Job {

    static final String JOB_ID = "jobId";
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
    public void execute(JobExecutionContext context) {
        String jobId = context.getMergedJobDataMap().getString(JOB_ID);
        // Counts what Quartz hands this instance, before any deduplication: the cluster test sums it over instances.
        meters.counter("datasync.scheduler.fires").increment();
        try {
            plans.find(jobId)
                    .map(JobPlanRepository.StoredPlan::plan)
                    .filter(p -> p.scheduled())
                    .ifPresentOrElse(
                            plan -> tasks.fire(
                                    plan, context.getScheduledFireTime().toInstant()),
                            () -> log.warn("Trigger of job {} fired, but the job is no longer scheduled", jobId));
        } catch (RuntimeException e) {
            // A fire that cannot be recorded is lost either way; refiring could run the job twice.
            log.error("Fire of job {} at {} could not be recorded", jobId, context.getScheduledFireTime(), e);
        }
    }
}
