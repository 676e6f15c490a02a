package io.datasync.config.job;

import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.TransformStep;
import io.datasync.models.transform.TransformCatalog;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schema (draft 2020-12) of a job definition, generated from the {@code common-models} records so it cannot
 * drift from what the platform actually reads. Published at {@code /api/config/schema/job} and used to report every
 * structural problem of a definition at once.
 */
final class JobSchema {

    /** Fields a definition must give; the records' constructors enforce the same. */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "JobDefinition", Set.of("name", "source", "target"),
            "SourceSpec", Set.of("type"),
            "TargetSpec", Set.of("type", "connection", "table"),
            "IncrementalSpec", Set.of("mode"),
            "SplitSpec", Set.of("column"),
            "ScheduleSpec", Set.of("cron"));

    static final String DURATION_PATTERN = "^(-?\\d+\\s*(ms|s|m|h|d)|-?P.+)$";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectNode SCHEMA = build();

    private JobSchema() {}

    /** The schema; callers get a copy, so it cannot be changed under others. */
    static ObjectNode schema() {
        return SCHEMA.deepCopy();
    }

    static String json() {
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(SCHEMA);
    }

    private static ObjectNode build() {
        ObjectNode root = forRecord(JobDefinition.class);
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://datasync.dev/schemas/job.json");
        root.put("title", "DataSync job definition");
        return root;
    }

    private static ObjectNode forType(Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        ObjectNode node = NODES.objectNode();
        if (raw == String.class || raw == ZoneId.class) {
            node.put("type", "string");
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            node.put("type", "integer");
        } else if (raw == Double.class || raw == double.class) {
            node.put("type", "number");
        } else if (raw == Boolean.class || raw == boolean.class) {
            node.put("type", "boolean");
        } else if (raw == Duration.class) {
            node.put("type", "string").put("pattern", DURATION_PATTERN);
        } else if (raw.isEnum()) {
            ArrayNode values = node.put("type", "string").putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(constant.toString());
            }
        } else if (raw == TransformStep.class) {
            node.put("type", "object").put("minProperties", 1).put("maxProperties", 1);
            ArrayNode kinds = node.putObject("propertyNames").putArray("enum");
            TransformCatalog.kinds().keySet().forEach(kinds::add);
        } else if (Collection.class.isAssignableFrom(raw)) {
            node.put("type", "array");
            node.set("items", forType(((ParameterizedType) type).getActualTypeArguments()[0]));
        } else if (Map.class.isAssignableFrom(raw)) {
            node.put("type", "object");
        } else if (raw.isRecord()) {
            return forRecord(raw);
        }
        return node;
    }

    private static ObjectNode forRecord(Class<?> record) {
        ObjectNode node = NODES.objectNode();
        node.put("type", "object").put("additionalProperties", false);
        ObjectNode properties = node.putObject("properties");
        for (RecordComponent component : record.getRecordComponents()) {
            properties.set(component.getName(), forType(component.getGenericType()));
        }
        List<String> required = REQUIRED.getOrDefault(record.getSimpleName(), Set.of()).stream()
                .sorted()
                .toList();
        if (!required.isEmpty()) {
            ArrayNode list = node.putArray("required");
            required.forEach(list::add);
        }
        return node;
    }
}
