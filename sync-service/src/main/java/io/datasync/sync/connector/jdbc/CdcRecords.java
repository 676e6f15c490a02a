package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.RowChanges;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns Debezium change records of one table into a micro-batch: upserted row images and deleted keys, folded per key
 * in commit order (the last change of a key wins; a value an update left out — an unchanged TOASTed column — is taken
 * from the key's earlier image in the batch, or else kept in the target), plus the offset to resume after the last
 * record. Pure: no I/O.
 */
final class CdcRecords {

    /** What Debezium sends for a TOASTed value an update did not change ({@code unavailable.value.placeholder}). */
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);

    private static final Object KEEP = new Object();

    private final Schema schema;
    private final String table;
    private final int[] keyIndexes;
    /** The column a delete sets instead of deleting (the schema's last, not in the source table); null for none. */
    private final String softDeleteColumn;

    /** @param table how messages name the table, e.g. {@code public.orders} */
    CdcRecords(Schema schema, String table) {
        this(schema, table, null);
    }

    /**
     * @param softDeleteColumn the schema's last column, which the source table does not have: null on every upserted
     *     row, and set to the commit time by a delete; null to delete rows
     */
    CdcRecords(Schema schema, String table, String softDeleteColumn) {
        if (schema.keys().isEmpty()) {
            throw new IllegalArgumentException("a change log needs the table's key");
        }
        this.schema = schema;
        this.table = table;
        this.softDeleteColumn = softDeleteColumn;
        this.keyIndexes = schema.keys().stream()
                .mapToInt(k -> schema.indexOf(k).orElseThrow())
                .toArray();
    }

    /** A decoded micro-batch. */
    record Decoded(
            List<Object[]> rows,
            RowChanges changes,
            List<RejectedRecord> rejected,
            Position position,
            long bytes,
            Instant firstEvent,
            Instant lastEvent,
            int dataRecords,
            boolean snapshotEnded) {}

    private static final class Entry {
        Object[] row; // null for a delete
        Set<String> unchanged;
        Object[] key;
        Instant at;
    }

    /**
     * @throws ConnectorException {@code SYNC-111} when a record's table has columns the job does not know or lacks one
     *     it reads
     */
    Decoded decode(List<SourceRecord> records) {
        Map<List<Object>, Entry> folded = new LinkedHashMap<>();
        List<RejectedRecord> rejected = new ArrayList<>(0);
        Instant first = null;
        Instant last = null;
        long bytes = 0;
        int data = 0;
        Map<String, ?> offset = Map.of();
        boolean snapshotEnded = false;
        for (SourceRecord record : records) {
            if (record.sourceOffset() != null) {
                offset = record.sourceOffset();
                snapshotEnded |= Boolean.TRUE.equals(offset.get("last_snapshot_record"));
            }
            if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
                continue; // heartbeats and tombstones only move the position
            }
            String op = value.getString("op");
            snapshotEnded |= "last".equals(snapshotMarker(value));
            Instant at = commitTime(value);
            if (first == null) {
                first = at;
            }
            last = at;
            data++;
            switch (op) {
                case "c", "u", "r" -> {
                    Struct after = value.getStruct("after");
                    Entry entry = new Entry();
                    entry.unchanged = new HashSet<>(0);
                    entry.row = row(after, entry.unchanged);
                    entry.key = key(entry.row);
                    entry.at = at;
                    bytes += estimate(entry.row);
                    Entry before = folded.remove(Arrays.asList(entry.key));
                    if (!entry.unchanged.isEmpty() && before != null && before.row != null) {
                        for (String column : List.copyOf(entry.unchanged)) {
                            int i = schema.indexOf(column).orElseThrow();
                            if (!before.unchanged.contains(column)) {
                                entry.row[i] = before.row[i];
                                entry.unchanged.remove(column);
                            }
                        }
                    }
                    folded.put(Arrays.asList(entry.key), entry);
                }
                case "d" -> {
                    Struct before = value.getStruct("before");
                    Entry entry = new Entry();
                    entry.key = deletedKey(before);
                    entry.at = at;
                    bytes += 16L * entry.key.length;
                    folded.remove(Arrays.asList(entry.key));
                    folded.put(Arrays.asList(entry.key), entry);
                }
                case "m" -> data--; // a logical decoding message (our heartbeat): it only moves the position
                default ->
                    rejected.add(new RejectedRecord(
                            String.valueOf(record.sourceOffset()),
                            "a change of kind '" + op + "' on " + table + " is not applied (only inserts, updates and"
                                    + " deletes are)",
                            value.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        List<Object[]> rows = new ArrayList<>(folded.size());
        List<Set<String>> unchanged = new ArrayList<>(folded.size());
        boolean anyUnchanged = false;
        List<Object[]> deletes = new ArrayList<>(0);
        List<Instant> deletedAt = new ArrayList<>(0);
        for (Entry entry : folded.values()) {
            if (entry.row == null) {
                deletes.add(entry.key);
                deletedAt.add(entry.at);
            } else {
                for (int i = 0; i < entry.row.length; i++) {
                    if (entry.row[i] == KEEP) {
                        entry.row[i] = null;
                    }
                }
                rows.add(entry.row);
                unchanged.add(entry.unchanged.isEmpty() ? null : Set.copyOf(entry.unchanged));
                anyUnchanged |= !entry.unchanged.isEmpty();
            }
        }
        RowChanges changes =
                new RowChanges(anyUnchanged ? unchanged : null, schema.keys(), deletes, deletedAt, softDeleteColumn);
        return new Decoded(rows, changes, rejected, position(offset), bytes, first, last, data, snapshotEnded);
    }

    /** The offset as a position: Debezium's offset map without its null values. */
    static Position position(Map<String, ?> offset) {
        Map<String, Object> values = new HashMap<>();
        offset.forEach((k, v) -> {
            if (v != null) {
                values.put(k, v);
            }
        });
        return new Position(values);
    }

    /** The record's {@code source.snapshot}: {@code first}, {@code true}, {@code last} … while snapshotting. */
    private static String snapshotMarker(Struct value) {
        Struct source = value.schema().field("source") == null ? null : value.getStruct("source");
        Object marker = source != null && source.schema().field("snapshot") != null ? source.get("snapshot") : null;
        return marker == null ? null : marker.toString();
    }

    private static Instant commitTime(Struct value) {
        Struct source = value.schema().field("source") == null ? null : value.getStruct("source");
        Object ts = source != null && source.schema().field("ts_ms") != null ? source.get("ts_ms") : null;
        if (ts == null && value.schema().field("ts_ms") != null) {
            ts = value.get("ts_ms");
        }
        return ts instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.now();
    }

    private Object[] row(Struct after, Set<String> unchanged) {
        List<Field> fields = after.schema().fields();
        Object[] row = new Object[schema.size()];
        int known = 0;
        for (Field field : fields) {
            var index = schema.indexOf(field.name());
            if (index.isEmpty() || field.name().equals(softDeleteColumn)) {
                throw schemaChanged("column " + field.name() + " was added to " + table
                        + "; the job reads " + schema.names() + ": add the column to the target table and"
                        + " start the job again; a new run reads the table's columns and resumes at this change");
            }
            known++;
            Column column = schema.column(index.getAsInt());
            Object value = after.get(field);
            if (unavailable(value)) {
                unchanged.add(column.name());
                row[index.getAsInt()] = KEEP;
            } else {
                row[index.getAsInt()] = value(column, field.schema().name(), value);
            }
        }
        if (known < schema.size() - (softDeleteColumn == null ? 0 : 1)) {
            List<String> missing = new ArrayList<>(schema.names());
            fields.forEach(f -> missing.remove(f.name()));
            missing.remove(softDeleteColumn);
            throw schemaChanged("column(s) " + missing + " of " + table + " were dropped or renamed; the job reads "
                    + "them: edit the job (and the target) to the table's new columns");
        }
        return row;
    }

    private Object[] key(Object[] row) {
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[keyIndexes[i]];
        }
        return key;
    }

    private Object[] deletedKey(Struct before) {
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < key.length; i++) {
            Column column = schema.column(keyIndexes[i]);
            Field field = before == null ? null : before.schema().field(column.name());
            if (field == null) {
                throw schemaChanged("a delete on " + table + " does not carry key column " + column.name()
                        + "; the table's key or replica identity changed");
            }
            key[i] = value(column, field.schema().name(), before.get(field));
        }
        return key;
    }

    private static boolean unavailable(Object value) {
        if (value instanceof String s) {
            return UNAVAILABLE.equals(s);
        }
        if (value instanceof byte[] b) {
            return Arrays.equals(b, UNAVAILABLE_BYTES);
        }
        if (value instanceof ByteBuffer b) {
            return b.remaining() == UNAVAILABLE_BYTES.length
                    && ByteBuffer.wrap(UNAVAILABLE_BYTES).equals(b);
        }
        if (value instanceof List<?> list) {
            return list.size() == 1 && unavailable(list.get(0));
        }
        return false;
    }

    /**
     * A Debezium value (with {@code decimal.handling.mode=string}, {@code time.precision.mode=adaptive_time_microseconds}
     * and {@code binary.handling.mode=bytes}) as the Java class of its column's type.
     *
     * @param logical the Connect schema name (e.g. {@code io.debezium.time.MicroTimestamp}), or null
     */
    Object value(Column column, String logical, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (column.type()) {
                case BOOLEAN -> (Boolean) value;
                case INT -> ((Number) value).intValue();
                case BIGINT -> ((Number) value).longValue();
                case DOUBLE -> ((Number) value).doubleValue();
                case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
                case TEXT, JSON -> value instanceof List<?> list ? list.toString() : value.toString();
                case UUID -> UUID.fromString(value.toString());
                case BYTES -> value instanceof ByteBuffer b ? bytes(b) : (byte[]) value;
                case DATE -> LocalDate.ofEpochDay(((Number) value).longValue());
                case TIME -> time(logical, ((Number) value).longValue());
                case TIMESTAMP -> timestamp(logical, ((Number) value).longValue());
                case TIMESTAMPTZ -> OffsetDateTime.parse(value.toString());
            };
        } catch (RuntimeException e) {
            throw schemaChanged("column " + column.name() + " of " + table + " now sends "
                    + value.getClass().getSimpleName()
                    + (logical == null ? "" : " (" + logical + ")") + " values, not " + column.type()
                    + ": its type changed; edit the job (and the target) to the new type");
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static LocalTime time(String logical, long v) {
        long nanos = switch (logical == null ? "" : logical) {
            case "io.debezium.time.NanoTime" -> v;
            case "io.debezium.time.Time", "org.apache.kafka.connect.data.Time" -> v * 1_000_000L;
            default -> v * 1_000L; // MicroTime
        };
        return LocalTime.ofNanoOfDay(nanos);
    }

    private static LocalDateTime timestamp(String logical, long v) {
        long micros = switch (logical == null ? "" : logical) {
            case "io.debezium.time.NanoTimestamp" -> Math.floorDiv(v, 1_000L);
            case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp" -> v * 1_000L;
            default -> v; // MicroTimestamp
        };
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }

    private static long estimate(Object[] row) {
        long size = 0;
        for (Object value : row) {
            size += JdbcTypes.estimateBytes(value);
        }
        return size;
    }

    private static ConnectorException schemaChanged(String message) {
        return new ConnectorException(SyncErrorCode.SCHEMA_CHANGED, message, null);
    }
}
