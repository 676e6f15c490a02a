package io.datasync.kit.quality;

import dev.cel.common.ast.CelExpr;
import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpressions;
import io.datasync.models.job.Durations;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.Severity;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes the checks of a rule set: {@code /checks/<i>}. */
final class CheckJson {

    /** Longest CEL rule, in UTF-8 bytes, as for config-service's rules. */
    static final int MAX_EXPRESSION_BYTES = 4096;

    /** Longest text of an allowed value. */
    static final int MAX_ALLOWED_CHARS = 1000;

    /** Largest length bound. */
    static final int MAX_LENGTH = 10_000_000;

    static final List<String> KINDS = List.of(
            "required", "type", "format", "range", "allowed", "length", "unique", "reference", "freshness", "rule");

    private static final List<String> KEYS = Stream.concat(
                    Stream.of("name", "column", "severity", "dimension", "message"), KINDS.stream())
            .toList();
    private static final List<String> RANGE_KEYS = List.of("min", "max", "minInclusive", "maxInclusive");
    private static final List<String> LENGTH_KEYS = List.of("min", "max");
    private static final List<String> REFERENCE_KEYS = List.of("table", "column");
    private static final List<String> FRESHNESS_KEYS = List.of("maxAge");
    private static final List<String> PATTERN_KEYS = List.of("regex", "date");
    private static final Set<String> ARITHMETIC = Set.of("_+_", "_-_", "_*_", "_/_", "_%_", "-_");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CheckJson() {}

    /** The checks at {@code /checks}; an absent list is empty. */
    static List<CheckSpec> read(JsonNode node, Fields fields) {
        List<CheckSpec> checks = new ArrayList<>();
        if (Fields.missing(node)) {
            return checks;
        }
        if (!node.isArray()) {
            fields.add("/checks", "expected a list of checks");
            return checks;
        }
        if (node.size() > QualityRuleSet.MAX_CHECKS) {
            fields.add("/checks", "has " + node.size() + " checks; at most " + QualityRuleSet.MAX_CHECKS);
            return checks;
        }
        for (int i = 0; i < node.size(); i++) {
            CheckSpec check = check(node.get(i), "/checks/" + i, fields);
            if (check != null) {
                checks.add(check);
            }
        }
        return checks;
    }

    private static CheckSpec check(JsonNode node, String at, Fields fields) {
        if (!fields.object(node, at, "a check: an object with name, column and one of " + KINDS)) {
            return null;
        }
        int before = fields.count();
        fields.unknownKeys(node, at, KEYS);
        String name = fields.name(node.get("name"), at + "/name", true);
        List<String> kinds = KINDS.stream().filter(node::has).toList();
        if (kinds.size() != 1) {
            fields.add(
                    at,
                    kinds.isEmpty()
                            ? "needs one kind of check: one of " + KINDS
                            : "has " + String.join(" and ", kinds) + "; a check has exactly one kind");
        }
        String kindKey = kinds.size() == 1 ? kinds.get(0) : null;
        String column = null;
        if ("rule".equals(kindKey)) {
            if (node.has("column")) {
                fields.add(at + "/column", "a rule reads the columns its expression names; it takes no column");
            }
        } else {
            // With the kind unclear, a column is still checked when given.
            column = fields.column(node.get("column"), at + "/column", kindKey != null);
        }
        Severity severity = fields.choice(node.get("severity"), at + "/severity", false, Severity.values());
        Dimension dimension = fields.choice(node.get("dimension"), at + "/dimension", false, Dimension.values());
        String message =
                fields.text(node.get("message"), at + "/message", false, CheckSpec.MAX_MESSAGE_CHARS, "a message");
        CheckKind kind = kindKey == null ? null : kind(kindKey, node.get(kindKey), at + "/" + kindKey, fields);
        if (fields.count() != before) {
            return null;
        }
        try {
            return new CheckSpec(name, column, kind, severity, dimension, message);
        } catch (IllegalArgumentException e) {
            fields.add(at, e.getMessage());
            return null;
        }
    }

    private static CheckKind kind(String key, JsonNode node, String at, Fields fields) {
        int before = fields.count();
        CheckKind kind = switch (key) {
            case "required" -> required(node, at, fields);
            case "type" -> {
                CheckKind.TypeName type = fields.choice(node, at, true, CheckKind.TypeName.values());
                yield type == null ? null : new CheckKind.Type(type);
            }
            case "format" -> format(node, at, fields);
            case "range" -> range(node, at, fields);
            case "allowed" -> allowed(node, at, fields);
            case "length" -> length(node, at, fields);
            case "unique" -> {
                CheckKind.Scope scope = fields.choice(node, at, true, CheckKind.Scope.values());
                yield scope == null ? null : new CheckKind.Unique(scope);
            }
            case "reference" -> reference(node, at, fields);
            case "freshness" -> freshness(node, at, fields);
            default -> rule(node, at, fields);
        };
        return fields.count() == before ? kind : null;
    }

    private static CheckKind required(JsonNode node, String at, Fields fields) {
        if (node == null || !node.isBoolean() || !node.booleanValue()) {
            fields.add(at, "expected true (leave the check out when the column may be empty)");
            return null;
        }
        return new CheckKind.Required();
    }

    private static CheckKind format(JsonNode node, String at, Fields fields) {
        if (node != null && node.isString()) {
            for (CheckKind.FormatName format : CheckKind.FormatName.values()) {
                if (format.toString().equals(node.stringValue())
                        && format != CheckKind.FormatName.REGEX
                        && format != CheckKind.FormatName.DATE) {
                    return CheckKind.Format.of(format);
                }
            }
        }
        if (node == null || !node.isObject()) {
            fields.add(
                    at,
                    "expected one of email, phone, url, uuid, json, or {\"regex\": \"…\"} or "
                            + "{\"date\": \"yyyy-MM-dd\"}");
            return null;
        }
        fields.unknownKeys(node, at, PATTERN_KEYS);
        if (node.has("regex") == node.has("date")) {
            fields.add(at, "needs exactly one of regex or date");
            return null;
        }
        String key = node.has("regex") ? "regex" : "date";
        String pattern =
                fields.text(node.get(key), at + "/" + key, true, CheckKind.Format.MAX_PATTERN_CHARS, "a pattern");
        if (pattern == null) {
            return null;
        }
        try {
            if (key.equals("regex")) {
                Formats.regex(pattern);
                return CheckKind.Format.regex(pattern);
            }
            Formats.datePattern(pattern);
            return CheckKind.Format.date(pattern);
        } catch (IllegalArgumentException e) {
            fields.add(
                    at + "/" + key, key.equals("regex") ? e.getMessage() : "is not a date pattern: " + e.getMessage());
            return null;
        }
    }

    private static CheckKind range(JsonNode node, String at, Fields fields) {
        if (!fields.object(node, at, "an object with min and/or max")) {
            return null;
        }
        int before = fields.count();
        fields.unknownKeys(node, at, RANGE_KEYS);
        Object min = bound(node.get("min"), at + "/min", fields);
        Object max = bound(node.get("max"), at + "/max", fields);
        Boolean minInclusive = fields.bool(node.get("minInclusive"), at + "/minInclusive", false);
        Boolean maxInclusive = fields.bool(node.get("maxInclusive"), at + "/maxInclusive", false);
        if (fields.count() != before) {
            return null;
        }
        if (min == null && max == null) {
            fields.add(at, "needs min, max or both");
            return null;
        }
        if (min != null && max != null && (min instanceof BigDecimal) != (max instanceof BigDecimal)) {
            fields.add(at + "/max", "must be of the kind of min: both numbers, or both ISO dates or times");
            return null;
        }
        try {
            return new CheckKind.Range(
                    min, max, minInclusive == null || minInclusive, maxInclusive == null || maxInclusive);
        } catch (IllegalArgumentException e) {
            fields.add(at, e.getMessage());
            return null;
        }
    }

    /** A range bound: a number, or ISO-8601 text of a date, date-time (with or without offset) or time. */
    private static Object bound(JsonNode node, String at, Fields fields) {
        if (Fields.missing(node)) {
            return null;
        }
        if (node.isNumber()) {
            return Fields.scalar(node);
        }
        if (node.isString() && node.stringValue().length() <= 64) {
            Object temporal = Values.parseTemporal(node.stringValue());
            if (temporal != null) {
                return temporal;
            }
        }
        fields.add(at, "expected a number, or an ISO-8601 date, date-time or time as text (e.g. \"2024-01-31\")");
        return null;
    }

    private static CheckKind allowed(JsonNode node, String at, Fields fields) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            fields.add(at, "expected a non-empty list of text, numbers or booleans");
            return null;
        }
        if (node.size() > CheckKind.Allowed.MAX_VALUES) {
            fields.add(at, "has " + node.size() + " values; at most " + CheckKind.Allowed.MAX_VALUES);
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode value = node.get(i);
            Object scalar = Fields.scalar(value);
            if (scalar == null) {
                fields.add(at + "/" + i, "expected text, a number or a boolean");
            } else if (scalar instanceof String text && text.length() > MAX_ALLOWED_CHARS) {
                fields.add(at + "/" + i, "is " + text.length() + " characters; at most " + MAX_ALLOWED_CHARS);
            } else {
                values.add(scalar);
            }
        }
        return values.size() == node.size() ? new CheckKind.Allowed(values) : null;
    }

    private static CheckKind length(JsonNode node, String at, Fields fields) {
        if (!fields.object(node, at, "an object with min and/or max")) {
            return null;
        }
        int before = fields.count();
        fields.unknownKeys(node, at, LENGTH_KEYS);
        Integer min = fields.integer(node.get("min"), at + "/min", false, 0, MAX_LENGTH);
        Integer max = fields.integer(node.get("max"), at + "/max", false, 0, MAX_LENGTH);
        if (fields.count() != before) {
            return null;
        }
        if (min == null && max == null) {
            fields.add(at, "needs min, max or both");
            return null;
        }
        if (min != null && max != null && min > max) {
            fields.add(at + "/max", "must not be less than min (" + min + ")");
            return null;
        }
        return new CheckKind.Length(min, max);
    }

    private static CheckKind reference(JsonNode node, String at, Fields fields) {
        if (!fields.object(node, at, "an object with table and column")) {
            return null;
        }
        int before = fields.count();
        fields.unknownKeys(node, at, REFERENCE_KEYS);
        JsonNode tableNode = node.get("table");
        String table = null;
        if (Fields.missing(tableNode)) {
            fields.add(at + "/table", "is required: the table holding the referenced values");
        } else if (!tableNode.isString() || !SqlIdentifiers.isTable(tableNode.stringValue())) {
            fields.add(at + "/table", "a table name must be " + SqlIdentifiers.rule());
        } else if (systemCatalog(tableNode.stringValue())) {
            fields.add(
                    at + "/table",
                    "a reference is a lookup table of your data, not a system catalog (pg_catalog,"
                            + " information_schema)");
        } else {
            table = tableNode.stringValue();
        }
        String column = fields.column(node.get("column"), at + "/column", true);
        return fields.count() == before ? new CheckKind.Reference(table, column) : null;
    }

    /** Whether a table is in one of PostgreSQL's catalog schemas (which would let a rule set probe the server). */
    static boolean systemCatalog(String table) {
        int dot = table.indexOf('.');
        String schema = (dot < 0 ? "" : table.substring(0, dot)).toLowerCase(java.util.Locale.ROOT);
        return schema.equals("pg_catalog")
                || schema.equals("information_schema")
                || schema.startsWith("pg_toast")
                || (dot < 0 && table.toLowerCase(java.util.Locale.ROOT).startsWith("pg_"));
    }

    private static CheckKind freshness(JsonNode node, String at, Fields fields) {
        if (!fields.object(node, at, "an object with maxAge, e.g. {\"maxAge\": \"30d\"}")) {
            return null;
        }
        fields.unknownKeys(node, at, FRESHNESS_KEYS);
        String text = fields.text(node.get("maxAge"), at + "/maxAge", true, 64, "a duration such as 24h or 30d");
        if (text == null) {
            return null;
        }
        try {
            Duration maxAge = Durations.parse(text);
            if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
                fields.add(at + "/maxAge", "must be at least 1s");
                return null;
            }
            return new CheckKind.Freshness(maxAge);
        } catch (IllegalArgumentException e) {
            fields.add(at + "/maxAge", e.getMessage());
            return null;
        }
    }

    /** A CEL condition, compiled now so that its problems are reported at its pointer. */
    private static CheckKind rule(JsonNode node, String at, Fields fields) {
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            fields.add(at, "expected a CEL condition as non-blank text, e.g. \"amount <= credit_limit\"");
            return null;
        }
        String text = node.stringValue();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            fields.add(at, "is " + bytes + " bytes; CEL expressions must stay under " + MAX_EXPRESSION_BYTES);
            return null;
        }
        List<String> problems = CelExpressions.problems(text);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> fields.add(at, "CEL does not compile: " + problem));
            return null;
        }
        CelExpression compiled = CelExpressions.compile(text);
        if (!Set.of("bool", "dyn").contains(compiled.resultType()) || arithmetic(compiled)) {
            fields.add(
                    at,
                    "a rule must be true or false, but this gives a "
                            + (arithmetic(compiled) ? "number" : compiled.resultType()));
            return null;
        }
        return new CheckKind.Rule(text);
    }

    /** Whether an expression is arithmetic at its top: never a bool, even where CEL types it {@code dyn}. */
    private static boolean arithmetic(CelExpression expression) {
        CelExpr root = expression.syntaxTree();
        return root.getKind() == CelExpr.ExprKind.Kind.CALL
                && ARITHMETIC.contains(root.call().function());
    }

    /** The canonical JSON of a check: name, column, the kind, then severity, dimension and message when set. */
    static ObjectNode write(CheckSpec check) {
        ObjectNode node = NODES.objectNode();
        node.put("name", check.name());
        if (check.column() != null) {
            node.put("column", check.column());
        }
        CheckKind kind = check.kind();
        if (kind instanceof CheckKind.Required) {
            node.put("required", true);
        } else if (kind instanceof CheckKind.Type type) {
            node.put("type", type.type().toString());
        } else if (kind instanceof CheckKind.Format format) {
            if (format.pattern() == null) {
                node.put("format", format.format().toString());
            } else {
                node.putObject("format").put(format.format().toString(), format.pattern());
            }
        } else if (kind instanceof CheckKind.Range range) {
            ObjectNode out = node.putObject("range");
            if (range.min() != null) {
                out.set("min", boundNode(range.min()));
            }
            if (range.max() != null) {
                out.set("max", boundNode(range.max()));
            }
            if (!range.minInclusive()) {
                out.put("minInclusive", false);
            }
            if (!range.maxInclusive()) {
                out.put("maxInclusive", false);
            }
        } else if (kind instanceof CheckKind.Allowed allowed) {
            ArrayNode values = node.putArray("allowed");
            allowed.values().forEach(value -> values.add(scalarNode(value)));
        } else if (kind instanceof CheckKind.Length length) {
            ObjectNode out = node.putObject("length");
            if (length.min() != null) {
                out.put("min", length.min());
            }
            if (length.max() != null) {
                out.put("max", length.max());
            }
        } else if (kind instanceof CheckKind.Unique unique) {
            node.put("unique", unique.scope().toString());
        } else if (kind instanceof CheckKind.Reference reference) {
            node.putObject("reference").put("table", reference.table()).put("column", reference.column());
        } else if (kind instanceof CheckKind.Freshness freshness) {
            node.putObject("freshness").put("maxAge", Durations.format(freshness.maxAge()));
        } else {
            node.put("rule", ((CheckKind.Rule) kind).expression());
        }
        if (check.severity() != null) {
            node.put("severity", check.severity().toString());
        }
        if (check.dimension() != kind.defaultDimension()) {
            node.put("dimension", check.dimension().toString());
        }
        if (check.message() != null) {
            node.put("message", check.message());
        }
        return node;
    }

    private static JsonNode boundNode(Object bound) {
        if (bound instanceof BigDecimal decimal) {
            return scalarNode(decimal);
        }
        // LocalDate, LocalDateTime, OffsetDateTime and LocalTime print their ISO-8601 form.
        return NODES.stringNode(bound.toString());
    }

    /** A rule set's scalar as JSON; integers without a fraction or exponent. */
    static JsonNode scalarNode(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.scale() <= 0 ? NODES.numberNode(decimal.toBigIntegerExact()) : NODES.numberNode(decimal);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        return NODES.stringNode((String) value);
    }
}
