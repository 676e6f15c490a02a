package io.datasync.kit.quality;

import io.datasync.kit.quality.CleansingStep.Dedupe;
import io.datasync.kit.quality.CleansingStep.Keep;
import io.datasync.kit.quality.CleansingStep.Mask;
import io.datasync.kit.quality.CleansingStep.MaskMethod;
import io.datasync.kit.quality.CleansingStep.NormalizeOp;
import io.datasync.kit.quality.CleansingStep.NullAction;
import io.datasync.kit.quality.CleansingStep.Nulls;
import io.datasync.kit.quality.CleansingStep.OutlierMethod;
import io.datasync.kit.quality.CleansingStep.Outliers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes the cleansing steps of a rule set: {@code /cleansing/<i>}. */
final class CleansingJson {

    static final List<String> KINDS = List.of("nulls", "dedupe", "normalize", "mask", "outliers");

    /** Longest default value, as JSON text. */
    static final int MAX_DEFAULT_CHARS = 10_000;

    private static final List<String> KEYS = List.of("name", "nulls", "dedupe", "normalize", "mask", "outliers");
    private static final List<String> NULLS_KEYS = List.of("column", "action", "value");
    private static final List<String> DEDUPE_KEYS = List.of("keys", "keep", "by");
    private static final List<String> NORMALIZE_KEYS = List.of("column", "op");
    private static final List<String> MASK_KEYS = List.of("column", "method", "keep");
    private static final List<String> OUTLIERS_KEYS = List.of("column", "method", "threshold");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CleansingJson() {}

    /** The steps at {@code /cleansing}; an absent list is empty. */
    static List<CleansingStep> read(JsonNode node, Fields fields) {
        List<CleansingStep> steps = new ArrayList<>();
        if (Fields.missing(node)) {
            return steps;
        }
        if (!node.isArray()) {
            fields.add("/cleansing", "expected a list of cleansing steps");
            return steps;
        }
        if (node.size() > QualityRuleSet.MAX_CLEANSING_STEPS) {
            fields.add("/cleansing", "has " + node.size() + " steps; at most " + QualityRuleSet.MAX_CLEANSING_STEPS);
            return steps;
        }
        for (int i = 0; i < node.size(); i++) {
            CleansingStep step = step(node.get(i), "/cleansing/" + i, fields);
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    private static CleansingStep step(JsonNode node, String at, Fields fields) {
        if (!fields.object(node, at, "a cleansing step: an object with one of " + KINDS)) {
            return null;
        }
        int before = fields.count();
        fields.unknownKeys(node, at, KEYS);
        String name = fields.name(node.get("name"), at + "/name", false);
        List<String> kinds = KINDS.stream().filter(node::has).toList();
        if (kinds.size() != 1) {
            fields.add(
                    at,
                    kinds.isEmpty()
                            ? "needs one kind of step: one of " + KINDS
                            : "has " + String.join(" and ", kinds) + "; a step has exactly one kind");
            return null;
        }
        String kind = kinds.get(0);
        String kindAt = at + "/" + kind;
        JsonNode body = node.get(kind);
        if (!fields.object(body, kindAt, "an object")) {
            return null;
        }
        try {
            CleansingStep step = switch (kind) {
                case "nulls" -> nulls(name, body, kindAt, fields);
                case "dedupe" -> dedupe(name, body, kindAt, fields);
                case "normalize" -> {
                    fields.unknownKeys(body, kindAt, NORMALIZE_KEYS);
                    String column = fields.column(body.get("column"), kindAt + "/column", true);
                    NormalizeOp op = fields.choice(body.get("op"), kindAt + "/op", true, NormalizeOp.values());
                    yield fields.count() == before ? new CleansingStep.Normalize(name, column, op) : null;
                }
                case "mask" -> mask(name, body, kindAt, fields);
                default -> outliers(name, body, kindAt, fields);
            };
            return fields.count() == before ? step : null;
        } catch (IllegalArgumentException e) {
            // The records guard what the readers above check; a safety net, not a path.
            fields.add(kindAt, e.getMessage());
            return null;
        }
    }

    private static CleansingStep nulls(String name, JsonNode body, String at, Fields fields) {
        int before = fields.count();
        fields.unknownKeys(body, at, NULLS_KEYS);
        String column = fields.column(body.get("column"), at + "/column", true);
        NullAction action = fields.choice(body.get("action"), at + "/action", true, NullAction.values());
        JsonNode valueNode = body.get("value");
        Object value = null;
        if (action == NullAction.DEFAULT) {
            value = defaultValue(valueNode, at + "/value", fields);
        } else if (action != null && !Fields.missing(valueNode)) {
            fields.add(at + "/value", "only the default action takes a value");
        }
        return fields.count() == before ? new Nulls(name, column, action, value) : null;
    }

    /** A default: any JSON but null; objects and lists only fit JSON columns, which the gate checks. */
    private static Object defaultValue(JsonNode node, String at, Fields fields) {
        if (Fields.missing(node)) {
            fields.add(at, "is required for the default action: the value put in place of null");
            return null;
        }
        String json = MAPPER.writeValueAsString(node);
        if (json.length() > MAX_DEFAULT_CHARS) {
            fields.add(at, "is " + json.length() + " characters as JSON; at most " + MAX_DEFAULT_CHARS);
            return null;
        }
        Object scalar = Fields.scalar(node);
        return scalar != null ? scalar : MAPPER.treeToValue(node, Object.class);
    }

    private static CleansingStep dedupe(String name, JsonNode body, String at, Fields fields) {
        int before = fields.count();
        fields.unknownKeys(body, at, DEDUPE_KEYS);
        List<String> keys = new ArrayList<>();
        JsonNode keysNode = body.get("keys");
        if (keysNode == null || !keysNode.isArray() || keysNode.isEmpty() || keysNode.size() > Dedupe.MAX_KEYS) {
            fields.add(at + "/keys", "expected a list of 1 to " + Dedupe.MAX_KEYS + " key columns");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < keysNode.size(); i++) {
                String key = fields.column(keysNode.get(i), at + "/keys/" + i, true);
                if (key != null && !seen.add(key)) {
                    fields.add(at + "/keys/" + i, "column '" + key + "' is named twice");
                }
                keys.add(key);
            }
        }
        Keep keep = Fields.missing(body.get("keep"))
                ? Keep.FIRST
                : fields.choice(body.get("keep"), at + "/keep", true, Keep.values());
        String by = fields.column(body.get("by"), at + "/by", keep == Keep.NEWEST);
        if (keep != null && keep != Keep.NEWEST && !Fields.missing(body.get("by"))) {
            fields.add(at + "/by", "only keep newest reads by");
        }
        return fields.count() == before ? new Dedupe(name, keys, keep, by) : null;
    }

    private static CleansingStep mask(String name, JsonNode body, String at, Fields fields) {
        int before = fields.count();
        fields.unknownKeys(body, at, MASK_KEYS);
        String column = fields.column(body.get("column"), at + "/column", true);
        MaskMethod method = fields.choice(body.get("method"), at + "/method", true, MaskMethod.values());
        Integer keep = fields.integer(body.get("keep"), at + "/keep", false, 0, Mask.MAX_KEEP);
        if (keep != null && method != null && method != MaskMethod.PARTIAL) {
            fields.add(at + "/keep", "only partial masking keeps characters");
        }
        return fields.count() == before ? new Mask(name, column, method, keep) : null;
    }

    private static CleansingStep outliers(String name, JsonNode body, String at, Fields fields) {
        int before = fields.count();
        fields.unknownKeys(body, at, OUTLIERS_KEYS);
        String column = fields.column(body.get("column"), at + "/column", true);
        OutlierMethod method = fields.choice(body.get("method"), at + "/method", true, OutlierMethod.values());
        BigDecimal threshold = fields.number(body.get("threshold"), at + "/threshold", false);
        if (threshold != null
                && (threshold.signum() <= 0 || threshold.compareTo(BigDecimal.valueOf(Outliers.MAX_THRESHOLD)) > 0)) {
            fields.add(at + "/threshold", "must be above 0 and at most " + (int) Outliers.MAX_THRESHOLD);
        }
        if (fields.count() != before) {
            return null;
        }
        return new Outliers(
                name, column, method, threshold == null ? method.defaultThreshold() : threshold.doubleValue());
    }

    /** The canonical JSON of a step: its name when set, then its one kind key. */
    static ObjectNode write(CleansingStep step) {
        ObjectNode node = NODES.objectNode();
        if (step.name() != null) {
            node.put("name", step.name());
        }
        ObjectNode body = node.putObject(step.key());
        if (step instanceof Nulls nulls) {
            body.put("column", nulls.column()).put("action", nulls.action().toString());
            if (nulls.value() instanceof Map<?, ?> || nulls.value() instanceof List<?>) {
                body.set("value", MAPPER.valueToTree(nulls.value()));
            } else if (nulls.value() != null) {
                body.set("value", CheckJson.scalarNode(nulls.value()));
            }
        } else if (step instanceof Dedupe dedupe) {
            ArrayNode keys = body.putArray("keys");
            dedupe.keys().forEach(keys::add);
            body.put("keep", dedupe.keep().toString());
            if (dedupe.by() != null) {
                body.put("by", dedupe.by());
            }
        } else if (step instanceof CleansingStep.Normalize normalize) {
            body.put("column", normalize.column()).put("op", normalize.op().toString());
        } else if (step instanceof Mask mask) {
            body.put("column", mask.column()).put("method", mask.method().toString());
            if (mask.keep() != null) {
                body.put("keep", mask.keep());
            }
        } else {
            Outliers outliers = (Outliers) step;
            body.put("column", outliers.column())
                    .put("method", outliers.method().toString())
                    .put("threshold", outliers.threshold());
        }
        return node;
    }
}
