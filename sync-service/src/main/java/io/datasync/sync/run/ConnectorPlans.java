package io.datasync.sync.run;

import io.datasync.models.connector.JobChecks;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.WriteMode;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.config.SyncProperties;
import io.datasync.sync.connector.ConnectorRegistry;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.StreamSource;
import io.datasync.sync.transform.builtin.TransformRegistry;
import io.datasync.sync.verify.Verifications;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Builds runs from resolved jobs through the connector units of the {@link ConnectorRegistry}. A job version saved
 * before a rule of the catalog existed is checked again here, with the same {@link JobChecks} config-service runs at
 * save, so it fails with every problem named instead of half-way through.
 *
 * <p>Checkpoints are keyed by job and scope ({@code <jobId>/<taskId>}, or {@code <jobId>/<runId>} for a run without
 * a scheduler task): a resumed run (same id, e.g. after a crash) and a retry attempt of the same task continue after
 * the chunks already committed, while a new run of the job starts from the beginning of its window. A stream's
 * positions are keyed {@code <jobId>/stream} instead: every run of a stream job, of any version, continues where the
 * last one committed.
 */
@Component
class ConnectorPlans implements PlanFactory {

    private final SyncProperties properties;
    private final TransformRegistry transforms;
    private final ConnectorRegistry connectors;
    private final Verifications verifications;
    private final ChangeLogs changeLogs;
    private final io.datasync.sync.quality.QualityGates gates;

    ConnectorPlans(
            SyncProperties properties,
            io.datasync.sync.config.RuleSetCache ruleSets,
            ConnectorRegistry connectors,
            Verifications verifications,
            ChangeLogs changeLogs,
            io.datasync.sync.quality.QualityGates gates) {
        this.changeLogs = changeLogs;
        this.gates = gates;
        this.properties = properties;
        this.transforms = new TransformRegistry(ruleSets);
        this.connectors = connectors;
        this.verifications = verifications;
    }

    /** The checkpoint key of a stream job's positions, shared by all its runs: {@code <jobId>/stream}. */
    static String streamScope(String jobId) {
        return jobId + "/stream";
    }

    @Override
    public RunEngine.Plan plan(
            ResolvedJob job, String runId, String checkpointScope, Map<String, Object> previousState) {
        JobDefinition definition = job.definition();
        List<FieldError> problems = JobChecks.check(
                definition,
                name -> Optional.ofNullable(job.connections().get(name))
                        .map(c -> new JobChecks.Connection(c.type(), c.settings())));
        if (!problems.isEmpty()) {
            throw new InvalidOptionsException(problems);
        }
        int parallelism = definition.source().split() == null
                ? 1
                : definition.source().split().parallelism();
        var transformPipeline = transforms.pipeline(definition.transforms());
        Source source = connectors
                .get(definition.source().type().toString())
                .source(new SourceContext(
                        definition.source().connection() == null
                                // a kind without connections (push): nothing to resolve
                                ? ConnectionSpec.unsaved(
                                        definition.source().type().toString(), Map.of())
                                : job.connection(definition.source().connection())
                                        .spec(),
                        definition.source(),
                        previousState));
        String checkpointKey = job.jobId() + "/" + checkpointScope;
        if (source instanceof StreamSource) {
            if (definition.target().writeMode() == WriteMode.OVERWRITE) {
                source.close();
                throw new InvalidOptionsException(List.of(new FieldError(
                        "/target/writeMode",
                        "a stream never finishes, so an overwrite's loaded table would never be swapped in; use"
                                + " insert or upsert")));
            }
            if (definition.source().incremental().mode() == io.datasync.models.job.IncrementalMode.CHANGELOG) {
                List<String> sourceKey = source.schema().keys();
                if (!new java.util.HashSet<>(definition.target().keys()).equals(new java.util.HashSet<>(sourceKey))) {
                    source.close();
                    throw new InvalidOptionsException(List.of(new FieldError(
                            "/target/keys",
                            "a change log applies updates and deletes by the source table's primary key "
                                    + sourceKey + ": set keys: " + sourceKey + " (not "
                                    + definition.target().keys() + ")")));
                }
                // before the run creates the slot, so that deleting the job drops it
                changeLogs.remember(job.jobId(), definition.source().connection());
            }
            // Stream positions survive runs and job versions: a new run continues where the last one committed.
            checkpointKey = streamScope(job.jobId());
            parallelism = 1;
        }
        Sink sink;
        io.datasync.sync.transform.spi.Transform steps;
        try {
            // the job's quality gate (if inline) runs on what the transforms produce, before the sink
            steps = gates.gated(job, runId, checkpointKey, transformPipeline);
            sink = sink(job, checkpointKey, parallelism);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return new RunEngine.Plan(
                checkpointKey,
                runId,
                source,
                steps,
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
                verifications.tallyFor(definition).orElse(null));
    }

    private Sink sink(ResolvedJob job, String checkpointKey, int parallelism) {
        JobDefinition definition = job.definition();
        return connectors
                .get(definition.target().type().toString())
                .sink(new SinkContext(
                        job.connection(definition.target().connection()).spec(),
                        definition.target(),
                        checkpointKey,
                        parallelism));
    }

    /**
     * What a replay of quarantined rows needs: the schema of the rows that reached the job's quality gate (the
     * source's, through the transforms; the source is opened only to read it) and the job's sink, whose checkpoints
     * are kept under {@code <jobId>/replay-<replayId>} so a replay delivered twice writes once.
     */
    @Override
    public Replay replay(ResolvedJob job, String replayId) {
        JobDefinition definition = job.definition();
        Schema rows;
        try (Source source = connectors
                .get(definition.source().type().toString())
                .source(new SourceContext(
                        definition.source().connection() == null
                                ? ConnectionSpec.unsaved(
                                        definition.source().type().toString(), Map.of())
                                : job.connection(definition.source().connection())
                                        .spec(),
                        definition.source(),
                        Map.of()))) {
            rows = transforms.pipeline(definition.transforms()).outputSchema(source.schema());
        }
        String checkpointKey = job.jobId() + "/replay-" + replayId;
        return new Replay(rows, sink(job, checkpointKey, 1), checkpointKey);
    }
}
