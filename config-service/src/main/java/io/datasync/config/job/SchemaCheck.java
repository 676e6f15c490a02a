package io.datasync.config.job;

import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks a document against the subset of JSON Schema that {@link JobSchema} generates (type, properties,
 * additionalProperties, required, enum, items, pattern, min/maxProperties, propertyNames) and reports every problem,
 * not just the first.
 */
final class SchemaCheck {

    private SchemaCheck() {}

    static List<FieldError> check(JsonNode schema, JsonNode document) {
        List<FieldError> errors = new ArrayList<>();
        check(schema, document, "", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String pointer, List<FieldError> errors) {
        String at = pointer.isEmpty() ? "/" : pointer;
        if (value == null || value.isNull()) {
            return; // absent or null: "required" is checked by the parent
        }
        String type = schema.path("type").asString("");
        if (!type.isEmpty() && !hasType(value, type)) {
            errors.add(new FieldError(at, "expected " + describe(type) + ", not " + describe(value)));
            return;
        }
        if (schema.has("enum") && !containsText(schema.get("enum"), value.asString())) {
            errors.add(new FieldError(at, "'" + value.asString() + "' is not one of " + list(schema.get("enum"))));
        }
        if (schema.has("pattern")
                && !Pattern.compile(schema.get("pattern").asString())
                        .matcher(value.asString())
                        .matches()) {
            errors.add(new FieldError(at, "'" + value.asString() + "' has the wrong format"));
        }
        if (value.isObject()) {
            checkObject(schema, value, pointer, at, errors);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), pointer + "/" + i, errors);
            }
        }
    }

    private static void checkObject(
            JsonNode schema, JsonNode value, String pointer, String at, List<FieldError> errors) {
        JsonNode properties = schema.path("properties");
        Set<String> seen = new HashSet<>();
        for (var entry : value.properties()) {
            String name = entry.getKey();
            seen.add(name);
            String child = pointer + "/" + Json.token(name);
            if (properties.has(name)) {
                check(properties.get(name), entry.getValue(), child, errors);
            } else if (schema.path("additionalProperties").isBoolean()
                    && !schema.get("additionalProperties").asBoolean()) {
                errors.add(new FieldError(child, "unknown field '" + name + "'; known fields: " + names(properties)));
            } else if (schema.has("propertyNames") && !containsText(schema.at("/propertyNames/enum"), name)) {
                errors.add(new FieldError(
                        at, "unknown kind '" + name + "'; known: " + list(schema.at("/propertyNames/enum"))));
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!seen.contains(required.asString())
                    || value.get(required.asString()).isNull()) {
                errors.add(new FieldError(pointer + "/" + required.asString(), "is required"));
            }
        }
        int size = value.size();
        if (schema.has("minProperties") && size < schema.get("minProperties").asInt()
                || schema.has("maxProperties")
                        && size > schema.get("maxProperties").asInt()) {
            errors.add(
                    new FieldError(at, "must have exactly one key, the transform's kind (e.g. rename), not " + size));
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String describe(String type) {
        return switch (type) {
            case "object" -> "an object";
            case "array" -> "a list";
            case "string" -> "text";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            default -> type;
        };
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isString() ? "'" + value.asString() + "'" : value.toString();
    }

    private static boolean containsText(JsonNode values, String text) {
        for (JsonNode v : values) {
            if (v.asString().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static String list(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asString()));
        return String.join(", ", out);
    }

    private static String names(JsonNode properties) {
        List<String> out = new ArrayList<>();
        properties.propertyNames().forEach(out::add);
        return String.join(", ", out);
    }
}
