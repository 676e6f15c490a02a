package io.datasync.sync.quality;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.types.ConversionException;
import io.datasync.sync.types.Conversions;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows as quality-service keeps them (JSON values by column name) and back: numbers and booleans stay themselves, bytes
 * become base64 and every other value its ISO or plain text form, so a quarantined row reads the same in the API as in
 * the target, and a fixed row converts back to the column types of the job's rows.
 */
final class RowValues {

    private RowValues() {}

    /** The row by column name, in schema order. */
    static Map<String, Object> toJson(Schema schema, Object[] row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < schema.size() && i < row.length; i++) {
            values.put(schema.column(i).name(), json(row[i]));
        }
        return values;
    }

    /** The key columns by name; empty without keys. */
    static Map<String, Object> key(Schema schema, Object[] row) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String name : schema.keys()) {
            schema.indexOf(name).ifPresent(i -> key.put(name, json(row[i])));
        }
        return key;
    }

    static Object json(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value;
        }
        if (value instanceof BigDecimal || value instanceof Double) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return Conversions.text(value);
    }

    /**
     * A row from its JSON values, converted to the schema's column types; columns the map lacks are null.
     *
     * @throws IllegalArgumentException naming the column whose value does not convert, or a column the schema lacks
     */
    static Object[] fromJson(Schema schema, Map<String, Object> values) {
        for (String name : values.keySet()) {
            if (schema.indexOf(name).isEmpty()) {
                throw new IllegalArgumentException(
                        "column " + name + " is not a column of the job's rows " + schema.names());
            }
        }
        Object[] row = new Object[schema.size()];
        List<Column> columns = schema.columns();
        for (int i = 0; i < row.length; i++) {
            Column column = columns.get(i);
            Object value = values.get(column.name());
            try {
                row[i] = value instanceof String text && column.type() == DataType.BYTES
                        ? Base64.getDecoder().decode(text)
                        : Conversions.to(value, column);
            } catch (ConversionException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "column " + column.name() + ": " + Conversions.show(value) + " is not a " + column.type() + ": "
                                + e.getMessage(),
                        e);
            }
        }
        return row;
    }
}
