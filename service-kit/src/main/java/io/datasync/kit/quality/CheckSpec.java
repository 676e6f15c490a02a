package io.datasync.kit.quality;

import io.datasync.models.job.Names;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import java.util.Objects;

/**
 * One check of a rule set.
 *
 * @param name unique in the rule set; violations and tallies carry it
 * @param column the column checked; null for a {@link CheckKind.Rule}, which reads columns by name
 * @param severity what happens to a row that breaks it; null leaves it to the job's default
 *     ({@link QualityGate.Settings#defaultSeverity()})
 * @param dimension the dimension it counts towards; the kind's default when not given
 * @param message optional words for operators, put before the reason of each violation
 */
public record CheckSpec(
        String name, String column, CheckKind kind, Severity severity, Dimension dimension, String message) {

    /** Longest message accepted. */
    public static final int MAX_MESSAGE_CHARS = 500;

    public CheckSpec {
        if (!Names.isSafe(name)) {
            throw new IllegalArgumentException("check name '" + name + "' must be " + Names.RULE);
        }
        Objects.requireNonNull(kind, "kind");
        if (kind instanceof CheckKind.Rule) {
            if (column != null) {
                throw new IllegalArgumentException("a rule check reads its columns by name and takes no column");
            }
        } else if (!SqlIdentifiers.isColumn(column)) {
            throw new IllegalArgumentException("check '" + name + "' needs a column: " + SqlIdentifiers.rule());
        }
        dimension = dimension == null ? kind.defaultDimension() : dimension;
        if (message != null && (message.isBlank() || message.length() > MAX_MESSAGE_CHARS)) {
            throw new IllegalArgumentException("a message has 1 to " + MAX_MESSAGE_CHARS + " characters");
        }
    }

    /** A check with the kind's dimension, the job's severity and no message. */
    public static CheckSpec of(String name, String column, CheckKind kind) {
        return new CheckSpec(name, column, kind, null, null, null);
    }

    /** The severity, or {@code defaultSeverity} when the rule set leaves it to the job. */
    public Severity severityOr(Severity defaultSeverity) {
        return severity != null ? severity : defaultSeverity;
    }
}
