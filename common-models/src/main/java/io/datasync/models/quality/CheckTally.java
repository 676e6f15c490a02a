package io.datasync.models.quality;

/**
 * How one check fared on some rows.
 *
 * @param evaluated rows the check looked at
 * @param violations rows that broke it (each row at most once per check)
 */
public record CheckTally(Dimension dimension, Severity severity, long evaluated, long violations) {
    public CheckTally {
        if (dimension == null || severity == null) {
            throw new IllegalArgumentException("a check tally needs a dimension and a severity");
        }
        if (evaluated < 0 || violations < 0 || violations > evaluated) {
            throw new IllegalArgumentException(
                    "a check tally needs 0 <= violations <= evaluated, was " + violations + " of " + evaluated);
        }
    }

    /** Both tallies' counts added; dimension and severity are this one's. */
    public CheckTally plus(CheckTally other) {
        return new CheckTally(dimension, severity, evaluated + other.evaluated, violations + other.violations);
    }
}
