package io.datasync.kit.quality;

import io.datasync.models.job.Names;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads the members of a rule set's JSON, recording each problem as a {@link FieldError} at the member's JSON pointer
 * and going on, so that one reading reports every problem. Each reader gives null for a member that is missing (JSON
 * null counts as missing) or wrong.
 */
final class Fields {

    /** Longest text value accepted where no tighter limit applies. */
    static final int MAX_TEXT_CHARS = 1000;

    private final List<FieldError> errors = new ArrayList<>();

    void add(String at, String message) {
        errors.add(new FieldError(at.isEmpty() ? "/" : at, message));
    }

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** How many problems are recorded: compare before and after reading a part to tell whether it was sound. */
    int count() {
        return errors.size();
    }

    /** The pointer of a member of the object at {@code at}. */
    static String at(String at, String key) {
        return at + "/" + Json.token(key);
    }

    static boolean missing(JsonNode node) {
        return node == null || node.isNull();
    }

    /** Whether the node is an object; else records that {@code expected} was. */
    boolean object(JsonNode node, String at, String expected) {
        if (missing(node)) {
            add(at, "is required: " + expected);
            return false;
        }
        if (!node.isObject()) {
            add(at, "expected " + expected);
            return false;
        }
        return true;
    }

    void unknownKeys(JsonNode node, String at, Collection<String> known) {
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                add(at(at, key), "unknown field '" + key + "'; known fields: " + known);
            }
        }
    }

    private boolean required(JsonNode node, String at, boolean required, String expected) {
        if (missing(node)) {
            if (required) {
                add(at, "is required: " + expected);
            }
            return false;
        }
        return true;
    }

    /** A name users give: {@link Names#SAFE}. */
    String name(JsonNode node, String at, boolean required) {
        if (!required(node, at, required, "a name, " + Names.RULE)) {
            return null;
        }
        if (!node.isString() || !Names.isSafe(node.stringValue())) {
            add(at, "must be " + Names.RULE);
            return null;
        }
        return node.stringValue();
    }

    /** A column name: {@link SqlIdentifiers#isColumn}, so that it can be quoted into SQL safely. */
    String column(JsonNode node, String at, boolean required) {
        if (!required(node, at, required, "a column name")) {
            return null;
        }
        if (!node.isString() || !SqlIdentifiers.isColumn(node.stringValue())) {
            add(at, "a column name must be " + SqlIdentifiers.rule());
            return null;
        }
        return node.stringValue();
    }

    /** Non-blank text of at most {@code maxChars} characters. */
    String text(JsonNode node, String at, boolean required, int maxChars, String expected) {
        if (!required(node, at, required, expected)) {
            return null;
        }
        if (!node.isString() || node.stringValue().isBlank()) {
            add(at, "expected " + expected + " as non-blank text");
            return null;
        }
        if (node.stringValue().length() > maxChars) {
            add(at, "is " + node.stringValue().length() + " characters; at most " + maxChars);
            return null;
        }
        return node.stringValue();
    }

    /** One of an enum's constants, by its wire name ({@code toString()}), in any case. */
    <E extends Enum<E>> E choice(JsonNode node, String at, boolean required, E[] constants) {
        String choices = Arrays.stream(constants).map(String::valueOf).collect(Collectors.joining(", "));
        if (!required(node, at, required, "one of " + choices)) {
            return null;
        }
        if (node.isString()) {
            for (E constant : constants) {
                if (constant.toString().equalsIgnoreCase(node.stringValue())) {
                    return constant;
                }
            }
        }
        add(at, "expected one of " + choices);
        return null;
    }

    /** A JSON number, exactly (as {@link BigDecimal}). */
    BigDecimal number(JsonNode node, String at, boolean required) {
        if (!required(node, at, required, "a number")) {
            return null;
        }
        if (!node.isNumber()) {
            add(at, "expected a number");
            return null;
        }
        return decimal(node);
    }

    /** A JSON integer between {@code min} and {@code max}. */
    Integer integer(JsonNode node, String at, boolean required, int min, int max) {
        if (!required(node, at, required, "an integer")) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            add(at, "expected an integer from " + min + " to " + max);
            return null;
        }
        return node.intValue();
    }

    Boolean bool(JsonNode node, String at, boolean required) {
        if (!required(node, at, required, "true or false")) {
            return null;
        }
        if (!node.isBoolean()) {
            add(at, "expected true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** A JSON scalar as a rule set holds it: text, a {@link BigDecimal} or a boolean; null for anything else. */
    static Object scalar(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return decimal(node);
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    private static BigDecimal decimal(JsonNode node) {
        return Values.normalize(node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue());
    }
}
