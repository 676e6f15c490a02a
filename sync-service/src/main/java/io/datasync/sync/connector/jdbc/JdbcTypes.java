package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * Maps JDBC column types onto the SPI's {@link DataType}s, reads values as the Java classes those promise, and turns
 * key values into JSON-able position values and back.
 */
final class JdbcTypes {

    /** PostgreSQL's longest varchar; drivers report text/longtext with larger lengths, which mean "unbounded". */
    private static final int MAX_TEXT_LENGTH = 10_485_760;

    private JdbcTypes() {}

    /** Reads one column of the current row as its {@link DataType}'s Java class, or null. */
    @FunctionalInterface
    interface ValueReader {
        Object read(ResultSet rs, int index) throws SQLException;
    }

    /** A column with the way its values are read. */
    record Mapped(Column column, ValueReader reader) {}

    static Mapped map(ResultSetMetaData md, int index) throws SQLException {
        String name = md.getColumnLabel(index);
        int jdbcType = md.getColumnType(index);
        String typeName = String.valueOf(md.getColumnTypeName(index)).toLowerCase(Locale.ROOT);
        boolean nullable = md.isNullable(index) != ResultSetMetaData.columnNoNulls;
        int precision = md.getPrecision(index);
        int scale = md.getScale(index);
        boolean signed = md.isSigned(index);
        return switch (jdbcType) {
            case Types.BIT, Types.BOOLEAN ->
                precision > 1 && !typeName.startsWith("bool")
                        ? mapped(name, DataType.BYTES, nullable, JdbcTypes::bytes)
                        : mapped(name, DataType.BOOLEAN, nullable, JdbcTypes::bool);
            case Types.TINYINT, Types.SMALLINT -> mapped(name, DataType.INT, nullable, JdbcTypes::integer);
            case Types.INTEGER ->
                signed
                        ? mapped(name, DataType.INT, nullable, JdbcTypes::integer)
                        : mapped(name, DataType.BIGINT, nullable, JdbcTypes::bigint);
            case Types.BIGINT ->
                signed
                        ? mapped(name, DataType.BIGINT, nullable, JdbcTypes::bigint)
                        : new Mapped(new Column(name, DataType.DECIMAL, nullable, 20, 0), JdbcTypes::decimal);
            case Types.DECIMAL, Types.NUMERIC -> decimalColumn(name, nullable, precision, scale);
            case Types.REAL -> mapped(name, DataType.DOUBLE, nullable, JdbcTypes::real);
            case Types.FLOAT, Types.DOUBLE -> mapped(name, DataType.DOUBLE, nullable, JdbcTypes::doubleValue);
            case Types.CHAR,
                    Types.VARCHAR,
                    Types.LONGVARCHAR,
                    Types.NCHAR,
                    Types.NVARCHAR,
                    Types.LONGNVARCHAR,
                    Types.CLOB,
                    Types.NCLOB -> textColumn(name, typeName, nullable, precision);
            case Types.DATE -> mapped(name, DataType.DATE, nullable, (rs, i) -> rs.getObject(i, LocalDate.class));
            case Types.TIME ->
                typeName.equals("timetz")
                        ? mapped(name, DataType.TEXT, nullable, JdbcTypes::string)
                        : mapped(name, DataType.TIME, nullable, (rs, i) -> rs.getObject(i, LocalTime.class));
            case Types.TIME_WITH_TIMEZONE -> mapped(name, DataType.TEXT, nullable, JdbcTypes::string);
            case Types.TIMESTAMP ->
                typeName.equals("timestamptz")
                        ? mapped(name, DataType.TIMESTAMPTZ, nullable, JdbcTypes::offsetDateTime)
                        : mapped(name, DataType.TIMESTAMP, nullable, (rs, i) -> rs.getObject(i, LocalDateTime.class));
            case Types.TIMESTAMP_WITH_TIMEZONE ->
                mapped(name, DataType.TIMESTAMPTZ, nullable, JdbcTypes::offsetDateTime);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                mapped(name, DataType.BYTES, nullable, JdbcTypes::bytes);
            default -> byName(name, typeName, nullable);
        };
    }

    private static Mapped byName(String name, String typeName, boolean nullable) {
        if (typeName.equals("uuid")) {
            return mapped(name, DataType.UUID, nullable, JdbcTypes::uuid);
        }
        if (typeName.equals("json") || typeName.equals("jsonb")) {
            return mapped(name, DataType.JSON, nullable, JdbcTypes::string);
        }
        // intervals, arrays, network and geometric types…: their text form loses nothing a sink could use
        return mapped(name, DataType.TEXT, nullable, JdbcTypes::string);
    }

    private static Mapped decimalColumn(String name, boolean nullable, int precision, int scale) {
        // unconstrained NUMERIC reports precision 0 (or a driver-specific huge value) and possibly a negative scale
        boolean bounded = precision > 0 && precision <= 1000 && scale >= 0 && scale <= precision;
        return new Mapped(
                new Column(name, DataType.DECIMAL, nullable, bounded ? precision : 0, bounded ? scale : 0),
                JdbcTypes::decimal);
    }

    private static Mapped textColumn(String name, String typeName, boolean nullable, int length) {
        DataType type = typeName.equals("json") ? DataType.JSON : DataType.TEXT;
        int max = length > 0 && length <= MAX_TEXT_LENGTH ? length : 0;
        return new Mapped(new Column(name, type, nullable, max, 0), JdbcTypes::string);
    }

    private static Mapped mapped(String name, DataType type, boolean nullable, ValueReader reader) {
        return new Mapped(new Column(name, type, nullable, 0, 0), reader);
    }

    private static Object bool(ResultSet rs, int i) throws SQLException {
        boolean v = rs.getBoolean(i);
        return rs.wasNull() ? null : v;
    }

    private static Object integer(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Object bigint(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Object decimal(ResultSet rs, int i) throws SQLException {
        return rs.getBigDecimal(i);
    }

    /** Through the float's shortest decimal form: widening 0.1f directly would give 0.10000000149011612. */
    private static Object real(ResultSet rs, int i) throws SQLException {
        float v = rs.getFloat(i);
        return rs.wasNull() ? null : Double.valueOf(Float.toString(v));
    }

    private static Object doubleValue(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static Object string(ResultSet rs, int i) throws SQLException {
        return rs.getString(i);
    }

    private static Object bytes(ResultSet rs, int i) throws SQLException {
        return rs.getBytes(i);
    }

    private static Object offsetDateTime(ResultSet rs, int i) throws SQLException {
        return rs.getObject(i, OffsetDateTime.class);
    }

    private static Object uuid(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null || v instanceof UUID) {
            return v;
        }
        return UUID.fromString(v.toString());
    }

    /** A key or watermark value as it is stored in a position: numbers stay numbers, everything else is text. */
    static Object toJson(DataType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case INT, BIGINT, DOUBLE, BOOLEAN -> value;
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case BYTES -> Base64.getEncoder().encodeToString((byte[]) value);
            default -> value.toString();
        };
    }

    /**
     * The inverse of {@link #toJson}, also accepting what a JSON round trip makes of a value (an Integer for a small
     * Long, a Double for a decimal written as a number).
     *
     * @throws IllegalArgumentException when the value cannot be one of this type
     */
    static Object fromJson(DataType type, Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        try {
            return switch (type) {
                case BOOLEAN -> value instanceof Boolean b ? b : Boolean.parseBoolean(text);
                case INT -> value instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(text);
                case BIGINT -> value instanceof Number n ? n.longValue() : Long.parseLong(text);
                case DECIMAL -> new BigDecimal(text);
                case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
                case TEXT, JSON -> text;
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP -> LocalDateTime.parse(text);
                case TIMESTAMPTZ -> OffsetDateTime.parse(text);
                case UUID -> UUID.fromString(text);
                case BYTES -> Base64.getDecoder().decode(text);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + type + " value", e);
        }
    }

    /** A rough size for the bytes/s limit: text and binary by length, everything else as 8 or 16 bytes. */
    static long estimateBytes(Object value) {
        if (value == null) {
            return 1;
        }
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof byte[] b) {
            return b.length;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return 8;
        }
        return 16;
    }
}
