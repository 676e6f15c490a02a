package io.datasync.sync.connector.records;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.Schema;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A row as one JSON object, for the sinks that publish rows as messages (Kafka, MQTT, Redis streams): a property per
 * column in schema order; numbers as JSON numbers (decimals exactly, never through a double), dates and times as
 * ISO-8601 text, bytes as base64, {@code json} columns embedded as JSON, nulls as {@code null}. Not thread-safe; one
 * per writer thread.
 */
public final class RowJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final List<Column> columns;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

    public RowJson(Schema schema) {
        this.columns = schema.columns();
    }

    public byte[] encode(Object[] row) {
        buffer.reset();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), buffer)) {
            json.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                Column column = columns.get(i);
                json.writeName(column.name());
                write(json, column, row[i]);
            }
            json.writeEndObject();
        }
        return buffer.toByteArray();
    }

    private static void write(JsonGenerator json, Column column, Object value) {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (column.type()) {
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case INT -> json.writeNumber((Integer) value);
            case BIGINT -> json.writeNumber((Long) value);
            case DECIMAL -> json.writeNumber((BigDecimal) value);
            case DOUBLE -> {
                double d = (Double) value;
                if (Double.isFinite(d)) {
                    json.writeNumber(d);
                } else {
                    json.writeString(Double.toString(d));
                }
            }
            case BYTES -> json.writeString(Base64.getEncoder().encodeToString((byte[]) value));
            case JSON -> json.writeRawValue((String) value);
            default -> json.writeString(value.toString());
        }
    }
}
