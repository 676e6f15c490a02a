package io.datasync.sync.run;

import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.TargetType;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.config.SyncProperties;
import io.datasync.sync.connector.file.FileSource;
import io.datasync.sync.connector.http.HttpEndpoint;
import io.datasync.sync.connector.http.HttpSource;
import io.datasync.sync.connector.jdbc.JdbcEndpoint;
import io.datasync.sync.connector.jdbc.JdbcSource;
import io.datasync.sync.connector.postgres.PostgresEndpoint;
import io.datasync.sync.connector.postgres.PostgresSink;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.transform.TransformRegistry;
import io.datasync.sync.verify.Verifications;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds runs from resolved jobs: the one place that maps source and target types to connectors. A type without a
 * connector in this build is a permanent failure that names it, not a crash.
 *
 * <p>Checkpoints are keyed by job and scope ({@code <jobId>/<taskId>}, or {@code <jobId>/<runId>} for a run without
 * a scheduler task): a resumed run (same id, e.g. after a crash) and a retry attempt of the same task continue after
 * the chunks already committed, while a new run of the job starts from the beginning of its window.
 */
@Component
class ConnectorPlans implements PlanFactory {

    private final SyncProperties properties;
    private final TransformRegistry transforms;

    ConnectorPlans(SyncProperties properties, io.datasync.sync.config.RuleSetCache ruleSets) {
        this.properties = properties;
        this.transforms = new TransformRegistry(ruleSets);
    }

    @Override
    public RunEngine.Plan plan(
            ResolvedJob job, String runId, String checkpointScope, Map<String, Object> previousState) {
        JobDefinition definition = job.definition();
        String checkpointKey = job.jobId() + "/" + checkpointScope;
        int parallelism = definition.source().split() == null
                ? 1
                : definition.source().split().parallelism();
        Source source = source(job, definition, previousState);
        Sink sink = sink(job, definition, checkpointKey, parallelism);
        return new RunEngine.Plan(
                checkpointKey,
                runId,
                source,
                transforms.pipeline(definition.transforms()),
                sink,
                parallelism,
                properties.chunkSize(),
                definition.limits(),
                new RetrySpec(
                        properties.splitRetries() + 1,
                        properties.splitRetryBackoff(),
                        2.0,
                        properties.splitRetryMaxBackoff(),
                        0.0),
                Verifications.tallyFor(definition).orElse(null));
    }

    private static Source source(ResolvedJob job, JobDefinition definition, Map<String, Object> previousState) {
        SourceSpec spec = definition.source();
        Map<String, Object> settings = job.connection(spec.connection()).settings();
        return switch (spec.type()) {
            case JDBC -> new JdbcSource(JdbcEndpoint.of(settings), spec, previousState);
            case FILE -> new FileSource(text(settings, "baseDirectory"), spec);
            case HTTP -> new HttpSource(new HttpEndpoint(settings), spec);
            default -> throw unsupported("source type " + spec.type());
        };
    }

    private static Sink sink(ResolvedJob job, JobDefinition definition, String checkpointKey, int parallelism) {
        Map<String, Object> settings =
                job.connection(definition.target().connection()).settings();
        String url = text(settings, "url");
        if (definition.target().type() != TargetType.JDBC || url == null || !url.startsWith("jdbc:postgresql:")) {
            throw unsupported("target " + definition.target().connection() + " (only PostgreSQL targets are written)");
        }
        return new PostgresSink(
                new PostgresEndpoint(url, text(settings, "user"), text(settings, "password")),
                definition.target(),
                checkpointKey,
                parallelism);
    }

    private static String text(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null ? null : value.toString();
    }

    private static ConnectorException unsupported(String what) {
        return new ConnectorException("SYNC-005", false, what + " is not supported by this sync-service yet", null);
    }
}
