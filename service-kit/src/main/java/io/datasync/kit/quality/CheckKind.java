package io.datasync.kit.quality;

import io.datasync.kit.cel.CelExpressions;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.quality.Dimension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a check tests: one record per kind, each written in JSON under its {@link #key()}. The records hold parsed,
 * normalised values (numbers as {@link BigDecimal}, dates as {@code java.time}), so two rule sets that mean the same
 * are equal and {@link QualityRuleSets#toJson} writes one form of them.
 */
public sealed interface CheckKind
        permits CheckKind.Required,
                CheckKind.Type,
                CheckKind.Format,
                CheckKind.Range,
                CheckKind.Allowed,
                CheckKind.Length,
                CheckKind.Unique,
                CheckKind.Reference,
                CheckKind.Freshness,
                CheckKind.Rule {

    /** The kind's key in JSON, e.g. {@code range}. */
    String key();

    /** The dimension the check counts towards when it names none. */
    Dimension defaultDimension();

    /**
     * Whether a null value passes without being looked at. True for all kinds but {@code required} and {@code rule}:
     * a missing value is completeness's business, and counting it again as invalid would punish it twice.
     */
    default boolean passesNulls() {
        return true;
    }

    /** The value is present: not null, and not text that is blank once trimmed. */
    record Required() implements CheckKind {
        @Override
        public String key() {
            return "required";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.COMPLETENESS;
        }

        @Override
        public boolean passesNulls() {
            return false;
        }
    }

    /** The value is of a type: text parses as it, a non-text value must be of a compatible Java type. */
    record Type(TypeName type) implements CheckKind {
        public Type {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String key() {
            return "type";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.VALIDITY;
        }
    }

    /** The types a {@link Type} check can expect. */
    enum TypeName {
        INT,
        BIGINT,
        DECIMAL,
        DOUBLE,
        BOOLEAN,
        DATE,
        TIMESTAMP,
        UUID,
        JSON;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The value's text form has a format.
     *
     * @param pattern the regular expression (RE2 syntax, matching the whole text) for {@link FormatName#REGEX}, the
     *     {@link java.time.format.DateTimeFormatter} pattern for {@link FormatName#DATE}, else null
     */
    record Format(FormatName format, String pattern) implements CheckKind {

        /** Longest regular expression or date pattern accepted. */
        public static final int MAX_PATTERN_CHARS = 1000;

        public Format {
            Objects.requireNonNull(format, "format");
            boolean needsPattern = format == FormatName.REGEX || format == FormatName.DATE;
            if (needsPattern != (pattern != null)) {
                throw new IllegalArgumentException(
                        needsPattern ? format + " needs a pattern" : format + " takes no pattern");
            }
            if (pattern != null && (pattern.isEmpty() || pattern.length() > MAX_PATTERN_CHARS)) {
                throw new IllegalArgumentException("a pattern has 1 to " + MAX_PATTERN_CHARS + " characters");
            }
            // Refused here as well as by the parser, so that no gate is ever built on a pattern it cannot compile.
            if (format == FormatName.REGEX) {
                Formats.regex(pattern);
            } else if (format == FormatName.DATE) {
                Formats.datePattern(pattern);
            }
        }

        /** A built-in format: email, phone, url, uuid or json. */
        public static Format of(FormatName format) {
            return new Format(format, null);
        }

        public static Format regex(String pattern) {
            return new Format(FormatName.REGEX, pattern);
        }

        public static Format date(String pattern) {
            return new Format(FormatName.DATE, pattern);
        }

        @Override
        public String key() {
            return "format";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.VALIDITY;
        }
    }

    /** The formats of a {@link Format} check; {@code regex} and {@code date} carry a pattern. */
    enum FormatName {
        EMAIL,
        PHONE,
        URL,
        UUID,
        JSON,
        REGEX,
        DATE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The value lies within bounds. Bounds are both numbers ({@link BigDecimal}, for numeric columns and text that
     * holds numbers) or both points in time ({@link LocalDate}, {@link LocalDateTime}, {@link OffsetDateTime} or
     * {@link LocalTime}, for date and time columns); at least one is given.
     */
    record Range(Object min, Object max, boolean minInclusive, boolean maxInclusive) implements CheckKind {
        public Range {
            if (min == null && max == null) {
                throw new IllegalArgumentException("a range needs a min or a max");
            }
            if (!bound(min) || !bound(max)) {
                throw new IllegalArgumentException("range bounds are numbers or ISO dates, date-times or times");
            }
            if (min != null && max != null && (min instanceof BigDecimal) != (max instanceof BigDecimal)) {
                throw new IllegalArgumentException("range bounds are both numbers or both points in time");
            }
            if (min != null && max != null && min.getClass() == max.getClass() && Values.compare(min, max) > 0) {
                throw new IllegalArgumentException("min " + min + " is greater than max " + max);
            }
            min = min instanceof BigDecimal decimal ? Values.normalize(decimal) : min;
            max = max instanceof BigDecimal decimal ? Values.normalize(decimal) : max;
        }

        private static boolean bound(Object value) {
            return value == null
                    || value instanceof BigDecimal
                    || value instanceof LocalDate
                    || value instanceof LocalDateTime
                    || value instanceof OffsetDateTime
                    || value instanceof LocalTime;
        }

        /** Whether the bounds are numbers (else points in time). */
        public boolean numeric() {
            return (min != null ? min : max) instanceof BigDecimal;
        }

        @Override
        public String key() {
            return "range";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.VALIDITY;
        }
    }

    /**
     * The value is one of a list: text ({@link String}), numbers ({@link BigDecimal}) or booleans. Text columns
     * compare the text form, numeric columns compare numerically ({@code 1.50} is {@code 1.5}).
     */
    record Allowed(List<Object> values) implements CheckKind {

        public static final int MAX_VALUES = 1000;

        public Allowed {
            values = values.stream()
                    .map(value -> value instanceof BigDecimal decimal ? Values.normalize(decimal) : value)
                    .toList();
            if (values.isEmpty() || values.size() > MAX_VALUES) {
                throw new IllegalArgumentException("allowed needs 1 to " + MAX_VALUES + " values");
            }
            for (Object value : values) {
                if (!(value instanceof String || value instanceof BigDecimal || value instanceof Boolean)) {
                    throw new IllegalArgumentException("allowed values are text, numbers or booleans, not " + value);
                }
            }
        }

        @Override
        public String key() {
            return "allowed";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.VALIDITY;
        }
    }

    /** The text's length in code points (characters as a person counts them) is within bounds; null = unbounded. */
    record Length(Integer min, Integer max) implements CheckKind {
        public Length {
            if (min == null && max == null) {
                throw new IllegalArgumentException("a length needs a min or a max");
            }
            if ((min != null && min < 0) || (max != null && max < 0)) {
                throw new IllegalArgumentException("lengths are not negative");
            }
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("min " + min + " is greater than max " + max);
            }
        }

        @Override
        public String key() {
            return "length";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.VALIDITY;
        }
    }

    /** No two rows have the same value: within the run, or against what the target table holds already. */
    record Unique(Scope scope) implements CheckKind {
        public Unique {
            Objects.requireNonNull(scope, "scope");
        }

        @Override
        public String key() {
            return "unique";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.UNIQUENESS;
        }
    }

    /** Where a {@link Unique} check looks for an earlier value. */
    enum Scope {
        /** The rows of this run, every chunk; the first occurrence passes. */
        RUN,
        /** The job's target table as it is before this chunk is written. */
        TARGET;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The value exists in a column of another table of the target database (a foreign key the target lacks). */
    record Reference(String table, String column) implements CheckKind {
        public Reference {
            if (!SqlIdentifiers.isTable(table) || !SqlIdentifiers.isColumn(column)) {
                throw new IllegalArgumentException("a reference names a table and a column: " + SqlIdentifiers.rule());
            }
        }

        @Override
        public String key() {
            return "reference";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.CONSISTENCY;
        }
    }

    /** The date or timestamp is no older than {@code maxAge} before the gate's clock. */
    record Freshness(Duration maxAge) implements CheckKind {
        public Freshness {
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive");
            }
        }

        @Override
        public String key() {
            return "freshness";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.TIMELINESS;
        }
    }

    /**
     * A CEL condition over the row's columns ({@link io.datasync.kit.cel.CelExpressions}) that must be true. A row on
     * which it is false, fails, or gives anything but a boolean breaks it; nulls are the expression's to handle.
     */
    record Rule(String expression) implements CheckKind {
        public Rule {
            if (expression == null || expression.isBlank()) {
                throw new IllegalArgumentException("a rule needs an expression");
            }
            List<String> problems = CelExpressions.problems(expression);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("the rule does not compile: " + problems);
            }
        }

        @Override
        public String key() {
            return "rule";
        }

        @Override
        public Dimension defaultDimension() {
            return Dimension.CONSISTENCY;
        }

        @Override
        public boolean passesNulls() {
            return false;
        }
    }
}
