package io.datasync.sync.types;

import io.datasync.sync.connector.spi.Column;

/**
 * Column types spelled like {@code cast} spells them ({@code bigint}, {@code decimal(12,2)}, {@code varchar(40)}…) and
 * the conversion of any value to a column's type, for connectors whose data carries no types of its own (CSV, JSON):
 * they convert exactly as {@code cast} does, so a file and a {@code cast} transform agree on every value.
 */
public final class ColumnTypes {

    private ColumnTypes() {}

    /**
     * A nullable column of the spelled type.
     *
     * @throws IllegalArgumentException when the type is not one {@code cast} knows or the name is not a safe column name
     */
    public static Column column(String name, String spelledType) {
        return CastType.parse(spelledType).applyTo(Column.of(name, io.datasync.sync.connector.spi.DataType.TEXT));
    }

    /**
     * {@code value} as the Java class of the column's type; null stays null.
     *
     * @throws IllegalArgumentException with the reason, e.g. {@code cannot convert 'abc' to bigint: not a whole number}
     */
    public static Object convert(Object value, Column column) {
        try {
            return Conversions.to(value, column);
        } catch (ConversionException e) {
            throw new IllegalArgumentException(
                    "cannot convert " + Conversions.show(value) + " to " + spelled(column) + ": " + e.getMessage());
        }
    }

    /** A column's type as {@code cast} spells it, e.g. {@code decimal(12,2)}. */
    public static String spelled(Column column) {
        String base = column.type().name().toLowerCase(java.util.Locale.ROOT);
        return switch (column.type()) {
            case DECIMAL ->
                column.precision() > 0 ? "decimal(" + column.precision() + "," + column.scale() + ")" : base;
            case TEXT -> column.precision() > 0 ? "varchar(" + column.precision() + ")" : base;
            case BYTES -> "bytea";
            default -> base;
        };
    }
}
