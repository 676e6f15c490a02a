package io.datasync.quality;

import io.datasync.models.json.Json;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How quality-service writes its own JSON columns (tallies, rows, violations) and reads them back: the event codec's
 * conventions (enums by their wire names), lenient about fields a later version may add.
 */
public final class QualityJson {

    /** The mapper for stored JSON. */
    public static final JsonMapper MAPPER = Json.strictMapper()
            .rebuild()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a stored row's numeric(20,2) must come back exactly, not as the nearest double
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private QualityJson() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    /** A stored JSON column as a tree; null stays null. */
    public static JsonNode tree(String json) {
        return json == null ? null : MAPPER.readTree(json);
    }
}
