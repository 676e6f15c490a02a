package io.datasync.kit.quality;

import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.Dimension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads quality rule sets from JSON and writes them back in one canonical form. Reading checks everything that can be
 * checked without the rows and reports every problem at once, each at the JSON pointer of the offending member
 * ({@code /checks/2/range/min}); whether the columns exist, and have types the checks fit, is known only when a gate is
 * compiled ({@link QualityGate#compile}).
 *
 * <pre>{@code
 * {
 *   "name": "orders-quality",
 *   "description": "optional text",
 *   "weights": {"completeness": 2, "validity": 1},
 *   "cleansing": [
 *     {"nulls": {"column": "country", "action": "default", "value": "CN"}},
 *     {"dedupe": {"keys": ["id"], "keep": "newest", "by": "updated_at"}},
 *     {"normalize": {"column": "email", "op": "lower-trim"}},
 *     {"name": "amount-outliers", "outliers": {"column": "amount", "method": "iqr"}}
 *   ],
 *   "checks": [
 *     {"name": "email-valid", "column": "email", "format": "email", "severity": "quarantine"},
 *     {"name": "amount-positive", "column": "amount", "range": {"min": 0, "minInclusive": false}},
 *     {"name": "status-known", "column": "status", "allowed": ["new", "paid"], "severity": "warn"},
 *     {"name": "within-limit", "rule": "amount <= credit_limit", "message": "over the credit limit"}
 *   ]
 * }
 * }</pre>
 *
 * <p>Keys are camelCase, enum values lowercase with dashes ({@code drop-row}), as in job definitions.
 */
public final class QualityRuleSets {

    private static final List<String> TOP_KEYS = List.of("name", "description", "weights", "cleansing", "checks");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private QualityRuleSets() {}

    /**
     * Reads and checks a rule set.
     *
     * @throws InvalidQualityRuleSetException with every problem found, each at its JSON pointer
     */
    public static QualityRuleSet parse(JsonNode body) {
        Fields fields = new Fields();
        if (body == null || !body.isObject()) {
            fields.add("/", "expected a JSON object with a name and checks");
            throw new InvalidQualityRuleSetException(fields.errors());
        }
        fields.unknownKeys(body, "", TOP_KEYS);
        String name = fields.name(body.get("name"), "/name", true);
        String description = fields.text(
                body.get("description"), "/description", false, QualityRuleSet.MAX_DESCRIPTION_CHARS, "a description");
        Map<Dimension, Double> weights = weights(body.get("weights"), fields);
        int before = fields.count();
        List<CleansingStep> cleansing = CleansingJson.read(body.get("cleansing"), fields);
        List<CheckSpec> checks = CheckJson.read(body.get("checks"), fields);
        if (fields.count() == before && cleansing.isEmpty() && checks.isEmpty()) {
            fields.add("/checks", "a rule set needs at least one check or cleansing step");
        }
        uniqueNames(body, fields);
        if (fields.count() > 0) {
            throw new InvalidQualityRuleSetException(fields.errors());
        }
        try {
            return new QualityRuleSet(name, description, weights, cleansing, checks);
        } catch (IllegalArgumentException e) {
            // Everything the constructor guards is checked above; this is a safety net, not a path.
            throw new InvalidQualityRuleSetException(List.of(new FieldError("/", e.getMessage())));
        }
    }

    /** The canonical JSON of a rule set, as stored and as answered; {@link #parse} reads it back to an equal set. */
    public static JsonNode toJson(QualityRuleSet set) {
        ObjectNode root = NODES.objectNode();
        root.put("name", set.name());
        if (set.description() != null) {
            root.put("description", set.description());
        }
        if (!set.weights().isEmpty()) {
            ObjectNode weights = root.putObject("weights");
            set.weights().forEach((dimension, weight) -> weights.put(dimension.toString(), weight));
        }
        if (!set.cleansing().isEmpty()) {
            ArrayNode steps = root.putArray("cleansing");
            set.cleansing().forEach(step -> steps.add(CleansingJson.write(step)));
        }
        if (!set.checks().isEmpty()) {
            ArrayNode checks = root.putArray("checks");
            set.checks().forEach(check -> checks.add(CheckJson.write(check)));
        }
        return root;
    }

    private static Map<Dimension, Double> weights(JsonNode node, Fields fields) {
        Map<Dimension, Double> weights = new EnumMap<>(Dimension.class);
        if (Fields.missing(node)) {
            return weights;
        }
        if (!node.isObject()) {
            fields.add("/weights", "expected an object of dimension to weight, e.g. {\"completeness\": 2}");
            return weights;
        }
        for (String key : node.propertyNames()) {
            String at = Fields.at("/weights", key);
            Dimension dimension = Dimension.parse(key);
            if (dimension == null || !dimension.toString().equals(key)) {
                fields.add(at, "unknown dimension '" + key + "'; dimensions: " + List.of(Dimension.values()));
                continue;
            }
            BigDecimal weight = fields.number(node.get(key), at, true);
            if (weight == null) {
                continue;
            }
            if (weight.signum() < 0 || weight.compareTo(BigDecimal.valueOf(QualityRuleSet.MAX_WEIGHT)) > 0) {
                fields.add(at, "must be from 0 to " + (int) QualityRuleSet.MAX_WEIGHT);
                continue;
            }
            weights.put(dimension, weight.doubleValue());
        }
        boolean allZero = true;
        for (Dimension dimension : Dimension.values()) {
            allZero &= weights.getOrDefault(dimension, 1.0) == 0;
        }
        if (allZero) {
            fields.add("/weights", "must not all be zero: the overall score would weigh nothing");
        }
        return weights;
    }

    /**
     * Checks and outlier steps are tallied by name, so their names are unique across the set; the later of two is
     * reported, pointing at the earlier.
     */
    private static void uniqueNames(JsonNode body, Fields fields) {
        // name, where to report it, the item it names
        List<String[]> named = new ArrayList<>();
        JsonNode cleansing = body.get("cleansing");
        if (cleansing != null && cleansing.isArray()) {
            for (int i = 0; i < cleansing.size(); i++) {
                JsonNode step = cleansing.get(i);
                JsonNode outliers = step.get("outliers");
                if (!step.isObject() || outliers == null || !outliers.isObject()) {
                    continue;
                }
                JsonNode name = step.get("name");
                JsonNode column = outliers.get("column");
                if (name != null && name.isString()) {
                    named.add(new String[] {name.stringValue(), "/cleansing/" + i + "/name", "/cleansing/" + i});
                } else if (Fields.missing(name) && column != null && column.isString()) {
                    named.add(new String[] {
                        "outliers:" + column.stringValue(), "/cleansing/" + i + "/outliers/column", "/cleansing/" + i
                    });
                }
            }
        }
        JsonNode checks = body.get("checks");
        if (checks != null && checks.isArray()) {
            for (int i = 0; i < checks.size(); i++) {
                JsonNode name = checks.get(i).get("name");
                if (name != null && name.isString()) {
                    named.add(new String[] {name.stringValue(), "/checks/" + i + "/name", "/checks/" + i});
                }
            }
        }
        Map<String, String> first = new HashMap<>();
        for (String[] entry : named) {
            String earlier = first.putIfAbsent(entry[0], entry[2]);
            if (earlier != null) {
                fields.add(entry[1], "'" + entry[0] + "' is already the name of " + earlier);
            }
        }
    }
}
