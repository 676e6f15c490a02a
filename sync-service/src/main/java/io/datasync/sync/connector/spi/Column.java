package io.datasync.sync.connector.spi;

import io.datasync.models.job.SqlIdentifiers;

/**
 * One column of a {@link Schema}.
 *
 * @param precision for DECIMAL the total digits, for TEXT the maximum length; 0 when unbounded or not applicable
 * @param scale for DECIMAL the digits after the point
 */
public record Column(String name, DataType type, boolean nullable, int precision, int scale) {

    public Column {
        if (!SqlIdentifiers.isColumn(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a safe column name: " + SqlIdentifiers.rule());
        }
        if (type == null) {
            throw new IllegalArgumentException("column " + name + " needs a type");
        }
        if (precision < 0 || scale < 0 || scale > Math.max(precision, 0) && precision > 0) {
            throw new IllegalArgumentException(
                    "column " + name + " has an invalid precision/scale " + precision + "/" + scale);
        }
    }

    public static Column of(String name, DataType type) {
        return new Column(name, type, true, 0, 0);
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, precision, scale);
    }

    public Column withType(DataType newType, int newPrecision, int newScale) {
        return new Column(name, newType, nullable, newPrecision, newScale);
    }
}
