package io.datasync.sync.connector.push;

import io.datasync.models.connector.RecordColumnsOptions;
import io.datasync.models.job.JobDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The Kafka key of a pushed record: the values of the job's key fields, so every record of one key lands in one
 * partition and is applied in the order it was pushed. Pure.
 */
final class PushKeys {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private PushKeys() {}

    /**
     * The record fields that make a key: the source's {@code key} columns (read from their {@code field}), else the
     * target's {@code keys}; empty when the job has neither (records are then spread without order).
     */
    static List<String> fields(JobDefinition job) {
        Map<String, Object> options = job.source().options();
        Object key = options == null ? null : options.get(RecordColumnsOptions.KEY.name());
        if (key instanceof List<?> names && !names.isEmpty()) {
            Map<String, String> fieldOf = new HashMap<>();
            if (options.get(RecordColumnsOptions.COLUMNS.name()) instanceof List<?> columns) {
                for (Object column : columns) {
                    if (column instanceof Map<?, ?> c && c.get("name") instanceof String name) {
                        fieldOf.put(name, c.get("field") instanceof String f ? f : name);
                    }
                }
            }
            List<String> fields = new ArrayList<>();
            names.forEach(n -> fields.add(fieldOf.getOrDefault(String.valueOf(n), String.valueOf(n))));
            return List.copyOf(fields);
        }
        List<String> keys = job.target().keys();
        return keys == null ? List.of() : List.copyOf(keys);
    }

    /**
     * The key of one record (a JSON object, already validated): the top-level values of {@code fields} as text,
     * separated by a NUL; null when there are no key fields. A missing field counts as empty: such a record is still
     * accepted, and the run rejects it into the dead letters if its key column must not be null.
     */
    static byte[] of(byte[] record, List<String> fields) {
        if (fields.isEmpty()) {
            return null;
        }
        String[] values = new String[fields.size()];
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), record)) {
            parser.nextToken();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                int index = fields.indexOf(parser.currentName());
                JsonToken value = parser.nextToken();
                if (index >= 0 && value.isScalarValue()) {
                    values[index] = value == JsonToken.VALUE_NULL ? null : parser.getString();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("a pushed record was validated as JSON but does not parse", e);
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                key.append('\0');
            }
            key.append(values[i] == null ? "" : values[i]);
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }
}
