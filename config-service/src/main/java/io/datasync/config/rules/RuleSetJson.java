package io.datasync.config.rules;

import dev.cel.common.ast.CelExpr;
import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpressions;
import io.datasync.models.job.Names;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads rule sets from JSON and writes them back in one canonical form. Reading checks everything and reports every
 * problem at once, each with the JSON pointer (RFC 6901) of the offending member, e.g. {@code /rules/2/when}; it never
 * stops at the first.
 */
public final class RuleSetJson {

    /** Names of rule sets, rules and tags: safe in URLs, logs and metric tags. */
    public static final Pattern SAFE_NAME = Names.SAFE;

    /** Names of fields a rule sets: CEL identifiers, so later conditions can read them. */
    public static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** Longest CEL expression, in UTF-8 bytes. */
    public static final int MAX_EXPRESSION_BYTES = 4096;

    /** CEL's arithmetic operators: none gives a bool, whatever its operands. */
    private static final Set<String> ARITHMETIC = Set.of("_+_", "_-_", "_*_", "_/_", "_%_", "-_");

    public static final int MAX_DESCRIPTION_CHARS = 2000;
    public static final int MAX_REASON_CHARS = 500;
    public static final int MAX_SET_FIELDS = 100;

    /** Most records in one evaluation or as samples for conflict detection. */
    public static final int MAX_RECORDS = 1000;

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "rules", "samples");
    private static final Set<String> RULE_KEYS = Set.of("name", "when", "then", "priority");
    private static final Set<String> THEN_KEYS = Set.of("set", "reject", "tag");
    private static final Set<String> VALUE_KEYS = Set.of("value", "expr");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private RuleSetJson() {}

    /**
     * A rule set read from a request: the definition when there are no errors, the optional sample records, and every
     * problem found.
     */
    public record Parsed(RuleSetDefinition definition, List<Map<String, Object>> samples, List<FieldError> errors) {
        public Parsed {
            samples = List.copyOf(samples);
            errors = List.copyOf(errors);
            if (errors.isEmpty() == (definition == null)) {
                throw new IllegalArgumentException("a parsed rule set has either a definition or errors");
            }
        }

        /** The definition, or an exception answering 400 with all the errors. */
        public RuleSetDefinition orThrow() {
            if (definition == null) {
                throw io.datasync.kit.web.ApiException.invalid(errors);
            }
            return definition;
        }
    }

    /** Reads and checks a rule set (optionally with {@code samples}, never stored). */
    public static Parsed parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("/", "expected a JSON object with name and rules"));
            return new Parsed(null, List.of(), errors);
        }
        unknownKeys(body, "", TOP_KEYS, errors);
        String name = safeName(body.get("name"), "/name", true, errors);
        String description = null;
        JsonNode descriptionNode = body.get("description");
        if (descriptionNode != null && !descriptionNode.isNull()) {
            if (!descriptionNode.isString()) {
                errors.add(new FieldError("/description", "expected text"));
            } else if (descriptionNode.stringValue().length() > MAX_DESCRIPTION_CHARS) {
                errors.add(new FieldError("/description", "must be at most " + MAX_DESCRIPTION_CHARS + " characters"));
            } else {
                description = descriptionNode.stringValue();
            }
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode rulesNode = body.get("rules");
        if (rulesNode == null || rulesNode.isNull()) {
            errors.add(new FieldError("/rules", "is required: a list of rules"));
        } else if (!rulesNode.isArray()) {
            errors.add(new FieldError("/rules", "expected a list of rules"));
        } else {
            if (rulesNode.isEmpty()) {
                errors.add(new FieldError("/rules", "needs at least one rule"));
            }
            if (rulesNode.size() > RuleSetDefinition.MAX_RULES) {
                errors.add(new FieldError(
                        "/rules",
                        "has " + rulesNode.size() + " rules; at most " + RuleSetDefinition.MAX_RULES + " are allowed"));
            }
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int i = 0; i < rulesNode.size(); i++) {
                Rule rule = rule(rulesNode.get(i), "/rules/" + i, errors);
                JsonNode ruleName = rulesNode.get(i).get("name");
                if (ruleName != null && ruleName.isString()) {
                    Integer earlier = firstIndex.putIfAbsent(ruleName.stringValue(), i);
                    if (earlier != null) {
                        errors.add(new FieldError(
                                "/rules/" + i + "/name",
                                "rule name '" + ruleName.stringValue() + "' is already used by /rules/" + earlier));
                    }
                }
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        List<Map<String, Object>> samples = records(body.get("samples"), "/samples", false, errors);
        if (!errors.isEmpty()) {
            return new Parsed(null, samples, errors);
        }
        return new Parsed(new RuleSetDefinition(name, description, rules), samples, errors);
    }

    /**
     * Reads a list of records (JSON objects), at most {@link #MAX_RECORDS}.
     *
     * @param required whether a missing list is an error; when not, it reads as empty
     */
    public static List<Map<String, Object>> records(
            JsonNode node, String pointer, boolean required, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(pointer, "is required: a list of records (JSON objects)"));
            }
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError(pointer, "expected a list of records (JSON objects)"));
            return List.of();
        }
        if (node.size() > MAX_RECORDS) {
            errors.add(new FieldError(
                    pointer, "has " + node.size() + " records; at most " + MAX_RECORDS + " are allowed"));
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode record = node.get(i);
            if (!record.isObject()) {
                errors.add(new FieldError(pointer + "/" + i, "expected a record (a JSON object)"));
            } else {
                out.add(toMap(record));
            }
        }
        return out;
    }

    /** A JSON object as plain Java values (maps, lists, Integer/Long/Double, String, Boolean, null). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(JsonNode object) {
        return MAPPER.treeToValue(object, LinkedHashMap.class);
    }

    /** The canonical JSON of a definition, as stored and as answered. */
    public static ObjectNode write(RuleSetDefinition definition) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("name", definition.name());
        if (definition.description() != null) {
            root.put("description", definition.description());
        }
        ArrayNode rules = root.putArray("rules");
        for (Rule rule : definition.rules()) {
            ObjectNode node = rules.addObject();
            node.put("name", rule.name());
            node.put("when", rule.when());
            ObjectNode then = node.putObject("then");
            if (rule.then() instanceof Action.SetFields set) {
                ObjectNode fields = then.putObject("set");
                set.fields().forEach((field, value) -> {
                    ObjectNode spec = fields.putObject(field);
                    if (value instanceof Action.Computed computed) {
                        spec.put("expr", computed.expr());
                    } else {
                        spec.set("value", MAPPER.valueToTree(((Action.Constant) value).value()));
                    }
                });
            } else if (rule.then() instanceof Action.Reject reject) {
                then.put("reject", reject.reason());
            } else {
                then.put("tag", ((Action.Tag) rule.then()).label());
            }
            node.put("priority", rule.priority());
        }
        return root;
    }

    /** Reads a stored body, written by {@link #write}; it was checked when saved. */
    public static RuleSetDefinition read(String json) {
        return parse(MAPPER.readTree(json)).orThrow();
    }

    private static Rule rule(JsonNode node, String at, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(at, "expected a rule: an object with name, when, then and priority"));
            return null;
        }
        int before = errors.size();
        unknownKeys(node, at, RULE_KEYS, errors);
        String name = safeName(node.get("name"), at + "/name", true, errors);
        String when = expression(node.get("when"), at + "/when", true, errors);
        Integer priority = null;
        JsonNode priorityNode = node.get("priority");
        if (priorityNode == null || priorityNode.isNull()) {
            errors.add(new FieldError(at + "/priority", "is required: an integer, higher runs first"));
        } else if (!priorityNode.isIntegralNumber() || !priorityNode.canConvertToInt()) {
            errors.add(new FieldError(
                    at + "/priority",
                    "expected an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE));
        } else {
            priority = priorityNode.intValue();
        }
        Action then = action(node.get("then"), at + "/then", errors);
        return errors.size() == before ? new Rule(name, when, then, priority) : null;
    }

    private static Action action(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required: an object with one of set, reject or tag"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(at, "expected an object with one of set, reject or tag"));
            return null;
        }
        unknownKeys(node, at, THEN_KEYS, errors);
        List<String> present = THEN_KEYS.stream().filter(node::has).sorted().toList();
        if (present.size() != 1) {
            errors.add(new FieldError(
                    at,
                    present.isEmpty()
                            ? "needs exactly one of set, reject or tag"
                            : "needs exactly one of set, reject or tag, not " + String.join(" and ", present)));
            return null;
        }
        int before = errors.size();
        return switch (present.get(0)) {
            case "reject" -> {
                JsonNode reason = node.get("reject");
                if (!reason.isString() || reason.stringValue().isBlank()) {
                    errors.add(new FieldError(at + "/reject", "expected the reason: non-blank text"));
                    yield null;
                }
                if (reason.stringValue().length() > MAX_REASON_CHARS) {
                    errors.add(new FieldError(at + "/reject", "must be at most " + MAX_REASON_CHARS + " characters"));
                    yield null;
                }
                yield new Action.Reject(reason.stringValue());
            }
            case "tag" -> {
                String label = safeName(node.get("tag"), at + "/tag", true, errors);
                yield errors.size() == before ? new Action.Tag(label) : null;
            }
            default -> set(node.get("set"), at + "/set", errors);
        };
    }

    private static Action set(JsonNode node, String at, List<FieldError> errors) {
        if (!node.isObject() || node.isEmpty()) {
            errors.add(
                    new FieldError(
                            at,
                            "expected an object of field name to {\"value\": …} or {\"expr\": \"CEL\"}, with one field at least"));
            return null;
        }
        if (node.size() > MAX_SET_FIELDS) {
            errors.add(
                    new FieldError(at, "sets " + node.size() + " fields; at most " + MAX_SET_FIELDS + " are allowed"));
            return null;
        }
        int before = errors.size();
        Map<String, Action.SetValue> fields = new LinkedHashMap<>();
        for (String field : node.propertyNames()) {
            String fieldAt = at + "/" + Json.token(field);
            if (!FIELD_NAME.matcher(field).matches()) {
                errors.add(new FieldError(
                        fieldAt, "field names are letters, digits and '_', not starting with a digit, at most 128"));
                continue;
            }
            JsonNode spec = node.get(field);
            if (!spec.isObject()) {
                errors.add(new FieldError(fieldAt, "expected {\"value\": any JSON} or {\"expr\": \"CEL\"}"));
                continue;
            }
            unknownKeys(spec, fieldAt, VALUE_KEYS, errors);
            if (spec.has("value") == spec.has("expr")) {
                errors.add(new FieldError(fieldAt, "needs exactly one of value or expr"));
            } else if (spec.has("value")) {
                fields.put(field, new Action.Constant(MAPPER.treeToValue(spec.get("value"), Object.class)));
            } else {
                String expr = expression(spec.get("expr"), fieldAt + "/expr", false, errors);
                if (expr != null) {
                    fields.put(field, new Action.Computed(expr));
                }
            }
        }
        return errors.size() == before ? new Action.SetFields(fields) : null;
    }

    /**
     * Reads and compiles a CEL expression, reporting each compile problem at the pointer.
     *
     * @param condition whether the expression is a condition: then its type must be bool (or decided at run time)
     */
    private static String expression(JsonNode node, String at, boolean condition, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required: a CEL expression"));
            return null;
        }
        if (!node.isString() || node.stringValue().isBlank()) {
            errors.add(new FieldError(at, "expected a CEL expression as non-blank text"));
            return null;
        }
        String text = node.stringValue();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            errors.add(new FieldError(
                    at, "is " + bytes + " bytes; CEL expressions must stay under " + MAX_EXPRESSION_BYTES));
            return null;
        }
        List<String> problems = CelExpressions.problems(text);
        if (!problems.isEmpty()) {
            problems.forEach(p -> errors.add(new FieldError(at, "CEL does not compile: " + p)));
            return null;
        }
        if (condition) {
            CelExpression compiled = CelExpressions.compile(text);
            if (!Set.of("bool", "dyn").contains(compiled.resultType())) {
                errors.add(new FieldError(
                        at, "a condition must be true or false, but this is always of type " + compiled.resultType()));
                return null;
            }
            if (arithmetic(compiled)) {
                errors.add(new FieldError(
                        at, "a condition must be true or false, but this is arithmetic, which gives a number or text"));
                return null;
            }
        }
        return text;
    }

    /**
     * Whether an expression is, at its top, arithmetic: never a bool, even where its type is {@code dyn} ({@code amount
     * * 2} may be an int or a double, since CEL here mixes ints and doubles, so the checker cannot name one type).
     */
    private static boolean arithmetic(CelExpression expression) {
        CelExpr root = expression.syntaxTree();
        return root.getKind() == CelExpr.ExprKind.Kind.CALL
                && ARITHMETIC.contains(root.call().function());
    }

    private static String safeName(JsonNode node, String at, boolean required, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(at, "is required"));
            }
            return null;
        }
        if (!node.isString() || !SAFE_NAME.matcher(node.stringValue()).matches()) {
            errors.add(new FieldError(
                    at, "must be 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit"));
            return null;
        }
        return node.stringValue();
    }

    private static void unknownKeys(JsonNode node, String at, Set<String> known, List<FieldError> errors) {
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                errors.add(new FieldError(
                        at + "/" + Json.token(key),
                        "unknown field '" + key + "'; known fields: "
                                + known.stream().sorted().toList()));
            }
        }
    }

    /** Escapes a member name for a JSON pointer (RFC 6901). */
}
