package io.datasync.scheduler.schedule;

import io.datasync.scheduler.SchedulerProperties;
import io.datasync.scheduler.job.JobCatalog;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Aligns the schedules with config-service's jobs once the service is ready and then every
 * {@code reconcile-interval} (5 minutes unless set), so a job change whose {@code JobChanged} event never arrived
 * heals. Events are redelivered until applied, so this is the safety net, not the usual path. It runs in the
 * background: a config-service that is not up yet delays it ({@code reconcile-retry-interval}) but never the
 * scheduler's start, and Quartz keeps firing the stored schedules meanwhile.
 */
@Component
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final JobCatalog catalog;
    private final ScheduleService schedules;
    private final SchedulerProperties properties;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedule-reconciler");
        t.setDaemon(true);
        return t;
    });

    Reconciler(JobCatalog catalog, ScheduleService schedules, SchedulerProperties properties) {
        this.catalog = catalog;
        this.schedules = schedules;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (properties.reconcileOnStart()) {
            executor.execute(this::reconcileOrRetry);
        } else {
            scheduleNext(properties.reconcileInterval());
        }
    }

    private void reconcileOrRetry() {
        try {
            var all = catalog.fetchAll();
            schedules.reconcile(all);
            log.info("Reconciled the schedules with config-service's {} jobs", all.size());
            scheduleNext(properties.reconcileInterval());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not reconcile the schedules with config-service, trying again in {}: {}",
                    properties.reconcileRetryInterval(),
                    e.getMessage());
            scheduleNext(properties.reconcileRetryInterval());
        }
    }

    private void scheduleNext(Duration after) {
        if (!after.isZero() && !executor.isShutdown()) {
            executor.schedule(this::reconcileOrRetry, after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
