package io.datasync.sync.connector.records;

import io.datasync.models.connector.RecordColumnsOptions;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.option.Options;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.types.ColumnTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The columns of a source whose records carry no types, declared once for every such connector as two options
 * ({@link RecordColumnsOptions}):
 *
 * <pre>
 * columns: [ {name: id, type: bigint}, {name: full_name, type: varchar(80), field: "Full Name"} ]
 * key: [id]
 * </pre>
 *
 * {@code type} is spelled like {@code cast} spells it and defaults to {@code text}; {@code field} is the record's field
 * (CSV header, JSON property) the value comes from and defaults to the name. Without {@code columns} a connector infers
 * them from the data ({@link #infer}). Values convert exactly as {@code cast} converts them; one that does not fit makes
 * its record a {@link io.datasync.sync.connector.spi.RejectedRecord}, not a failed run.
 *
 * @param columns the row's columns, in order
 * @param fields for each column, the record field it is read from
 * @param key the key columns; empty when the job names none
 */
public record RecordColumns(Schema schema, List<String> fields) {

    public RecordColumns {
        fields = List.copyOf(fields);
        if (fields.size() != schema.size()) {
            throw new IllegalArgumentException("one field per column is needed");
        }
    }

    /**
     * The declared columns ({@link RecordColumnsOptions#COLUMNS}, validated against their declaration), or empty when
     * the job declares none. Their keys are the job's keys among them: a source that adds columns of its own (a Kafka
     * record's offset) may let the job key on those, and checks them itself.
     */
    public static Optional<RecordColumns> declared(Options.Values values) {
        List<?> raw = values.get(RecordColumnsOptions.COLUMNS);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        List<Column> columns = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Object entry : raw) {
            Map<?, ?> map = (Map<?, ?>) entry;
            String name = (String) map.get(RecordColumnsOptions.NAME.name());
            columns.add(ColumnTypes.column(name, (String) map.get(RecordColumnsOptions.TYPE.name())));
            Object field = map.get(RecordColumnsOptions.FIELD.name());
            fields.add(field == null ? name : field.toString());
        }
        List<String> names = columns.stream().map(Column::name).toList();
        List<String> keys = keys(values).stream().filter(names::contains).toList();
        return Optional.of(new RecordColumns(new Schema(columns, keys), fields));
    }

    /** The key columns the job names ({@link RecordColumnsOptions#KEY}). */
    public static List<String> keys(Options.Values values) {
        List<String> keys = new ArrayList<>();
        List<?> raw = values.get(RecordColumnsOptions.KEY);
        if (raw != null) {
            raw.forEach(k -> keys.add(k.toString()));
        }
        return keys;
    }

    /**
     * Columns inferred from field names in order of first appearance and sample values: whole numbers are
     * {@code bigint}, other numbers {@code decimal}, booleans {@code boolean}, objects and arrays {@code json}, anything
     * else or a mix {@code text}. A field name that is not a safe column name becomes one (lower case, other characters
     * as {@code _}), still reading from its field.
     *
     * @throws IllegalArgumentException when a key is not among the fields
     */
    public static RecordColumns infer(List<String> fieldNames, List<Map<String, Object>> samples, List<String> keys) {
        Map<String, DataType> types = new LinkedHashMap<>();
        fieldNames.forEach(f -> types.put(f, null));
        for (Map<String, Object> sample : samples) {
            // not Map.merge: a null value (a type not yet known) is a valid entry here
            sample.forEach((field, value) -> types.put(field, wider(types.get(field), typeOf(value))));
        }
        List<Column> columns = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (var entry : types.entrySet()) {
            String name = columnName(entry.getKey());
            DataType type = entry.getValue() == null ? DataType.TEXT : entry.getValue();
            columns.add(Column.of(name, type));
            fields.add(entry.getKey());
        }
        List<String> keyColumns = keys.stream().map(RecordColumns::columnName).toList();
        for (String key : keyColumns) {
            if (columns.stream().noneMatch(c -> c.name().equals(key))) {
                throw new IllegalArgumentException(
                        "key '" + key + "' is not a field of the records, which have " + fieldNames(columns));
            }
        }
        return new RecordColumns(new Schema(columns, keyColumns), fields);
    }

    /**
     * A typed row from a record's raw values.
     *
     * @param valueOf the raw value of a field (text, number, boolean, map or list), null when absent
     * @throws IllegalArgumentException naming the column whose value does not fit
     */
    public Object[] row(Function<String, Object> valueOf) {
        Object[] row = new Object[fields.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = valueOf.apply(fields.get(i));
        }
        convert(row);
        return row;
    }

    /**
     * Converts raw values, indexed like the columns, into the columns' types in place; slots past the last column
     * (room a caller keeps for its own columns) are left alone. For decoders that collect the raw values themselves
     * instead of looking them up by field.
     *
     * @throws IllegalArgumentException naming the column whose value does not fit
     */
    public void convert(Object[] values) {
        for (int i = 0; i < fields.size(); i++) {
            Column column = schema.column(i);
            try {
                values[i] = ColumnTypes.convert(values[i], column);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column " + column.name() + ": " + e.getMessage());
            }
            if (values[i] == null && schema.keys().contains(column.name())) {
                throw new IllegalArgumentException("key column " + column.name() + " is empty");
            }
        }
    }

    private static DataType typeOf(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return DataType.BIGINT;
        }
        if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            return DataType.DECIMAL;
        }
        if (value instanceof Boolean) {
            return DataType.BOOLEAN;
        }
        if (value instanceof Map || value instanceof List) {
            return DataType.JSON;
        }
        return DataType.TEXT;
    }

    private static DataType wider(DataType a, DataType b) {
        if (a == null || a == b) {
            return b;
        }
        if (b == null) {
            return a;
        }
        boolean numbers =
                (a == DataType.BIGINT || a == DataType.DECIMAL) && (b == DataType.BIGINT || b == DataType.DECIMAL);
        return numbers ? DataType.DECIMAL : DataType.TEXT;
    }

    /** A field name as a safe column name: itself when it is one, else lower case with other characters as '_'. */
    static String columnName(String field) {
        if (SqlIdentifiers.isColumn(field)) {
            return field;
        }
        String name = field.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_$]", "_");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name = "_" + name;
        }
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static List<String> fieldNames(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }
}
