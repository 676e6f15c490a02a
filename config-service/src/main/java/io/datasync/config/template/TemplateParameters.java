package io.datasync.config.template;

import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds and substitutes {@code ${name}} placeholders in a template's definition tree. A string that is exactly one
 * placeholder takes the parameter's value with its JSON type (a number stays a number); a placeholder inside a longer
 * string, or in an object key, is replaced by the value's text. Substituting in the parsed tree rather than in the
 * text means a parameter value can never change the document's structure.
 */
final class TemplateParameters {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    private TemplateParameters() {}

    /** Every placeholder name the tree uses, in order of first use. */
    static Set<String> used(JsonNode tree) {
        Set<String> names = new LinkedHashSet<>();
        collect(tree, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isString()) {
            find(node.asString(), names);
        } else if (node.isObject()) {
            for (var e : node.properties()) {
                find(e.getKey(), names);
                collect(e.getValue(), names);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }

    private static void find(String text, Set<String> names) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    /**
     * The value of every declared parameter: given, else its default. Unknown and missing parameters are reported
     * together, each at {@code /parameters/<name>}.
     */
    static Map<String, JsonNode> resolve(
            List<TemplateService.Parameter> declared, Map<String, JsonNode> given, List<FieldError> errors) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Set<String> known = new LinkedHashSet<>();
        for (TemplateService.Parameter p : declared) {
            known.add(p.name());
            JsonNode value = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            if (value == null || value.isNull()) {
                errors.add(new FieldError(
                        "/parameters/" + Json.token(p.name()),
                        "parameter '" + p.name() + "' is required"
                                + (p.description() == null ? "" : " (" + p.description() + ")")));
            } else {
                values.put(p.name(), value);
            }
        }
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                errors.add(new FieldError(
                        "/parameters/" + Json.token(name),
                        "unknown parameter '" + name + "'; this template takes " + known));
            }
        }
        return values;
    }

    /** A copy of {@code tree} with every placeholder replaced. */
    static JsonNode substitute(JsonNode tree, Map<String, JsonNode> values) {
        if (tree.isString()) {
            String text = tree.asString();
            Matcher whole = PLACEHOLDER.matcher(text);
            if (whole.matches()) {
                return values.get(whole.group(1)).deepCopy();
            }
            return JsonNodeFactory.instance.stringNode(replace(text, values));
        }
        if (tree.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (var e : tree.properties()) {
                out.set(replace(e.getKey(), values), substitute(e.getValue(), values));
            }
            return out;
        }
        if (tree.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            tree.forEach(child -> out.add(substitute(child, values)));
            return out;
        }
        return tree.deepCopy();
    }

    private static String replace(String text, Map<String, JsonNode> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = values.get(m.group(1));
            m.appendReplacement(
                    out, Matcher.quoteReplacement(value.isValueNode() ? value.asString() : value.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<FieldError> checkDeclared(List<TemplateService.Parameter> declared, JsonNode definition) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            String name = declared.get(i).name();
            if (name == null || !NAME.matcher(name).matches()) {
                errors.add(new FieldError(
                        "/parameters/" + i + "/name", "'" + name + "' is not a valid parameter name (" + NAME + ")"));
            } else if (!names.add(name)) {
                errors.add(new FieldError("/parameters/" + i + "/name", "parameter '" + name + "' is declared twice"));
            }
        }
        for (String used : used(definition)) {
            if (!names.contains(used)) {
                errors.add(
                        new FieldError("/definition", "uses ${" + used + "} but declares no parameter '" + used + "'"));
            }
        }
        return errors;
    }
}
