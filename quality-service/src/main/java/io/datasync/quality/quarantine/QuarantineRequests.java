package io.datasync.quality.quarantine;

import io.datasync.kit.web.ApiException;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the quarantine's request bodies, reporting every problem at once with JSON pointers: a fix ({@code {"row":
 * {column: value}}}), a replay ({@code {"job", "ids"}}) and a discard ({@code {"job", "ids"}}).
 */
final class QuarantineRequests {

    /** Most ids one request may name. */
    static final int MAX_IDS = 10_000;

    /** A replay of some rows of a job; {@code ids} null for all its fixed rows. */
    record ReplayRequest(String job, List<String> ids) {}

    /** Rows of a job to give up on. */
    record DiscardRequest(String job, List<String> ids) {}

    private QuarantineRequests() {}

    /**
     * The columns a fix sets, checked against the row's columns: only existing columns, only JSON scalars.
     *
     * @param columns the quarantined row's columns
     */
    static Map<String, JsonNode> fix(JsonNode body, Set<String> columns) {
        return fix(body, columns, Set.of());
    }

    /**
     * As {@link #fix(JsonNode, Set)}, refusing changes to the row's key columns: a fixed row replaces the row of its
     * key (an upsert), so a new key would write another row and leave the quarantined one missing.
     *
     * @param keys the quarantined row's key columns
     */
    static Map<String, JsonNode> fix(JsonNode body, Set<String> columns, Set<String> keys) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode row = object(body, Set.of("row"), errors);
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        if (row != null) {
            row = row.get("row");
            if (row == null || !row.isObject()) {
                errors.add(new FieldError("/row", "expected an object of the columns to change: {\"column\": value}"));
            } else if (row.isEmpty()) {
                errors.add(new FieldError("/row", "name at least one column to change"));
            } else {
                for (var field : row.properties()) {
                    String pointer = "/row/" + Json.token(field.getKey());
                    JsonNode value = field.getValue();
                    if (!columns.contains(field.getKey())) {
                        errors.add(new FieldError(
                                pointer, "unknown column '" + field.getKey() + "'; the row's columns: " + columns));
                    } else if (keys.contains(field.getKey())) {
                        errors.add(new FieldError(
                                pointer,
                                "'" + field.getKey() + "' is a key column of the row and cannot change: the fixed row"
                                        + " replaces the row of its key " + keys + "; discard this entry and fix the"
                                        + " source instead"));
                    } else if (value.isContainer()) {
                        errors.add(new FieldError(pointer, "expected a text, number, boolean or null"));
                    } else {
                        changes.put(field.getKey(), value);
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return changes;
    }

    static ReplayRequest replay(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode object = object(body, Set.of("job", "ids"), errors);
        String job = object == null ? null : job(object, errors);
        List<String> ids =
                object == null || !object.has("ids") || object.get("ids").isNull()
                        ? null
                        : ids(object.get("ids"), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ReplayRequest(job, ids);
    }

    static DiscardRequest discard(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode object = object(body, Set.of("job", "ids"), errors);
        String job = object == null ? null : job(object, errors);
        List<String> ids = null;
        if (object != null) {
            if (object.get("ids") == null || object.get("ids").isNull()) {
                errors.add(new FieldError("/ids", "name the ids to discard"));
            } else {
                ids = ids(object.get("ids"), errors);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new DiscardRequest(job, ids);
    }

    /** The body when it is an object with only known fields (each unknown one is an error); null when no object. */
    private static JsonNode object(JsonNode body, Set<String> known, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("/", "expected an object with " + known));
            return null;
        }
        for (String name : body.propertyNames()) {
            if (!known.contains(name)) {
                errors.add(
                        new FieldError("/" + Json.token(name), "unknown field '" + name + "'; known fields: " + known));
            }
        }
        return body;
    }

    private static String job(JsonNode object, List<FieldError> errors) {
        JsonNode job = object.get("job");
        if (job == null || !job.isString() || job.asString().isBlank()) {
            errors.add(new FieldError("/job", "expected the job's id"));
            return null;
        }

        return job.asString();
    }

    private static List<String> ids(JsonNode ids, List<FieldError> errors) {
        if (!ids.isArray()) {
            errors.add(new FieldError("/ids", "expected an array of quarantine entry ids"));
            return null;
        }
        if (ids.isEmpty()) {
            errors.add(new FieldError("/ids", "name at least one id"));
            return null;
        }
        if (ids.size() > MAX_IDS) {
            errors.add(new FieldError("/ids", "at most " + MAX_IDS + " ids per request, got " + ids.size()));
            return null;
        }
        Set<String> found = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isString() || id.asString().isBlank()) {
                errors.add(new FieldError("/ids/" + i, "expected a quarantine entry id"));
            } else {
                found.add(id.asString());
            }
        }
        return List.copyOf(found);
    }
}
