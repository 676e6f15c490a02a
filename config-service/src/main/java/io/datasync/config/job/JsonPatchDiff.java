package io.datasync.config.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datasync.models.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Patch (RFC 6902) that turns one document into another: {@code add}, {@code remove} and {@code replace}
 * operations, field by field, so a version diff reads as "what changed where". Arrays are compared by index.
 */
final class JsonPatchDiff {

    /**
     * One operation; {@code value} is absent for {@code remove}; {@code oldValue} (not part of RFC 6902, where
     * {@code from} is a pointer) shows readers what was there before.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Operation(String op, String path, JsonNode value, JsonNode oldValue) {}

    private JsonPatchDiff() {}

    static List<Operation> diff(JsonNode before, JsonNode after) {
        List<Operation> ops = new ArrayList<>();
        diff(before, after, "", ops);
        return ops;
    }

    private static void diff(JsonNode before, JsonNode after, String path, List<Operation> ops) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> names = new TreeSet<>(before.propertyNames());
            names.addAll(after.propertyNames());
            for (String name : names) {
                String child = path + "/" + Json.token(name);
                if (!after.has(name)) {
                    ops.add(new Operation("remove", child, null, before.get(name)));
                } else if (!before.has(name)) {
                    ops.add(new Operation("add", child, after.get(name), null));
                } else {
                    diff(before.get(name), after.get(name), child, ops);
                }
            }
        } else if (before.isArray() && after.isArray()) {
            int common = Math.min(before.size(), after.size());
            for (int i = 0; i < common; i++) {
                diff(before.get(i), after.get(i), path + "/" + i, ops);
            }
            for (int i = before.size() - 1; i >= common; i--) { // from the end, so indexes stay valid when applied
                ops.add(new Operation("remove", path + "/" + i, null, before.get(i)));
            }
            for (int i = common; i < after.size(); i++) {
                ops.add(new Operation("add", path + "/" + i, after.get(i), null));
            }
        } else {
            ops.add(new Operation("replace", path.isEmpty() ? "" : path, after, before));
        }
    }
}
