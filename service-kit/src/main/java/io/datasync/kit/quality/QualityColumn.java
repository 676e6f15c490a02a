package io.datasync.kit.quality;

import java.util.Arrays;
import java.util.Locale;

/**
 * A column of the rows a gate checks.
 *
 * @param type the sync engine's type name: BOOLEAN, INT, BIGINT, DECIMAL, DOUBLE, TEXT, DATE, TIME, TIMESTAMP,
 *     TIMESTAMPTZ, UUID, BYTES or JSON (any case; kept in upper case). Values are then Boolean, Integer, Long,
 *     BigDecimal, Double, String, LocalDate, LocalTime, LocalDateTime, OffsetDateTime, UUID, byte[] and String.
 */
public record QualityColumn(String name, String type) {
    public QualityColumn {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a column needs a name");
        }
        if (ColumnType.of(type) == null) {
            throw new IllegalArgumentException("column '" + name + "' has type '" + type + "', not one of "
                    + Arrays.toString(ColumnType.values()));
        }
        type = type.toUpperCase(Locale.ROOT);
    }

    ColumnType columnType() {
        return ColumnType.valueOf(type);
    }
}
