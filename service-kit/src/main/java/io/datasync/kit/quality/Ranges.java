package io.datasync.kit.quality;

import io.datasync.kit.quality.ValueChecks.ValueTest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Range checks compiled for their column's type: bounds converted once to the class of the column's values, and
 * integer columns compared as longs, so a row costs one or two comparisons.
 */
final class Ranges {

    private Ranges() {}

    /** The test of a range on a column of {@code type}, or null after recording why it does not fit the column. */
    static ValueTest compile(CheckKind.Range range, ColumnType type, String column, String at, Fields errors) {
        if (range.numeric()) {
            if (!type.numeric() && type != ColumnType.TEXT) {
                errors.add(at + "/range", "numeric bounds need a numeric or TEXT column; '" + column + "' is " + type);
                return null;
            }
            BigDecimal min = (BigDecimal) range.min();
            BigDecimal max = (BigDecimal) range.max();
            if (type.integral()) {
                return integralRange(range, min, max);
            }
            if (type == ColumnType.DOUBLE) {
                return bounded(range, min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue());
            }
            ValueTest decimalRange = bounded(range, min, max);
            if (type == ColumnType.DECIMAL) {
                return decimalRange;
            }
            return value -> {
                BigDecimal number = Values.decimal(value);
                return number == null ? Values.quote(value) + " is not a number" : decimalRange.problem(number);
            };
        }
        if (!type.pointInTime() && type != ColumnType.TIME) {
            errors.add(
                    at + "/range",
                    "date and time bounds need a DATE, TIME, TIMESTAMP or TIMESTAMPTZ column; '" + column + "' is "
                            + type);
            return null;
        }
        int before = errors.count();
        Object min = temporalBound(range.min(), type, at + "/range/min", errors);
        Object max = temporalBound(range.max(), type, at + "/range/max", errors);
        return errors.count() == before ? bounded(range, min, max) : null;
    }

    /** A date or time bound as a value of the column's class. */
    private static Object temporalBound(Object bound, ColumnType type, String at, Fields errors) {
        if (bound == null) {
            return null;
        }
        Object converted = switch (type) {
            case DATE -> bound instanceof LocalDate ? bound : null;
            case TIME -> bound instanceof LocalTime ? bound : null;
            case TIMESTAMP ->
                bound instanceof LocalDate date ? date.atStartOfDay() : bound instanceof LocalDateTime ? bound : null;
            // Without an offset, a bound of a TIMESTAMPTZ column is read in UTC.
            case TIMESTAMPTZ ->
                bound instanceof LocalDate date
                        ? date.atStartOfDay().atOffset(ZoneOffset.UTC)
                        : bound instanceof LocalDateTime local
                                ? local.atOffset(ZoneOffset.UTC)
                                : bound instanceof OffsetDateTime ? bound : null;
            default -> null;
        };
        if (converted == null) {
            errors.add(at, "'" + bound + "' does not fit a " + type + " column");
        }
        return converted;
    }

    /** A range over an INT or BIGINT column as whole numbers, so that a row costs two long comparisons. */
    private static ValueTest integralRange(CheckKind.Range range, BigDecimal min, BigDecimal max) {
        long low = Long.MIN_VALUE;
        long high = Long.MAX_VALUE;
        if (min != null) {
            BigDecimal lowest = range.minInclusive()
                    ? min.setScale(0, RoundingMode.CEILING)
                    : min.setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE);
            low = clamp(lowest);
        }
        if (max != null) {
            BigDecimal highest = range.maxInclusive()
                    ? max.setScale(0, RoundingMode.FLOOR)
                    : max.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE);
            high = clamp(highest);
        }
        long lo = low;
        long hi = high;
        ValueTest general = bounded(range, min, max);
        return value -> {
            if (value instanceof Integer || value instanceof Long) {
                long x = ((Number) value).longValue();
                return x >= lo && x <= hi ? null : general.problem(BigDecimal.valueOf(x));
            }
            BigDecimal number = Values.decimal(value);
            return number == null ? Values.quote(value) + " is not a number" : general.problem(number);
        };
    }

    private static long clamp(BigDecimal integer) {
        if (integer.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        if (integer.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        return integer.longValueExact();
    }

    /** A range over values that {@link Values#compare} orders, with the bounds of the column's class. */
    private static ValueTest bounded(CheckKind.Range range, Object min, Object max) {
        boolean minInclusive = range.minInclusive();
        boolean maxInclusive = range.maxInclusive();
        String minShown = min == null ? null : Values.text(range.min());
        String maxShown = max == null ? null : Values.text(range.max());
        return value -> {
            if (value instanceof Double d && d.isNaN()) {
                return "NaN is not a number";
            }
            if (min != null) {
                int c = Values.compare(value, min);
                if (c < 0 || (c == 0 && !minInclusive)) {
                    return Values.quote(value)
                            + (minInclusive ? " is below the minimum " : " is not above ")
                            + minShown;
                }
            }
            if (max != null) {
                int c = Values.compare(value, max);
                if (c > 0 || (c == 0 && !maxInclusive)) {
                    return Values.quote(value)
                            + (maxInclusive ? " is above the maximum " : " is not below ")
                            + maxShown;
                }
            }
            return null;
        };
    }
}
