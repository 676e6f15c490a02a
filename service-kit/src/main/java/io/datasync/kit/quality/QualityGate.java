package io.datasync.kit.quality;

import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.Severity;
import io.datasync.models.quality.Violation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A rule set compiled against the columns of the rows it checks: regular expressions, CEL rules, bounds and allowed
 * values are prepared once, and every column is bound to its position, so that checking a row reads fields by index
 * and allocates nothing unless the row is changed or breaks a check.
 *
 * <p>Lifecycle:
 *
 * <ol>
 *   <li>{@link #compile} once per rule set version and row shape; the gate is immutable and thread-safe.
 *   <li>{@link #newSession} once per run: the session holds what the checks remember across chunks (keys a dedupe has
 *       seen, values a {@code unique: run} check has seen, outlier statistics).
 *   <li>{@link Session#apply} on each chunk, from any number of threads at once (a run's splits); then
 *       {@link Session#total} for the run.
 * </ol>
 *
 * <p>How a chunk is applied: the cleansing steps run in order ({@code drop-row} and {@code dedupe} remove rows, which
 * later steps and the checks no longer see); then every check runs on every remaining row, with no short-cut, so each
 * check's count of violations is exact. A row's action is the worst severity among its violations: {@code warn} rows
 * are accepted, {@code drop}, {@code quarantine} and {@code fail} rows are rejected, and the first {@code fail} row of
 * the chunk is reported as its {@link Outcome#failure()}.
 *
 * <p>Replaying a quarantined row (fixed, in its pre-cleansing form, {@link Rejected#row()}) means applying it through
 * a fresh session of the same gate: it is cleansed and checked again, and no earlier run's keys count against it.
 */
public final class QualityGate {

    /**
     * What a gate needs from its caller.
     *
     * @param defaultSeverity the severity of checks that name none: the job's action on violations (quarantine when
     *     null)
     * @param maskKey the key of {@code hash} and {@code token} masks (HMAC-SHA256); may be null when no step uses them.
     *     Keep it secret and stable: changing it changes every mask
     * @param clock the time freshness is judged against, and the zone of timestamps without an offset (system UTC
     *     when null)
     * @param lookup the target database, for {@code reference} and {@code unique: target} checks
     *     ({@link Lookup#NONE} when null)
     */
    public record Settings(Severity defaultSeverity, byte[] maskKey, Clock clock, Lookup lookup) {
        public Settings {
            defaultSeverity = defaultSeverity == null ? Severity.QUARANTINE : defaultSeverity;
            maskKey = maskKey == null ? null : maskKey.clone();
            clock = clock == null ? Clock.systemUTC() : clock;
            lookup = lookup == null ? Lookup.NONE : lookup;
        }

        /** Quarantine by default, no mask key, the system clock in UTC, no target lookup. */
        public static Settings defaults() {
            return new Settings(null, null, null, null);
        }

        @Override
        public byte[] maskKey() {
            return maskKey == null ? null : maskKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Settings that
                    && defaultSeverity == that.defaultSeverity
                    && Arrays.equals(maskKey, that.maskKey)
                    && clock.equals(that.clock)
                    && lookup.equals(that.lookup);
        }

        @Override
        public int hashCode() {
            return Objects.hash(defaultSeverity, Arrays.hashCode(maskKey), clock, lookup);
        }

        @Override
        public String toString() {
            return "Settings[defaultSeverity=" + defaultSeverity + ", maskKey=" + (maskKey == null ? "none" : "set")
                    + ", clock=" + clock + ", lookup=" + lookup + "]";
        }
    }

    private final QualityRuleSet set;
    private final List<QualityColumn> outputColumns;
    private final int[] output;
    private final boolean projects;
    private final List<Supplier<Chunk.Step>> steps;
    private final List<Chunk.Tallied> tallied;
    private final Clock clock;

    private QualityGate(QualityRuleSet set, List<QualityColumn> columns, GateBuilder built, Clock clock) {
        this.set = set;
        this.output = built.output();
        this.outputColumns = Arrays.stream(output).mapToObj(columns::get).toList();
        this.projects = output.length != columns.size();
        this.steps = List.copyOf(built.steps);
        this.tallied = List.copyOf(built.tallied);
        this.clock = clock;
    }

    /**
     * Compiles a rule set for rows of {@code columns}.
     *
     * @throws InvalidQualityRuleSetException with every problem binding the set to the columns, each at the pointer
     *     of the rule set member concerned: {@code /checks/1/column} "no column 'x' in the rows (columns: a, b, c)",
     *     a step or check on a column of a type it does not fit (normalize on a DECIMAL, numeric range bounds on a
     *     DATE, a length on an INT), a default that does not convert to its column's type, hash masking without a key
     * @throws IllegalArgumentException when two columns have the same name
     */
    public static QualityGate compile(QualityRuleSet set, List<QualityColumn> columns, Settings settings) {
        Objects.requireNonNull(set, "set");
        Settings given = settings == null ? Settings.defaults() : settings;
        GateBuilder builder = new GateBuilder(set, columns, given);
        List<FieldError> errors = builder.build();
        if (!errors.isEmpty()) {
            throw new InvalidQualityRuleSetException(errors);
        }
        return new QualityGate(set, List.copyOf(columns), builder, given.clock());
    }

    public QualityRuleSet ruleSet() {
        return set;
    }

    /** The columns of accepted rows: the input's, less those a {@code drop-field} step leaves out. */
    public List<QualityColumn> outputColumns() {
        return outputColumns;
    }

    /** A session for one run (or one replay). */
    public Session newSession() {
        return new Session(steps.stream().map(Supplier::get).toList());
    }

    /** One run's use of the gate; {@link #apply} is thread-safe. */
    public final class Session {

        private final List<Chunk.Step> sessionSteps;
        private QualityTally total = QualityTally.EMPTY;

        private Session(List<Chunk.Step> sessionSteps) {
            this.sessionSteps = sessionSteps;
        }

        /**
         * Cleanses and checks one chunk. Never changes the given arrays: a row a step changes is copied first, and
         * accepted rows that nothing changed are the caller's own arrays (unless {@code drop-field} reshapes every
         * row).
         *
         * <p>If it throws (a {@link Lookup} failing), the keys the chunk added to the session are taken out again, so
         * the chunk can be applied again without its rows counting as their own duplicates.
         */
        public Outcome apply(List<Object[]> rows) {
            Chunk chunk = new Chunk(rows, tallied.size(), clock.instant());
            try {
                for (Chunk.Step step : sessionSteps) {
                    step.apply(chunk);
                }
            } catch (RuntimeException | Error e) {
                chunk.rollBack();
                throw e;
            }
            Outcome outcome = outcome(chunk);
            synchronized (this) {
                total = total.plus(outcome.tally());
            }
            return outcome;
        }

        /** Everything applied in this session so far, added up. */
        public synchronized QualityTally total() {
            return total;
        }
    }

    private Outcome outcome(Chunk chunk) {
        List<Object[]> accepted = new ArrayList<>(chunk.size);
        int[] inputRows = new int[chunk.size];
        List<Rejected> rejected = new ArrayList<>();
        Failure failure = null;
        long passed = 0;
        long warned = 0;
        long dropped = chunk.dropped();
        long quarantined = 0;
        long[] nulls = new long[output.length];
        for (int i = 0; i < chunk.size; i++) {
            if (!chunk.live(i)) {
                continue;
            }
            Object[] row = chunk.rows[i];
            for (int k = 0; k < output.length; k++) {
                if (row[output[k]] == null) {
                    nulls[k]++;
                }
            }
            Severity action = chunk.action(i);
            if (action == null || action == Severity.WARN) {
                if (action == null) {
                    passed++;
                } else {
                    warned++;
                }
                inputRows[accepted.size()] = i;
                accepted.add(projects ? project(row) : row);
                continue;
            }
            List<Violation> violations = chunk.violations(i);
            rejected.add(new Rejected(i, chunk.input(i), action, violations));
            if (action == Severity.QUARANTINE) {
                quarantined++;
            } else {
                dropped++;
            }
            if (action == Severity.FAIL && failure == null) {
                failure = new Failure(
                        i,
                        violations.stream()
                                .filter(v -> v.severity() == Severity.FAIL)
                                .findFirst()
                                .orElseThrow());
            }
        }
        Map<String, CheckTally> checks = new LinkedHashMap<>();
        for (int s = 0; s < tallied.size(); s++) {
            Chunk.Tallied t = tallied.get(s);
            checks.put(t.name(), new CheckTally(t.dimension(), t.severity(), chunk.evaluated[s], chunk.violated[s]));
        }
        Map<String, Long> nullCounts = new LinkedHashMap<>();
        for (int k = 0; k < output.length; k++) {
            nullCounts.put(outputColumns.get(k).name(), nulls[k]);
        }
        QualityTally tally = new QualityTally(
                chunk.size, passed, warned, dropped, quarantined, chunk.deduplicated(), checks, nullCounts);
        return new Outcome(accepted, Arrays.copyOf(inputRows, accepted.size()), rejected, tally, failure);
    }

    private Object[] project(Object[] row) {
        Object[] out = new Object[output.length];
        for (int k = 0; k < output.length; k++) {
            out[k] = row[output[k]];
        }
        return out;
    }

    /**
     * What the gate did with one chunk.
     *
     * @param accepted the rows to write, under {@link #outputColumns()}, cleansed: passed and warned rows, in input
     *     order
     * @param inputRows for each accepted row, the index of its input row (increasing)
     * @param rejected rows left out by a {@code drop}, {@code quarantine} or {@code fail} violation, each as given
     *     (before cleansing), in input order. Rows removed by cleansing ({@code drop-row}, {@code dedupe}) are in
     *     neither list
     * @param tally the chunk's counts: {@code rowsIn = rowsPassed + rowsWarned + rowsDropped + rowsQuarantined +
     *     rowsDeduplicated}, where {@code rowsDropped} counts {@code drop-row} rows, {@code drop} rows and
     *     {@code fail} rows; per check (outlier steps first, then the checks, in rule set order) the rows evaluated
     *     (non-null values, except for required and rule checks, which evaluate every row) and the violations; per
     *     output column the nulls among the rows that reached the checks
     * @param failure the first row with a {@code fail} violation and that violation, or null: the caller stops the
     *     run
     */
    public record Outcome(
            List<Object[]> accepted, int[] inputRows, List<Rejected> rejected, QualityTally tally, Failure failure) {
        public Outcome {
            accepted = List.copyOf(accepted);
            rejected = List.copyOf(rejected);
            if (inputRows.length != accepted.size()) {
                throw new IllegalArgumentException("one input row index per accepted row");
            }
        }
    }

    /**
     * A row the gate kept out of the target.
     *
     * @param row the input row exactly as given (not cleansed): what to quarantine and, once fixed, replay
     * @param action the worst severity among its violations: drop, quarantine or fail
     * @param violations every check it broke, in rule set order
     */
    public record Rejected(int inputRow, Object[] row, Severity action, List<Violation> violations) {
        public Rejected {
            violations = List.copyOf(violations);
        }
    }

    /** The violation that stops the run, and the input row that broke it. */
    public record Failure(int inputRow, Violation violation) {}
}
