package io.datasync.sync.quality;

import io.datasync.kit.inbox.InboundEvents;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.quality.PostLoadSql;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.event.Topics;
import io.datasync.models.job.QualityMode;
import io.datasync.models.job.QualitySpec;
import io.datasync.models.job.TargetType;
import io.datasync.sync.config.JobCatalog;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.connector.jdbc.JdbcErrors;
import io.datasync.sync.connector.jdbc.JdbcPools;
import io.datasync.sync.connector.spi.ClientCache;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Post-load checks: a job's quality checks pushed down as SQL on its target table ({@link PostLoadSql}), run after
 * each completed run of a job with {@code quality.mode: post-load} (on its {@code RunCompleted}), and on demand for any
 * job with a rule set. Each check is one query on a read connection through the egress policy; a check that fails to
 * run is reported with its error while the others still run. Results go to quality-service as a {@link
 * QualityEvent.PostLoadChecked}, which stores them with the run.
 */
@Component
public class PostLoadChecks {

    private static final Logger log = LoggerFactory.getLogger(PostLoadChecks.class);

    private final JobCatalog jobs;
    private final QualityGates gates;
    private final JdbcPools pools;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final EventCodec codec;

    PostLoadChecks(
            JobCatalog jobs,
            QualityGates gates,
            io.datasync.sync.connector.ConnectorRegistry connectors,
            Outbox outbox,
            TransactionTemplate transactions,
            EventCodec codec) {
        this.jobs = jobs;
        this.gates = gates;
        this.pools = ((io.datasync.sync.connector.jdbc.JdbcConnector) connectors.get("jdbc")).pools();
        this.outbox = outbox;
        this.transactions = transactions;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.SYNC_EVENTS, groupId = "sync-service-post-load")
    void onRunCompleted(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isEmpty() || !(read.get().data() instanceof SyncEvent.RunCompleted completed)) {
            return;
        }
        // off the listener's thread: a slow check must not hold the consumer past its poll interval (a rebalance
        // would deliver the event again and run every check again)
        runner.execute(io.datasync.kit.correlation.Correlation.wrap(() -> {
            try {
                ResolvedJob job = jobs.resolve(completed.jobId(), null);
                if (job.definition().quality().mode() == QualityMode.POST_LOAD) {
                    check(job, completed.runId());
                }
            } catch (RuntimeException e) {
                log.warn(
                        "Post-load checks of run {} of job {} did not run: {}",
                        completed.runId(),
                        completed.jobId(),
                        e.getMessage());
            }
        }));
    }

    /** Post-load checks after runs, one run's at a time. */
    private final java.util.concurrent.ExecutorService runner =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "post-load-checks");
                t.setDaemon(true);
                return t;
            });

    @jakarta.annotation.PreDestroy
    void stop() {
        runner.shutdownNow();
    }

    /**
     * Runs the job's post-load checks now and records them for {@code runId}.
     *
     * @throws ConnectorException when the job has no rule set or no PostgreSQL target, or the rule set is missing
     */
    public QualityEvent.PostLoadChecked check(ResolvedJob job, String runId) {
        QualitySpec quality = job.definition().quality();
        if (quality.ruleSet() == null) {
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_RULES_INVALID,
                    "job " + job.name() + " has no quality rule set (quality.ruleSet) to check its target with",
                    null);
        }
        if (job.definition().target().type() != TargetType.JDBC) {
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_RULES_INVALID,
                    "post-load checks run as SQL on a PostgreSQL target; job " + job.name() + " writes to "
                            + job.definition().target().type(),
                    null);
        }
        QualityRulesCache.Loaded rules = gates.ruleSet(quality);
        String table = job.definition().target().table();
        List<QualityEvent.PostLoadResult> results = new ArrayList<>();
        long rows;
        try (ClientCache<JdbcPools.Pool>.Lease lease = pools.reader(
                job.connection(job.definition().target().connection()).spec())) {
            try (Connection connection = lease.client().open()) {
                connection.setReadOnly(true);
                try (Statement count = connection.createStatement();
                        ResultSet rs = count.executeQuery(
                                "SELECT count(*) FROM " + io.datasync.models.job.SqlIdentifiers.quotedTable(table))) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                for (PostLoadSql.Query query :
                        PostLoadSql.queries(rules.rules(), table, QualityGates.severity(quality.onViolation()))) {
                    results.add(run(connection, query, lease.client().password()));
                }
            } catch (SQLException e) {
                throw JdbcErrors.classify(e, "table " + table, lease.client().password());
            }
        }
        QualityEvent.PostLoadChecked checked = new QualityEvent.PostLoadChecked(
                job.jobId(), runId, rules.name(), rules.version(), table, rows, results);
        transactions.executeWithoutResult(status -> outbox.append(checked));
        log.info("Post-load checks of run {} of job {}: {} checks on {} rows", runId, job.name(), results.size(), rows);
        return checked;
    }

    private static QualityEvent.PostLoadResult run(Connection connection, PostLoadSql.Query query, String password) {
        try (PreparedStatement statement = connection.prepareStatement(query.sql())) {
            statement.setQueryTimeout(300);
            for (int i = 0; i < query.parameters().size(); i++) {
                statement.setObject(i + 1, query.parameters().get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new QualityEvent.PostLoadResult(
                        query.check(),
                        query.dimension().toString(),
                        query.severity() == null ? null : query.severity().toString(),
                        query.sql(),
                        rs.getLong(1),
                        rs.getLong(2),
                        null);
            }
        } catch (SQLException e) {
            return new QualityEvent.PostLoadResult(
                    query.check(),
                    query.dimension().toString(),
                    query.severity() == null ? null : query.severity().toString(),
                    query.sql(),
                    0,
                    0,
                    // the database's words, without the connection's password should a driver echo it
                    JdbcErrors.classify(e, "table", password).getMessage());
        }
    }
}
