package io.datasync.kit.quality;

import io.datasync.models.job.Names;
import io.datasync.models.job.SqlIdentifiers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One cleansing step of a rule set. Steps run in their order, before the checks, each on the rows as the steps before
 * it left them; each is written in JSON as an object with one {@link #key()} and an optional {@code name}.
 */
public sealed interface CleansingStep
        permits CleansingStep.Nulls,
                CleansingStep.Dedupe,
                CleansingStep.Normalize,
                CleansingStep.Mask,
                CleansingStep.Outliers {

    /** Optional ({@link Names#SAFE}), null when not given. */
    String name();

    /** The step's key in JSON, e.g. {@code dedupe}. */
    String key();

    private static void checkStepName(String name) {
        if (name != null && !Names.isSafe(name)) {
            throw new IllegalArgumentException("step name '" + name + "' must be " + Names.RULE);
        }
    }

    private static void checkColumn(String column) {
        if (!SqlIdentifiers.isColumn(column)) {
            throw new IllegalArgumentException("column '" + column + "' must be " + SqlIdentifiers.rule());
        }
    }

    private static String wire(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * What to do where a column is null.
     *
     * @param value for {@link NullAction#DEFAULT} the value put in its place, converted to the column's type when the
     *     gate is compiled: text, a {@link BigDecimal} or a boolean, or (for JSON columns only) a map or list; null
     *     for the other actions
     */
    record Nulls(String name, String column, NullAction action, Object value) implements CleansingStep {
        public Nulls {
            checkStepName(name);
            checkColumn(column);
            Objects.requireNonNull(action, "action");
            if ((action == NullAction.DEFAULT) != (value != null)) {
                throw new IllegalArgumentException("a value is given exactly for the default action");
            }
            if (!(value == null
                    || value instanceof String
                    || value instanceof BigDecimal
                    || value instanceof Boolean
                    || value instanceof Map<?, ?>
                    || value instanceof List<?>)) {
                throw new IllegalArgumentException("a default is text, a number, a boolean, an object or a list");
            }
            value = value instanceof BigDecimal decimal ? Values.normalize(decimal) : value;
        }

        @Override
        public String key() {
            return "nulls";
        }
    }

    enum NullAction {
        /** Put a value in place of the null. */
        DEFAULT,
        /** Leave the row out (counted as dropped, not as a violation). */
        DROP_ROW,
        /**
         * Leave the column out of the output rows altogether: rows have one shape, so a column cannot be left out of
         * some rows only. For a column known to be unusable; nothing after the step may use it.
         */
        DROP_FIELD;

        @Override
        public String toString() {
            return wire(this);
        }
    }

    /**
     * Leaves out rows whose key was seen before. Rows with a null in a key column are never duplicates: the target
     * would not match them either.
     *
     * @param by for {@link Keep#NEWEST}: the column whose greatest value wins; null otherwise
     */
    record Dedupe(String name, List<String> keys, Keep keep, String by) implements CleansingStep {

        public static final int MAX_KEYS = 32;

        public Dedupe {
            checkStepName(name);
            keys = List.copyOf(keys);
            if (keys.isEmpty() || keys.size() > MAX_KEYS) {
                throw new IllegalArgumentException("dedupe needs 1 to " + MAX_KEYS + " key columns");
            }
            keys.forEach(CleansingStep::checkColumn);
            if (keys.stream().distinct().count() != keys.size()) {
                throw new IllegalArgumentException("dedupe key columns are named once each");
            }
            Objects.requireNonNull(keep, "keep");
            if ((keep == Keep.NEWEST) != (by != null)) {
                throw new IllegalArgumentException("by is given exactly when keep is newest");
            }
            if (by != null) {
                checkColumn(by);
            }
        }

        @Override
        public String key() {
            return "dedupe";
        }
    }

    /** Which of the rows sharing a key a {@link Dedupe} keeps. */
    enum Keep {
        /** The first seen in the session (= run), in any chunk; later ones are left out. */
        FIRST,
        /**
         * The last within a chunk. Across chunks every later occurrence is let through, because the target's upsert
         * by key keeps the last one written anyway; holding rows back until the run ends is not possible in a stream.
         */
        LAST,
        /**
         * The one with the greatest {@code by} value within a chunk; across chunks a row is left out when its
         * {@code by} is older than the newest already let through for its key (a null {@code by} counts as older than
         * any value).
         */
        NEWEST;

        @Override
        public String toString() {
            return wire(this);
        }
    }

    /** Rewrites a text column's values. */
    record Normalize(String name, String column, NormalizeOp op) implements CleansingStep {
        public Normalize {
            checkStepName(name);
            checkColumn(column);
            Objects.requireNonNull(op, "op");
        }

        @Override
        public String key() {
            return "normalize";
        }
    }

    enum NormalizeOp {
        /** Leading and trailing white space removed (any Unicode white space). */
        TRIM,
        LOWER,
        UPPER,
        LOWER_TRIM,
        UPPER_TRIM,
        /** Runs of white space made one space, and the ends trimmed. */
        COLLAPSE_SPACES,
        /** Everything but the digits 0-9 removed. */
        DIGITS_ONLY;

        @Override
        public String toString() {
            return wire(this);
        }
    }

    /**
     * Hides a text column's values.
     *
     * @param keep for {@link MaskMethod#PARTIAL}: how many trailing characters stay readable (default 4); null for
     *     the other methods
     */
    record Mask(String name, String column, MaskMethod method, Integer keep) implements CleansingStep {

        public static final int DEFAULT_KEEP = 4;
        public static final int MAX_KEEP = 1000;

        public Mask {
            checkStepName(name);
            checkColumn(column);
            Objects.requireNonNull(method, "method");
            if (method == MaskMethod.PARTIAL) {
                keep = keep == null ? DEFAULT_KEEP : keep;
                if (keep < 0 || keep > MAX_KEEP) {
                    throw new IllegalArgumentException("keep is 0 to " + MAX_KEEP);
                }
            } else if (keep != null) {
                throw new IllegalArgumentException("keep applies to partial masking only");
            }
        }

        @Override
        public String key() {
            return "mask";
        }
    }

    enum MaskMethod {
        /** The hex HMAC-SHA256 of the value under the gate's mask key: a salted hash, the same for the same value. */
        HASH,
        /** All but the last {@code keep} characters replaced by {@code *}; a value no longer than that is all stars. */
        PARTIAL,
        /** {@code tok_} and 20 base32 characters of a keyed hash: a short, deterministic stand-in. */
        TOKEN;

        @Override
        public String toString() {
            return wire(this);
        }
    }

    /**
     * Flags rows whose value in a numeric column is an outlier among the run's values: such rows are quarantined with
     * a violation of {@link #checkName()} (dimension accuracy). The step changes no value and removes no row.
     *
     * @param threshold the z-score, or the multiple of the interquartile range, beyond which a value is an outlier
     */
    record Outliers(String name, String column, OutlierMethod method, double threshold) implements CleansingStep {

        public static final double MAX_THRESHOLD = 1000;

        public Outliers {
            checkStepName(name);
            checkColumn(column);
            Objects.requireNonNull(method, "method");
            if (!(threshold > 0 && threshold <= MAX_THRESHOLD)) {
                throw new IllegalArgumentException("threshold must be above 0 and at most " + MAX_THRESHOLD);
            }
        }

        /** A step with the method's default threshold. */
        public static Outliers of(String name, String column, OutlierMethod method) {
            return new Outliers(name, column, method, method.defaultThreshold());
        }

        /** The name its violations and tally carry: the step's name, else {@code outliers:<column>}. */
        public String checkName() {
            return name != null ? name : "outliers:" + column;
        }

        @Override
        public String key() {
            return "outliers";
        }
    }

    enum OutlierMethod {
        /** Further than {@code threshold} standard deviations from the run's running mean. */
        ZSCORE(3.0),
        /** Further than {@code threshold} interquartile ranges below the first or above the third quartile. */
        IQR(1.5);

        private final double defaultThreshold;

        OutlierMethod(double defaultThreshold) {
            this.defaultThreshold = defaultThreshold;
        }

        public double defaultThreshold() {
            return defaultThreshold;
        }

        @Override
        public String toString() {
            return wire(this);
        }
    }
}
