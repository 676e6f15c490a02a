package io.datasync.models.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the quality gate did with some rows (a chunk, or a whole run when tallies are added up).
 *
 * @param rowsIn rows that reached the gate
 * @param rowsPassed rows written without any violation
 * @param rowsWarned rows written with only {@code warn} violations
 * @param rowsDropped rows left out by a {@code drop} check or a {@code drop-row} null rule
 * @param rowsQuarantined rows left out and kept in the quarantine
 * @param rowsDeduplicated rows left out as duplicates by a dedupe rule (not violations)
 * @param checks per check name, in rule set order
 * @param nulls per column: rows whose value was null (after cleansing), for the null-ratio trend
 */
public record QualityTally(
        long rowsIn,
        long rowsPassed,
        long rowsWarned,
        long rowsDropped,
        long rowsQuarantined,
        long rowsDeduplicated,
        Map<String, CheckTally> checks,
        Map<String, Long> nulls) {

    public static final QualityTally EMPTY = new QualityTally(0, 0, 0, 0, 0, 0, Map.of(), Map.of());

    public QualityTally {
        if (rowsIn < 0
                || rowsPassed < 0
                || rowsWarned < 0
                || rowsDropped < 0
                || rowsQuarantined < 0
                || rowsDeduplicated < 0) {
            throw new IllegalArgumentException("row counts must not be negative");
        }
        checks = checks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        nulls = nulls == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(nulls));
    }

    /** Rows written to the target: passed and warned. */
    public long rowsAccepted() {
        return rowsPassed + rowsWarned;
    }

    /** Both tallies added up, check by check and column by column. */
    public QualityTally plus(QualityTally other) {
        Map<String, CheckTally> sumChecks = new LinkedHashMap<>(checks);
        other.checks.forEach((name, tally) -> sumChecks.merge(name, tally, CheckTally::plus));
        Map<String, Long> sumNulls = new LinkedHashMap<>(nulls);
        other.nulls.forEach((column, count) -> sumNulls.merge(column, count, Long::sum));
        return new QualityTally(
                rowsIn + other.rowsIn,
                rowsPassed + other.rowsPassed,
                rowsWarned + other.rowsWarned,
                rowsDropped + other.rowsDropped,
                rowsQuarantined + other.rowsQuarantined,
                rowsDeduplicated + other.rowsDeduplicated,
                sumChecks,
                sumNulls);
    }
}
