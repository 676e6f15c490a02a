package io.datasync.sync.quality;

import io.datasync.kit.quality.QualityGate;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.QuarantinedRow;
import io.datasync.models.quality.Severity;
import io.datasync.models.quality.Violation;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.transform.spi.Transform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job's transforms followed by its quality gate ({@code quality.mode: inline}): each chunk is transformed, then
 * cleansed and checked by the job's rule set, compiled once per schema of the transformed rows, with one session per
 * run (so {@code unique} and {@code dedupe} see the whole run). Accepted rows go on to the sink in the chunk's
 * transaction as before; rows a check drops or quarantines leave the chunk (they are not transform errors, so they
 * neither reach the dead letters nor count against {@code limits}).
 *
 * <p>Before the chunk is written, its tally and quarantined rows are recorded (outbox, to quality-service) under ids
 * derived from the run, the chunk and the row's place in it, so a chunk handled again after a crash quarantines each
 * row once. A {@code fail} check stops the run (SYNC-051), and so does a share of bad rows above {@code
 * maxErrorRatio} (SYNC-052), once {@code ratioAfterRows} rows were seen.
 */
final class GatedTransform implements Transform {

    /** Where a chunk's results go: appended to the outbox before the chunk is written. */
    interface Reporter {
        void checked(String chunkId, QualityTally tally, List<QuarantinedRow> quarantined);
    }

    private record Compiled(QualityGate gate, QualityGate.Session session, Schema output) {}

    private final Transform transforms;
    private final QualityRulesCache.Loaded rules;
    private final QualityGate.Settings settings;
    private final double maxErrorRatio;
    private final long ratioAfterRows;
    /** Whose chunks these are: the run's checkpoint scope, which a retry attempt or the next stream run shares. */
    private final String scope;

    private final Reporter reporter;
    private final Map<Schema, Compiled> compiled = new ConcurrentHashMap<>();

    /** Clean chunks are reported together, at most this many per report… */
    static final int CLEAN_CHUNKS_PER_REPORT = 50;

    /** …and at least this often. */
    static final long CLEAN_REPORT_NANOS = 5_000_000_000L;

    /**
     * The largest row quarantined, in {@link QualityGates#size} units (about twice the characters of its values: 64 K
     * characters of values); an event holds at most 256 K characters.
     */
    static final long MAX_QUARANTINED_ROW_CHARS = 128 * 1024;

    /**
     * The last two chunks each split (or the stream, which reads one batch ahead) applied, to answer a retry of them
     * with the same outcome.
     */
    private record Applied(String chunkId, int size, QualityGate.Outcome outcome) {}

    private final Map<String, List<Applied>> recent = new ConcurrentHashMap<>();

    private final Object pendingLock = new Object();
    private QualityTally pending = QualityTally.EMPTY;
    private String pendingLast;
    private int pendingChunks;
    private long pendingSince;

    GatedTransform(
            Transform transforms,
            QualityRulesCache.Loaded rules,
            QualityGate.Settings settings,
            double maxErrorRatio,
            long ratioAfterRows,
            String scope,
            Reporter reporter) {
        this.transforms = transforms;
        this.rules = rules;
        this.settings = settings;
        this.maxErrorRatio = maxErrorRatio;
        this.ratioAfterRows = ratioAfterRows;
        this.scope = scope;
        this.reporter = reporter;
    }

    @Override
    public Schema outputSchema(Schema input) {
        return compiled(transforms.outputSchema(input)).output();
    }

    @Override
    public Result apply(Chunk chunk) {
        return apply(chunk, chunk.position().toString());
    }

    @Override
    public Result apply(Chunk chunk, String chunkName) {
        Result transformed = transforms.apply(chunk, chunkName);
        String chunkId = digest(chunkName);
        Chunk rows = transformed.chunk();
        Compiled c = compiled(rows.schema());
        if (rows.isEmpty()) {
            return new Result(rows.with(c.output(), List.of()), transformed.errors(), new int[0]);
        }
        String group = group(chunkName);
        for (Applied earlier : recent.getOrDefault(group, List.of())) {
            if (earlier.chunkId().equals(chunkId) && earlier.size() == rows.size()) {
                // the same chunk again (its write failed and the split or stream was read again from its position):
                // the session holds its keys already, so running it again would take its rows for their own duplicates
                return composed(transformed, c, earlier.outcome());
            }
        }
        QualityGate.Outcome outcome;
        try {
            outcome = c.session().apply(rows.rows());
        } catch (io.datasync.kit.quality.QualityLimitException e) {
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_LIMIT, "quality rule set " + rules.name() + ": " + e.getMessage(), e);
        }
        if (outcome.failure() != null) {
            // the chunk is not written and comes again with the next attempt: its rows are counted, not quarantined
            report(chunkId, outcome.tally(), List.of());
            Violation v = outcome.failure().violation();
            Object[] row = rows.rows().get(outcome.failure().inputRow());
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_CHECK_FAILED,
                    "quality check " + v.check() + " (severity fail) refused a row"
                            + describeKey(RowValues.key(rows.schema(), row)) + ": " + v.reason()
                            + "; fix the source data or lower the check's severity in rule set " + rules.name(),
                    null);
        }
        String exceeded = ratioExceeded(c.session().total(), false);
        if (exceeded != null) {
            report(chunkId, outcome.tally(), List.of());
            throw new ConnectorException(SyncErrorCode.QUALITY_RATIO_EXCEEDED, exceeded, null);
        }
        List<QuarantinedRow> quarantined = new ArrayList<>();
        for (QualityGate.Rejected rejected : outcome.rejected()) {
            if (rejected.action() == Severity.QUARANTINE) {
                int original = transformed.inputRow(rejected.inputRow());
                QuarantinedRow row = new QuarantinedRow(
                        rowId(chunkId, original),
                        RowValues.key(rows.schema(), rejected.row()),
                        RowValues.toJson(rows.schema(), rejected.row()),
                        rejected.violations());
                checkSize(row);
                quarantined.add(row);
            }
        }
        report(chunkId, outcome.tally(), quarantined);
        Applied applied = new Applied(chunkId, rows.size(), outcome);
        recent.compute(
                group,
                (g, last) -> last == null || last.isEmpty()
                        ? List.of(applied)
                        : List.of(last.get(last.size() - 1), applied));
        return composed(transformed, c, outcome);
    }

    /** The gate's outcome as the result of the whole step, with input rows of the transforms' input. */
    private static Result composed(Result transformed, Compiled c, QualityGate.Outcome outcome) {
        int[] inputRows = new int[outcome.inputRows().length];
        for (int i = 0; i < inputRows.length; i++) {
            inputRows[i] = transformed.inputRow(outcome.inputRows()[i]);
        }
        return new Result(transformed.chunk().with(c.output(), outcome.accepted()), transformed.errors(), inputRows);
    }

    /**
     * Who may read a chunk again: a batch run's split ({@code <split>@<position>}), or the stream. The engine reads a
     * split again only from its last committed chunk, so the last chunk of each is all a retry can repeat.
     */
    private static String group(String chunkName) {
        int at = chunkName.indexOf('@');
        return at < 0 ? "" : chunkName.substring(0, at);
    }

    /** A quarantined row too large for an event would stop every run at it: say so, naming the row, at once. */
    private void checkSize(QuarantinedRow row) {
        long chars = QualityGates.size(row);
        if (chars > MAX_QUARANTINED_ROW_CHARS) {
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_LIMIT,
                    "a row to quarantine" + describeKey(row.key()) + " holds about " + chars + " characters, more than"
                            + " the quarantine keeps (" + MAX_QUARANTINED_ROW_CHARS + "); it broke "
                            + row.violations().stream().map(Violation::check).toList()
                            + ": fix it at the source, or make those checks drop such rows instead of quarantining",
                    null);
        }
    }

    /**
     * Reports a chunk's results. A chunk with a violation (or a duplicate left out) is reported at once, before it is
     * written, under its own id, together with the clean chunks not reported yet: a chunk handled again after a crash
     * reports under the same id, and quality-service keeps the first. Clean chunks (every row passed) are only added
     * up, and reported every {@link #CLEAN_CHUNKS_PER_REPORT} chunks or {@link #CLEAN_REPORT_NANOS} and at the run's end,
     * under the id of the last clean chunk added: one event per chunk made the gate cost a quarter of a batch run's
     * throughput (bench/batch-vs-copy.sh). A crash can lose the counts of the clean rows not reported yet, never a
     * violation or a quarantined row.
     */
    private void report(String chunkId, QualityTally tally, List<QuarantinedRow> quarantined) {
        boolean clean = quarantined.isEmpty() && tally.rowsPassed() == tally.rowsIn();
        QualityTally flush = null;
        String flushId = null;
        synchronized (pendingLock) {
            if (!clean) {
                flush = pending.plus(tally);
                flushId = chunkId;
                pending = QualityTally.EMPTY;
                pendingChunks = 0;
            } else {
                if (pendingChunks > 0
                        && (pendingChunks >= CLEAN_CHUNKS_PER_REPORT
                                || System.nanoTime() - pendingSince >= CLEAN_REPORT_NANOS)) {
                    flush = pending;
                    flushId = pendingLast;
                    pending = QualityTally.EMPTY;
                    pendingChunks = 0;
                }
                if (pendingChunks == 0) {
                    pendingSince = System.nanoTime();
                }
                pending = pending.plus(tally);
                pendingLast = chunkId;
                pendingChunks++;
            }
        }
        if (flush != null) {
            reporter.checked(flushId, flush, clean ? List.of() : quarantined);
        }
    }

    /** Reports the clean chunks not reported yet. */
    private void flushPending() {
        QualityTally flush;
        String flushId;
        synchronized (pendingLock) {
            if (pendingChunks == 0) {
                return;
            }
            flush = pending;
            flushId = pendingLast;
            pending = QualityTally.EMPTY;
            pendingChunks = 0;
        }
        reporter.checked(flushId, flush, List.of());
    }

    /**
     * Reports what is pending, then holds a run that read fewer rows than {@code ratioAfterRows} to {@code
     * maxErrorRatio} at its end.
     */
    @Override
    public void finish() {
        flushPending();
        transforms.finish();
        QualityTally total = QualityTally.EMPTY;
        for (Compiled c : compiled.values()) {
            total = total.plus(c.session().total());
        }
        checkRatio(total, true);
    }

    private void checkRatio(QualityTally total, boolean finished) {
        String exceeded = ratioExceeded(total, finished);
        if (exceeded != null) {
            throw new ConnectorException(SyncErrorCode.QUALITY_RATIO_EXCEEDED, exceeded, null);
        }
    }

    /** Why the run must stop for its share of bad rows, or null. */
    private String ratioExceeded(QualityTally total, boolean finished) {
        long bad = total.rowsDropped() + total.rowsQuarantined();
        if ((finished || total.rowsIn() >= ratioAfterRows) && bad > maxErrorRatio * total.rowsIn()) {
            return String.format(
                    "%d of %d rows (%.2f%%) broke quality checks of rule set %s, more than quality.maxErrorRatio"
                            + " %s allows: %d dropped, %d quarantined (GET /api/quality/quarantine?job=…)",
                    bad,
                    total.rowsIn(),
                    100.0 * bad / total.rowsIn(),
                    rules.name(),
                    maxErrorRatio,
                    total.rowsDropped(),
                    total.rowsQuarantined());
        }
        return null;
    }

    private Compiled compiled(Schema schema) {
        return compiled.computeIfAbsent(schema, s -> {
            QualityGates.Compiled gate = QualityGates.compile(rules, s, settings);
            return new Compiled(gate.gate(), gate.gate().newSession(), gate.output());
        });
    }

    /**
     * The quarantine id of a chunk's row: the same chunk and row of the same checkpoint scope give the same id, so a
     * chunk read again — after a crash, by the scheduler's next attempt (a new run resuming the task's checkpoints),
     * or by the next run of a stream — quarantines each row once.
     */
    private String rowId(String chunkId, int row) {
        return digest(scope + '\n' + chunkId + '\n' + row);
    }

    /** 32 hex digits of the text's SHA-256. */
    static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describeKey(Map<String, Object> key) {
        return key.isEmpty() ? "" : " with key " + key;
    }
}
