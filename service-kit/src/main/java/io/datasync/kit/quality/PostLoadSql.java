package io.datasync.kit.quality;

import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A rule set's checks pushed down as SQL on the target table (PostgreSQL), for checks after a load: each query counts
 * on the whole table what the gate would count on the rows, and returns one row of two bigints, {@code evaluated} and
 * {@code violations}.
 *
 * <p>Identifiers are validated ({@link SqlIdentifiers}) and double-quoted part by part; every value from the rule set
 * (bounds, allowed values, patterns, ages) is a bind parameter, never spliced into the text. Parameters are
 * {@link BigDecimal}, {@link Integer}, {@link String} or {@code java.time} values, for
 * {@code PreparedStatement.setObject}.
 *
 * <p>Where the SQL differs from the gate: {@code unique} counts every row whose value appears more than once (the
 * gate lets the first occurrence pass); regular expressions run as PostgreSQL's ({@code ~}, POSIX ARE), which agree
 * with RE2 on the common syntax; a freshness bound on a DATE column compares its midnight; and a check whose bounds do
 * not fit the column's type in the target (numeric bounds on a text column) fails with the database's error, which
 * the caller reports for that check alone.
 */
public final class PostLoadSql {

    private static final String ALIAS = "t";

    private PostLoadSql() {}

    /**
     * One check as SQL.
     *
     * @param severity the check's severity, or the default given (null when neither is)
     * @param parameters the values of the {@code ?} placeholders, in order
     */
    public record Query(String check, Dimension dimension, Severity severity, String sql, List<Object> parameters) {
        public Query {
            parameters = List.copyOf(parameters);
        }
    }

    /** A check or outlier step that cannot run as SQL, and why. */
    public record Skipped(String check, String reason) {}

    /** The queries of every check that can be pushed down, in rule set order; severities as the rule set gives. */
    public static List<Query> queries(QualityRuleSet set, String table) {
        return queries(set, table, null);
    }

    /**
     * The queries of every check that can be pushed down, in rule set order.
     *
     * @param table the target table, {@code table} or {@code schema.table}
     * @param defaultSeverity the severity of checks that name none (the job's), or null
     * @throws IllegalArgumentException when the table name is not a plain identifier
     */
    public static List<Query> queries(QualityRuleSet set, String table, Severity defaultSeverity) {
        String from = " FROM " + SqlIdentifiers.quotedTable(table) + " AS " + ALIAS;
        List<Query> queries = new ArrayList<>();
        for (CheckSpec check : set.checks()) {
            if (skipReason(check.kind()) != null) {
                continue;
            }
            String column = ALIAS + "." + SqlIdentifiers.quoted(check.column());
            List<Object> parameters = new ArrayList<>();
            String sql = sql(check.kind(), column, from, parameters);
            queries.add(new Query(check.name(), check.dimension(), check.severityOr(defaultSeverity), sql, parameters));
        }
        return queries;
    }

    /** The checks and outlier steps no query is made for, in rule set order, each with why. */
    public static List<Skipped> skipped(QualityRuleSet set) {
        List<Skipped> skipped = new ArrayList<>();
        for (CleansingStep step : set.cleansing()) {
            if (step instanceof CleansingStep.Outliers outliers) {
                skipped.add(new Skipped(
                        outliers.checkName(), "outliers are judged in the gate, against the values of the run"));
            }
        }
        for (CheckSpec check : set.checks()) {
            String reason = skipReason(check.kind());
            if (reason != null) {
                skipped.add(new Skipped(check.name(), reason));
            }
        }
        return skipped;
    }

    private static String skipReason(CheckKind kind) {
        if (kind instanceof CheckKind.Rule) {
            return "CEL rules run in the gate only";
        }
        if (kind instanceof CheckKind.Type) {
            return "in the target the column's own type decides what its values are; type checks run in the gate";
        }
        if (kind instanceof CheckKind.Format format) {
            return switch (format.format()) {
                case EMAIL, UUID, REGEX -> null;
                default -> "the " + format.format() + " format is checked in the gate only";
            };
        }
        return null;
    }

    private static String sql(CheckKind kind, String column, String from, List<Object> parameters) {
        if (kind instanceof CheckKind.Required) {
            return "SELECT count(*) AS evaluated, count(*) FILTER (WHERE " + column + " IS NULL OR " + column
                    + "::text ~ '^[[:space:]]*$') AS violations" + from;
        }
        if (kind instanceof CheckKind.Unique) {
            return "SELECT count(*) AS evaluated, count(*) FILTER (WHERE d.n > 1) AS violations FROM (SELECT count(*)"
                    + " OVER (PARTITION BY " + column + ") AS n" + from + " WHERE " + column + " IS NOT NULL) AS d";
        }
        if (kind instanceof CheckKind.Reference reference) {
            return "SELECT count(*) AS evaluated, count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "
                    + SqlIdentifiers.quotedTable(reference.table()) + " AS r WHERE r."
                    + SqlIdentifiers.quoted(reference.column()) + " = " + column
                    + ")) AS violations" + from + " WHERE " + column + " IS NOT NULL";
        }
        return "SELECT count(" + column + ") AS evaluated, count(*) FILTER (WHERE "
                + violation(kind, column, parameters) + ") AS violations" + from;
    }

    /** The condition a non-null value breaks, for the kinds that look at one value. */
    private static String violation(CheckKind kind, String column, List<Object> parameters) {
        if (kind instanceof CheckKind.Range range) {
            List<String> outside = new ArrayList<>();
            if (range.min() != null) {
                outside.add(column + (range.minInclusive() ? " < ?" : " <= ?"));
                parameters.add(range.min());
            }
            if (range.max() != null) {
                outside.add(column + (range.maxInclusive() ? " > ?" : " >= ?"));
                parameters.add(range.max());
            }
            return String.join(" OR ", outside);
        }
        if (kind instanceof CheckKind.Allowed allowed) {
            boolean numeric = allowed.values().stream().allMatch(BigDecimal.class::isInstance);
            allowed.values().forEach(value -> parameters.add(numeric ? value : Values.text(value)));
            String placeholders =
                    String.join(", ", Collections.nCopies(allowed.values().size(), "?"));
            return (numeric ? column : column + "::text") + " NOT IN (" + placeholders + ")";
        }
        if (kind instanceof CheckKind.Length length) {
            List<String> outside = new ArrayList<>();
            if (length.min() != null) {
                outside.add("char_length(" + column + "::text) < ?");
                parameters.add(length.min());
            }
            if (length.max() != null) {
                outside.add("char_length(" + column + "::text) > ?");
                parameters.add(length.max());
            }
            return String.join(" OR ", outside);
        }
        if (kind instanceof CheckKind.Format format) {
            parameters.add(
                    switch (format.format()) {
                        case EMAIL -> Formats.EMAIL_REGEX;
                        case UUID -> Formats.UUID_REGEX;
                        default -> "^(?:" + format.pattern() + ")$";
                    });
            return column + "::text !~ ?";
        }
        if (kind instanceof CheckKind.Freshness freshness) {
            parameters.add(seconds(freshness.maxAge()) + " seconds");
            return column + " < now() - CAST(? AS interval)";
        }
        throw new IllegalArgumentException(kind.key() + " has no SQL");
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
