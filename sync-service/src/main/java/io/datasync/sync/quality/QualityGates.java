package io.datasync.sync.quality;

import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.quality.InvalidQualityRuleSetException;
import io.datasync.kit.quality.Lookup;
import io.datasync.kit.quality.QualityColumn;
import io.datasync.kit.quality.QualityGate;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.QualityMode;
import io.datasync.models.job.QualitySpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.ViolationPolicy;
import io.datasync.models.quality.QuarantinedRow;
import io.datasync.models.quality.Severity;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.config.SyncProperties;
import io.datasync.sync.connector.jdbc.JdbcPools;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.transform.spi.Transform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts a job's quality gate behind its transforms when the job asks for one ({@code quality.mode: inline}), and
 * records what the gate did: each chunk's tally and quarantined rows become {@link QualityEvent.ChunkChecked} events
 * in sync-service's outbox (one transaction per chunk, before the chunk is written), split into parts of at most
 * {@code quarantineRowsPerEvent} rows and ~128 K characters.
 */
@Component
public class QualityGates {

    /** Characters of row values per event part, well under the outbox's limit once keys and violations are added. */
    static final int PART_CHARS = 96 * 1024;

    private final QualityRulesCache rules;
    private final QualityProperties properties;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final JdbcPools pools;
    private final Clock clock;
    private final byte[] maskKey;

    public QualityGates(
            QualityRulesCache rules,
            QualityProperties properties,
            SyncProperties sync,
            Outbox outbox,
            TransactionTemplate transactions,
            io.datasync.sync.connector.ConnectorRegistry connectors,
            Clock clock) {
        this.rules = rules;
        this.properties = properties;
        this.outbox = outbox;
        this.transactions = transactions;
        this.pools = ((io.datasync.sync.connector.jdbc.JdbcConnector) connectors.get("jdbc")).pools();
        this.clock = clock;
        this.maskKey = maskKey(properties.maskKey(), sync.internalToken());
    }

    /** The job's rule set, or a permanent failure saying how to get one. */
    public QualityRulesCache.Loaded ruleSet(QualitySpec quality) {
        return rules.current(quality.ruleSet())
                .orElseThrow(() -> new ConnectorException(
                        SyncErrorCode.QUALITY_RULES_INVALID,
                        "the job's quality rule set " + quality.ruleSet() + " does not exist: create it (POST"
                                + " /api/quality/rulesets) or change quality.ruleSet",
                        null));
    }

    /**
     * {@code transforms} followed by the job's gate for run {@code runId}, or {@code transforms} itself when the job's
     * quality mode is not {@code inline}.
     *
     * @param scope the run's checkpoint scope (shared by the attempts of a task, and by the runs of a stream): the
     *     quarantine ids derive from it
     */
    public Transform gated(ResolvedJob job, String runId, String scope, Transform transforms) {
        QualitySpec quality = job.definition().quality();
        if (quality.mode() != QualityMode.INLINE) {
            return transforms;
        }
        QualityRulesCache.Loaded loaded = ruleSet(quality);
        return new GatedTransform(
                transforms,
                loaded,
                settings(job, quality),
                quality.maxErrorRatio(),
                properties.ratioAfterRows(),
                scope,
                reporter(job, runId, loaded, null));
    }

    /**
     * A rule set compiled for rows of one schema, with the schema of the rows it accepts (less any {@code drop-field}
     * columns).
     */
    record Compiled(QualityGate gate, Schema output) {}

    /**
     * Compiles {@code rules} for rows of {@code schema}.
     *
     * @throws ConnectorException SYNC-050 naming every pointer of the rule set that does not fit the rows
     */
    static Compiled compile(QualityRulesCache.Loaded rules, Schema schema, QualityGate.Settings settings) {
        List<QualityColumn> columns = schema.columns().stream()
                .map(col -> new QualityColumn(col.name(), col.type().name()))
                .toList();
        QualityGate gate;
        try {
            gate = QualityGate.compile(rules.rules(), columns, settings);
        } catch (InvalidQualityRuleSetException e) {
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_RULES_INVALID,
                    "quality rule set " + rules.name() + " v" + rules.version() + " does not fit the job's rows "
                            + schema.names() + ": "
                            + e.errors().stream()
                                    .map(f -> f.pointer() + " " + f.message())
                                    .collect(Collectors.joining("; ")),
                    e);
        }
        List<String> kept =
                gate.outputColumns().stream().map(QualityColumn::name).toList();
        return new Compiled(
                gate,
                schema.withColumns(schema.columns().stream()
                        .filter(col -> kept.contains(col.name()))
                        .toList()));
    }

    /** The gate's settings for a job: its default severity, the mask key, and lookups in its target. */
    QualityGate.Settings settings(ResolvedJob job, QualitySpec quality) {
        return new QualityGate.Settings(severity(quality.onViolation()), maskKey, clock, lookup(job));
    }

    private Lookup lookup(ResolvedJob job) {
        JobDefinition definition = job.definition();
        if (definition.target().type() != TargetType.JDBC || definition.target().connection() == null) {
            return Lookup.NONE;
        }
        return new TargetLookup(
                pools,
                job.connection(definition.target().connection()).spec(),
                definition.target().table());
    }

    static Severity severity(ViolationPolicy policy) {
        return switch (policy) {
            case DROP -> Severity.DROP;
            case FAIL -> Severity.FAIL;
            case QUARANTINE -> Severity.QUARANTINE;
        };
    }

    /** Appends a chunk's results to the outbox, in parts. */
    GatedTransform.Reporter reporter(ResolvedJob job, String runId, QualityRulesCache.Loaded loaded, String replayId) {
        return (chunkId, tally, quarantined) -> {
            List<List<QuarantinedRow>> parts = parts(quarantined);
            transactions.executeWithoutResult(status -> {
                for (int i = 0; i < parts.size(); i++) {
                    outbox.append(new QualityEvent.ChunkChecked(
                            job.jobId(),
                            runId,
                            job.version(),
                            loaded.name(),
                            loaded.version(),
                            chunkId,
                            i,
                            parts.size(),
                            i == 0 ? tally : null,
                            parts.get(i),
                            replayId));
                }
            });
        };
    }

    /** At least one part (carrying the tally), each within the row and size limits. */
    List<List<QuarantinedRow>> parts(List<QuarantinedRow> rows) {
        List<List<QuarantinedRow>> parts = new ArrayList<>();
        List<QuarantinedRow> current = new ArrayList<>();
        long chars = 0;
        for (QuarantinedRow row : rows) {
            long size = size(row);
            if (!current.isEmpty()
                    && (current.size() >= properties.quarantineRowsPerEvent() || chars + size > PART_CHARS)) {
                parts.add(current);
                current = new ArrayList<>();
                chars = 0;
            }
            current.add(row);
            chars += size;
        }
        parts.add(current);
        return parts;
    }

    /** About how many characters a row takes in JSON. */
    static long size(QuarantinedRow row) {
        long size = 64;
        for (Map.Entry<String, Object> e : row.row().entrySet()) {
            size += e.getKey().length() + 8 + String.valueOf(e.getValue()).length() * 2L;
        }
        return size + row.violations().size() * 200L;
    }

    private static byte[] maskKey(String configured, String internalToken) {
        String secret = configured == null || configured.isEmpty() ? "datasync-mask:" + internalToken : configured;
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
