package io.datasync.models.transform;

import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.job.TransformStep;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every transform kind with the shape of its options. {@link #validate} reports every problem of a step at once;
 * {@link #expressions} lists the CEL expressions a step carries so the caller (which owns the CEL library) can compile
 * them.
 */
public final class TransformCatalog {

    /** The SQL-ish types {@code cast} converts to. */
    public static final Pattern CAST_TYPE = Pattern.compile(
            "(smallint|int|integer|bigint|real|double|float|boolean|text|varchar(\\(\\d{1,5}\\))?|date|time|timestamp"
                    + "|timestamptz|uuid|json|jsonb|bytea|decimal(\\(\\d{1,2}(,\\s*\\d{1,2})?\\))?"
                    + "|numeric(\\(\\d{1,2}(,\\s*\\d{1,2})?\\))?)");

    /** The operations {@code normalize} knows. */
    public static final Set<String> NORMALIZATIONS =
            Set.of("trim", "lower", "upper", "lower-trim", "upper-trim", "iso-date", "iso-timestamp", "number");

    /** The ways {@code mask} hides a value. */
    public static final Set<String> MASKS = Set.of("hash", "partial", "null");

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        register("rename", "renames columns: {old: new}", TransformCatalog::columnToColumn);
        register("drop", "removes columns: [a, b]", TransformCatalog::columnList);
        register(
                "cast",
                "converts columns to a type: {amount: decimal(12,2)}",
                (step, out) -> columnMap(step, out, (value, at) -> {
                    if (!(value instanceof String type)
                            || !CAST_TYPE.matcher(type.toLowerCase()).matches()) {
                        out.add(
                                at,
                                "'" + value + "' is not a type cast knows (e.g. int, bigint, decimal(12,2), text,"
                                        + " boolean, date, timestamp)");
                    }
                }));
        register(
                "normalize",
                "cleans values: {email: lower-trim}",
                (step, out) -> columnMap(step, out, (value, at) -> {
                    if (!(value instanceof String op) || !NORMALIZATIONS.contains(op)) {
                        out.add(at, "'" + value + "' is not one of " + sorted(NORMALIZATIONS));
                    }
                }));
        register(
                "convert",
                "re-encodes text: {note: {from: GBK, to: UTF-8}}",
                (step, out) -> columnMap(step, out, (value, at) -> {
                    if (!(value instanceof Map<?, ?> map) || !map.keySet().equals(Set.of("from", "to"))) {
                        out.add(at, "must be {from: <charset>, to: <charset>}");
                        return;
                    }
                    charset(map.get("from"), at + "/from", out);
                    charset(map.get("to"), at + "/to", out);
                }));
        register(
                "derive",
                "adds computed columns: {total_cents: \"amount * 100\"} (CEL)",
                (step, out) -> columnMap(step, out, (value, at) -> expression(value, at, out)));
        register("filter", "keeps rows where a CEL condition holds: \"status != 'test'\"", (step, out) -> {
            if (step.config() instanceof String) {
                expression(step.config(), out.base(), out);
            } else {
                out.add(out.base(), "must be a CEL condition, e.g. \"amount > 0\"");
            }
        });
        register(
                "mask",
                "hides values: {email: hash}",
                (step, out) -> columnMap(step, out, (value, at) -> {
                    if (!(value instanceof String mask) || !MASKS.contains(mask)) {
                        out.add(at, "'" + value + "' is not one of " + sorted(MASKS));
                    }
                }));
        register(
                "defaults",
                "fills missing values: {country: CN}",
                (step, out) -> columnMap(step, out, (value, at) -> {
                    if (value instanceof Map<?, ?> || value instanceof List<?>) {
                        out.add(at, "must be a single value");
                    }
                }));
        register("rules", "applies a config-service rule set: {ruleSet: orders-rules}", (step, out) -> {
            if (!(step.config() instanceof Map<?, ?> map)
                    || !map.keySet().equals(Set.of("ruleSet"))
                    || !(map.get("ruleSet") instanceof String)) {
                out.add(out.base(), "must be {ruleSet: <name>}");
            }
        });
    }

    private TransformCatalog() {}

    /** The known kinds, with a one-line description each, in a stable order. */
    public static Map<String, String> kinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        KINDS.forEach((name, kind) -> kinds.put(name, kind.doc()));
        return kinds;
    }

    /**
     * Every problem of one step.
     *
     * @param pointer the step's JSON pointer, e.g. {@code /transforms/2}; errors point below it
     */
    public static List<FieldError> validate(TransformStep step, String pointer) {
        Kind kind = KINDS.get(step.kind());
        Problems out = new Problems(pointer + "/" + step.kind());
        if (kind == null) {
            out.add(pointer, "unknown transform '" + step.kind() + "'; known: " + String.join(", ", KINDS.keySet()));
        } else {
            kind.check().accept(step, out);
        }
        return out.errors;
    }

    /** The CEL expressions of a step by JSON pointer, for the caller to compile. */
    public static Map<String, String> expressions(TransformStep step, String pointer) {
        Map<String, String> expressions = new LinkedHashMap<>();
        String base = pointer + "/" + step.kind();
        if (step.kind().equals("filter") && step.config() instanceof String condition) {
            expressions.put(base, condition);
        } else if (step.kind().equals("derive") && step.config() instanceof Map<?, ?> map) {
            map.forEach((column, expression) -> {
                if (expression instanceof String text) {
                    expressions.put(base + "/" + Json.token(String.valueOf(column)), text);
                }
            });
        }
        return expressions;
    }

    private record Kind(String doc, BiConsumer<TransformStep, Problems> check) {}

    /** Collects errors below one step's pointer. */
    private static final class Problems {
        private final String base;
        private final List<FieldError> errors = new ArrayList<>();

        Problems(String base) {
            this.base = base;
        }

        String base() {
            return base;
        }

        void add(String pointer, String message) {
            errors.add(new FieldError(pointer, message));
        }
    }

    private static void register(String name, String doc, BiConsumer<TransformStep, Problems> check) {
        KINDS.put(name, new Kind(doc, check));
    }

    /** A map from column to something checked by {@code value}, with column names checked too. */
    private static void columnMap(TransformStep step, Problems out, BiConsumer<Object, String> value) {
        if (!(step.config() instanceof Map<?, ?> map) || map.isEmpty()) {
            out.add(out.base(), "must be a non-empty object keyed by column name");
            return;
        }
        map.forEach((column, v) -> {
            String at = out.base() + "/" + Json.token(String.valueOf(column));
            if (!SqlIdentifiers.isColumn(String.valueOf(column))) {
                out.add(at, "'" + column + "' is not a safe column name: " + SqlIdentifiers.rule());
            }
            value.accept(v, at);
        });
    }

    private static void columnToColumn(TransformStep step, Problems out) {
        columnMap(step, out, (value, at) -> {
            if (!(value instanceof String target) || !SqlIdentifiers.isColumn(target)) {
                out.add(at, "'" + value + "' is not a safe column name: " + SqlIdentifiers.rule());
            }
        });
    }

    private static void columnList(TransformStep step, Problems out) {
        if (!(step.config() instanceof List<?> list) || list.isEmpty()) {
            out.add(out.base(), "must be a non-empty list of column names");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!SqlIdentifiers.isColumn(String.valueOf(list.get(i)))) {
                out.add(
                        out.base() + "/" + i,
                        "'" + list.get(i) + "' is not a safe column name: " + SqlIdentifiers.rule());
            }
        }
    }

    private static void charset(Object name, String at, Problems out) {
        try {
            if (!(name instanceof String text) || !Charset.isSupported(text)) {
                out.add(at, "'" + name + "' is not a known character set (e.g. UTF-8, GBK, ISO-8859-1)");
            }
        } catch (IllegalCharsetNameException e) {
            out.add(at, "'" + name + "' is not a valid character set name");
        }
    }

    private static void expression(Object value, String at, Problems out) {
        if (!(value instanceof String text) || text.isBlank()) {
            out.add(at, "must be a CEL expression");
        } else if (text.length() > 4096) {
            out.add(at, "a CEL expression must stay under 4096 characters");
        }
    }

    private static String sorted(Set<String> values) {
        return Arrays.stream(values.toArray(String[]::new)).sorted().collect(Collectors.joining(", "));
    }
}
