package io.datasync.models.transform;

import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.job.TransformStep;
import io.datasync.models.option.Option;
import io.datasync.models.option.OptionDoc;
import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every transform kind with the shape of its config, declared once as an {@link Option} named by the kind (the same
 * options model as connection settings and connector options). {@link #validate} reports every problem of a step at
 * once; {@link #expressions} lists the CEL expressions a step carries (its {@code expression} values) so the caller,
 * which owns the CEL library, can compile them.
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

    private static final Map<String, Option<?>> KINDS = new LinkedHashMap<>();

    static {
        Option<String> column = Option.text("column", "a column name").checkedBy(TransformCatalog::column);
        register(columns(
                "rename",
                Option.text("to", "the new name").checkedBy(TransformCatalog::column),
                "renames columns: {old: new}"));
        register(Option.list("drop", column, "removes columns: [a, b]").nonEmpty());
        register(columns(
                "cast",
                Option.text("type", "a type").checkedBy(CastTypes::problem),
                "converts columns to a type: {amount: decimal(12,2)}"));
        register(columns(
                "normalize",
                Option.choice("operation", "a normalization", sorted(NORMALIZATIONS)),
                "cleans values: {email: lower-trim}"));
        Options charsets = Options.of(
                Option.text("from", "the charset the text was decoded with")
                        .mandatory()
                        .checkedBy(TransformCatalog::charset),
                Option.text("to", "the charset it should have been").mandatory().checkedBy(TransformCatalog::charset));
        register(columns(
                "convert",
                Option.object("charsets", charsets, "{from, to}"),
                "re-encodes text: {note: {from: GBK, to: UTF-8}}"));
        register(columns(
                "derive",
                Option.expression("expression", "a CEL expression"),
                "adds computed columns: {total_cents: \"amount * 100\"} (CEL)"));
        register(Option.expression("filter", "keeps rows where a CEL condition holds: \"status != 'test'\""));
        register(columns("mask", Option.choice("mask", "a mask", sorted(MASKS)), "hides values: {email: hash}"));
        register(columns("defaults", Option.scalar("value", "the value"), "fills missing values: {country: CN}"));
        register(Option.object(
                "rules",
                Options.of(Option.text("ruleSet", "the rule set's name").mandatory()),
                "applies a config-service rule set: {ruleSet: orders-rules}"));
    }

    private TransformCatalog() {}

    /** The known kinds, with a one-line description each, in a stable order. */
    public static Map<String, String> kinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        KINDS.forEach((name, option) -> kinds.put(name, option.doc()));
        return kinds;
    }

    /** The known kinds' config shapes as data, for the catalog. */
    public static List<OptionDoc> describe() {
        return Options.of(KINDS.values().toArray(Option<?>[]::new)).describe();
    }

    /**
     * Every problem of one step.
     *
     * @param pointer the step's JSON pointer, e.g. {@code /transforms/2}; errors point below it
     */
    public static List<FieldError> validate(TransformStep step, String pointer) {
        Option<?> kind = KINDS.get(step.kind());
        List<FieldError> errors = new ArrayList<>();
        if (kind == null) {
            errors.add(new FieldError(
                    pointer, "unknown transform '" + step.kind() + "'; known: " + String.join(", ", KINDS.keySet())));
            return errors;
        }
        if (step.config() == null) {
            errors.add(new FieldError(pointer + "/" + step.kind(), "needs a config: " + kind.doc()));
            return errors;
        }
        kind.read(step.config(), pointer + "/" + step.kind(), errors);
        return errors;
    }

    /**
     * A step's config as its declaration reads it (choices in their declared spelling, nested values checked), or null
     * with the problems added to {@code errors}.
     */
    public static Object read(TransformStep step, String pointer, List<FieldError> errors) {
        int before = errors.size();
        errors.addAll(validate(step, pointer));
        return errors.size() > before
                ? null
                : KINDS.get(step.kind()).read(step.config(), pointer + "/" + step.kind(), new ArrayList<>());
    }

    /** The CEL expressions of a step by JSON pointer, for the caller to compile. */
    public static Map<String, String> expressions(TransformStep step, String pointer) {
        Option<?> kind = KINDS.get(step.kind());
        return kind == null || step.config() == null
                ? Map.of()
                : kind.expressions(step.config(), pointer + "/" + step.kind());
    }

    private static void register(Option<?> kind) {
        KINDS.put(kind.name(), kind);
    }

    /** A non-empty map from column to something, with column names checked too. */
    private static Option<Map<String, Object>> columns(String kind, Option<?> value, String doc) {
        return Option.map(kind, value, doc)
                .keysCheckedBy(TransformCatalog::column)
                .nonEmpty();
    }

    private static String column(String name) {
        return SqlIdentifiers.isColumn(name)
                ? null
                : "'" + name + "' is not a safe column name: " + SqlIdentifiers.rule();
    }

    private static String charset(String name) {
        try {
            return Charset.isSupported(name)
                    ? null
                    : "'" + name + "' is not a known character set (e.g. UTF-8, GBK, ISO-8859-1)";
        } catch (IllegalCharsetNameException e) {
            return "'" + name + "' is not a valid character set name";
        }
    }

    private static String[] sorted(Set<String> values) {
        return values.stream().sorted().toArray(String[]::new);
    }
}
