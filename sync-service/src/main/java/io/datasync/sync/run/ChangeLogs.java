package io.datasync.sync.run;

import io.datasync.models.internal.ResolvedConnection;
import io.datasync.sync.config.ConfigClient;
import io.datasync.sync.connector.ConnectorRegistry;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The change-log jobs whose replication slot this platform created ({@code sync_change_log}), so that a job's slot and
 * publication are dropped in its source database when config-service deletes the job — a slot nobody reads keeps WAL
 * on the source server without bound. The drop is retried (every {@link #RETRY_EVERY}, for {@link #RETRY_FOR}) while
 * the job's last run is still stopping and holds the slot.
 */
@Component
class ChangeLogs {

    private static final Logger log = LoggerFactory.getLogger(ChangeLogs.class);

    static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    static final Duration RETRY_FOR = Duration.ofMinutes(2);

    private final JdbcTemplate jdbc;
    private final ConfigClient config;
    private final ConnectorRegistry connectors;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "change-log-cleanup");
        t.setDaemon(true);
        return t;
    });

    ChangeLogs(JdbcTemplate jdbc, ConfigClient config, ConnectorRegistry connectors) {
        this.jdbc = jdbc;
        this.config = config;
        this.connectors = connectors;
    }

    /** Records that {@code jobId} follows a change log through {@code connectionName}; idempotent. */
    void remember(String jobId, String connectionName) {
        jdbc.update(
                "INSERT INTO sync_change_log (job_id, connection_name) VALUES (?, ?) ON CONFLICT (job_id) DO UPDATE"
                        + " SET connection_name = EXCLUDED.connection_name",
                jobId,
                connectionName);
    }

    /** Drops the deleted job's slot and publication, retrying in the background while its run still holds them. */
    void jobDeleted(String jobId) {
        List<String> names =
                jdbc.queryForList("SELECT connection_name FROM sync_change_log WHERE job_id = ?", String.class, jobId);
        if (!names.isEmpty()) {
            long until = System.nanoTime() + RETRY_FOR.toNanos();
            retries.execute(() -> drop(jobId, names.get(0), until));
        }
    }

    private void drop(String jobId, String connectionName, long until) {
        try {
            ResolvedConnection c = config.connection(connectionName);
            connectors
                    .get(c.type())
                    .jobDeleted(jobId, new ConnectionSpec(c.id(), c.name(), c.type(), c.version(), c.settings()));
            jdbc.update("DELETE FROM sync_change_log WHERE job_id = ?", jobId);
            log.info("Dropped the replication slot and publication of deleted job {} in {}", jobId, connectionName);
        } catch (RuntimeException e) {
            boolean retriable = !(e instanceof ConnectorException ce) || ce.retriable();
            if (retriable && System.nanoTime() < until) {
                retries.schedule(
                        () -> drop(jobId, connectionName, until), RETRY_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                log.warn(
                        "Cannot drop the replication slot of deleted job {} in connection {}: {}. Drop slot and"
                                + " publication ds_<job id without dashes> there by hand, or it keeps WAL",
                        jobId,
                        connectionName,
                        e.toString());
            }
        }
    }
}
