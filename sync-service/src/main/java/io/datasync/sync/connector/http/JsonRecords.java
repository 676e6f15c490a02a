package io.datasync.sync.connector.http;

import io.datasync.sync.connector.records.RecordColumns;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON side of the HTTP source: a response body's records array, and a record's raw values for
 * {@link RecordColumns}. Numbers with a fraction are read as {@link java.math.BigDecimal}, so a decimal column gets
 * exactly the digits the API sent.
 */
final class JsonRecords {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private JsonRecords() {}

    /** A response body as a JSON tree. */
    static JsonNode parse(byte[] body, String contentType, URI uri) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree != null && !tree.isMissingNode()) {
                return tree;
            }
            throw HttpErrors.notRecords(uri, "is empty, not JSON");
        } catch (JacksonException e) {
            String type = contentType == null ? "" : " (" + contentType + ")";
            throw HttpErrors.notRecords(
                    uri,
                    "is not JSON" + type + ": "
                            + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * The records at {@code pointer}: an array, or null for no records (some APIs send {@code null} for an empty
     * page).
     */
    static List<JsonNode> records(JsonNode body, String pointer, URI uri) {
        JsonNode node = body.at(pointer);
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            String at = pointer.isEmpty() ? "its body" : "recordsPointer " + pointer;
            String found = node.isMissingNode()
                    ? "nothing"
                    : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
            throw HttpErrors.notRecords(uri, "has no array of records at " + at + " but " + found);
        }
        List<JsonNode> records = new ArrayList<>(node.size());
        node.values().forEach(records::add);
        return records;
    }

    /**
     * A record's row.
     *
     * @throws IllegalArgumentException when the record is not an object or a value does not fit its column
     */
    static Object[] row(RecordColumns columns, JsonNode record) {
        if (!record.isObject()) {
            throw new IllegalArgumentException("a record must be a JSON object, not "
                    + record.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return columns.row(field -> value(field.startsWith("/") ? record.at(field) : record.get(field)));
    }

    /** Columns inferred from a page's records: their properties in order of first appearance, typed by value. */
    static RecordColumns infer(List<JsonNode> records, List<String> keys) {
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, Object>> samples = new ArrayList<>();
        for (JsonNode record : records) {
            if (record.isObject()) {
                Map<String, Object> sample = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> property : record.properties()) {
                    names.add(property.getKey());
                    sample.put(property.getKey(), value(property.getValue()));
                }
                samples.add(sample);
            }
        }
        if (names.isEmpty()) {
            names.addAll(keys); // nothing to learn from: the key columns alone, as text
        }
        return RecordColumns.infer(List.copyOf(names), samples, keys);
    }

    /** A JSON value as {@link RecordColumns} takes it: text, number, boolean, map or list; null when absent. */
    static Object value(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return MAPPER.treeToValue(node, Object.class);
    }
}
