package io.datasync.models.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a rule's {@code then} and a field's new value by the one key they have; writing needs no help, each record's
 * single component is that key.
 */
final class RuleSetJson {

    private RuleSetJson() {}

    /** {@code {"set": {…}}}, {@code {"reject": "…"}} or {@code {"tag": "…"}}. */
    static final class ActionReader extends ValueDeserializer<RuleSet.Action> {
        @Override
        public RuleSet.Action deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode node = ctxt.readTree(p);
            String key = onlyKey(node, List.of("set", "reject", "tag"), ctxt, RuleSet.Action.class);
            JsonNode value = node.get(key);
            try {
                return switch (key) {
                    case "set" -> new RuleSet.SetFields(fields(value, ctxt));
                    case "reject" -> new RuleSet.Reject(text(value, key, ctxt));
                    default -> new RuleSet.Tag(text(value, key, ctxt));
                };
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(RuleSet.Action.class, "%s", e.getMessage());
            }
        }

        private static Map<String, RuleSet.SetValue> fields(JsonNode set, DeserializationContext ctxt) {
            if (!set.isObject()) {
                return ctxt.reportInputMismatch(
                        RuleSet.Action.class, "set is an object of field name to {\"value\": …} or {\"expr\": …}");
            }
            Map<String, RuleSet.SetValue> fields = new LinkedHashMap<>();
            set.properties()
                    .forEach(e -> fields.put(e.getKey(), ctxt.readTreeAsValue(e.getValue(), RuleSet.SetValue.class)));
            return fields;
        }
    }

    /** {@code {"value": any JSON}} or {@code {"expr": "CEL"}}. */
    static final class SetValueReader extends ValueDeserializer<RuleSet.SetValue> {
        @Override
        public RuleSet.SetValue deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode node = ctxt.readTree(p);
            String key = onlyKey(node, List.of("value", "expr"), ctxt, RuleSet.SetValue.class);
            if (key.equals("value")) {
                return new RuleSet.Constant(ctxt.readTreeAsValue(node.get(key), Object.class));
            }
            try {
                return new RuleSet.Expr(text(node.get(key), key, ctxt));
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(RuleSet.SetValue.class, "%s", e.getMessage());
            }
        }
    }

    private static String onlyKey(JsonNode node, List<String> keys, DeserializationContext ctxt, Class<?> type) {
        if (node == null
                || !node.isObject()
                || node.size() != 1
                || !keys.contains(node.propertyNames().iterator().next())) {
            return ctxt.reportInputMismatch(
                    type, "expected an object with exactly one of %s, got %s", keys, node == null ? "nothing" : node);
        }
        return node.propertyNames().iterator().next();
    }

    private static String text(JsonNode value, String key, DeserializationContext ctxt) {
        if (!value.isString()) {
            return ctxt.reportInputMismatch(String.class, "%s is text", key);
        }
        return value.asString();
    }
}
