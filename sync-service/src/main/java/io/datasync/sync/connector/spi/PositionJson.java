package io.datasync.sync.connector.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Positions as stored JSON. Integers come back as {@code Long} whatever they were written as (decimals as
 * {@code Double}), so a position compares equal to itself after a round trip — which compare-and-set relies on.
 */
public final class PositionJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private PositionJson() {}

    public static String write(Position position) {
        return JSON.writeValueAsString(new LinkedHashMap<>(position.values()));
    }

    public static Position read(String json) {
        return new Position(JSON.readValue(json, MAP));
    }
}
