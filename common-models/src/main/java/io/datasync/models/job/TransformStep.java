package io.datasync.models.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transform, written as a single-key object: {@code - rename: { customer_name: name }}. The config's shape depends
 * on the kind and is validated by the transform's own option definition in sync-service.
 *
 * @param kind the transform's registered name, e.g. {@code rename}, {@code cast}, {@code derive}
 * @param config a map, a list or a scalar, as written
 */
public record TransformStep(String kind, Object config) {

    public TransformStep {
        Check.name(kind, "kind");
        config = immutable(config);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TransformStep fromObject(Map<String, Object> object) {
        if (object == null || object.size() != 1) {
            throw new IllegalArgumentException("a transform is an object with exactly one key, its kind (e.g. "
                    + "'rename'), but this one has " + (object == null ? 0 : object.size()) + " keys "
                    + (object == null ? "" : object.keySet()));
        }
        Map.Entry<String, Object> only = object.entrySet().iterator().next();
        return new TransformStep(only.getKey(), only.getValue());
    }

    @JsonValue
    public Map<String, Object> toObject() {
        return Collections.singletonMap(kind, config);
    }

    private static Object immutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, immutable(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return Collections.unmodifiableList(
                    list.stream().map(TransformStep::immutable).toList());
        }
        return value;
    }
}
