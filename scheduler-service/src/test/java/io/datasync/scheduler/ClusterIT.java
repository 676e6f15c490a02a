package io.datasync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two scheduler-service instances clustered on one database (Quartz's JDBC store, clustered) fire each trigger
 * exactly once: eight jobs firing every second, at least 200 fires, every one counted where Quartz hands it to an
 * instance, as a task row, and as a RunRequested.
 */
class ClusterIT extends SchedulerITSupport {

    private static final int JOBS = 8;
    private static final int FIRES = 200;

    @Test
    void twoInstancesFireEachTriggerExactlyOnce() {
        String database = properties.database() + "_cluster";
        SchedulerInstance.dropDatabase(database);
        String group = "scheduler-cluster-" + UUID.randomUUID();
        double firesA;
        double firesB;
        double duplicates;
        long started = System.nanoTime();
        try (FakeConfigService config = FakeConfigService.start()) {
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                String jobId = newJobId();
                jobs.add(jobId);
                // replace: every fire is dispatched, so each fire has its own RunRequested to count
                config.put(
                        jobId,
                        "cluster-" + i,
                        1,
                        true,
                        "{\"cron\":\"" + EVERY_SECOND + "\",\"concurrency\":\"replace\"}",
                        null);
            }
            // No sync engine reports the replaced runs' ends: without a stop grace period each fire is dispatched.
            String noGrace = "--datasync.scheduler.stop-grace-period=0s";
            try (SchedulerInstance a = SchedulerInstance.start("node-a", database, brokers, config, group, noGrace);
                    SchedulerInstance b =
                            SchedulerInstance.start("node-b", database, brokers, config, group, noGrace)) {
                JdbcTemplate db = a.bean(JdbcTemplate.class);
                // Both instances learn the jobs only from the reconciliation at start.
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> db.queryForObject("SELECT count(*) FROM task", Integer.class) >= FIRES);
                // Closing stops Quartz; the registries keep their counts after their contexts are gone.
                MeterRegistry metersA = a.bean(MeterRegistry.class);
                MeterRegistry metersB = b.bean(MeterRegistry.class);
                a.close();
                b.close();
                firesA = SchedulerInstance.count(metersA, "datasync.scheduler.fires");
                firesB = SchedulerInstance.count(metersB, "datasync.scheduler.fires");
                duplicates = SchedulerInstance.count(metersA, "datasync.scheduler.duplicate.fires")
                        + SchedulerInstance.count(metersB, "datasync.scheduler.duplicate.fires");
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        JdbcTemplate db = SchedulerInstance.jdbc(database);
        int tasks = db.queryForObject("SELECT count(*) FROM task", Integer.class);
        int requested = db.queryForObject(
                "SELECT count(*) FROM outbox_event WHERE type = 'datasync.sync.run.requested.v1'", Integer.class);
        int tasksRequestedTwice = db.queryForObject(
                "SELECT count(*) FROM (SELECT payload::jsonb #>> '{data,taskId}' FROM outbox_event"
                        + " WHERE type = 'datasync.sync.run.requested.v1' GROUP BY 1 HAVING count(*) > 1) d",
                Integer.class);
        int firesRecordedTwice = db.queryForObject(
                "SELECT count(*) FROM (SELECT job_id, scheduled_for FROM task GROUP BY 1, 2 HAVING count(*) > 1) d",
                Integer.class);
        int missedFires = db.queryForObject(
                "SELECT coalesce(sum(gap), 0)::int FROM (SELECT extract(epoch FROM max(scheduled_for)"
                        + " - min(scheduled_for))::int + 1 - count(*) AS gap FROM task GROUP BY job_id) g",
                Integer.class);
        System.out.printf(
                "ClusterIT: %d fires (node-a %.0f, node-b %.0f) of %d jobs in %d s; %d RunRequested; duplicates %.0f;"
                        + " missed %d%n",
                tasks, firesA, firesB, JOBS, seconds, requested, duplicates, missedFires);

        assertThat(tasks).isGreaterThanOrEqualTo(FIRES);
        assertThat(firesA + firesB)
                .as("every fire Quartz handed out became exactly one task")
                .isEqualTo(tasks);
        assertThat(duplicates).isZero();
        assertThat(firesRecordedTwice).isZero();
        assertThat(requested).as("one RunRequested per fire").isEqualTo(tasks);
        assertThat(tasksRequestedTwice).isZero();
        assertThat(missedFires).as("no fire time of any job left out").isZero();
    }
}
