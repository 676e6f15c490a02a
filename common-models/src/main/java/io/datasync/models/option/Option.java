package io.datasync.models.option;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One declared option: its name, kind, whether it is required, its default, what else it must satisfy and what it is
 * for. Everything that validates, masks, encrypts, documents or parses an option follows from this declaration.
 *
 * @param name the key in its object, camelCase
 * @param kind what the value is, and what Java type it is read as
 * @param required whether a value must be given (an option with a default is never required)
 * @param defaultValue filled in when no value is given (as read, e.g. a {@code Duration}); null for none
 * @param choices the accepted values of a {@link Kind#CHOICE}, matched ignoring case
 * @param element the declaration each element of a {@link Kind#LIST}, or each value of a {@link Kind#MAP}, satisfies
 * @param fields the nested options of an {@link Kind#OBJECT}
 * @param check a further check of the value as read; null for none
 * @param keyCheck for a {@link Kind#MAP}, a check of each key; null for none
 * @param allowEmpty for text kinds, whether {@code ""} is a value (else blank text is refused)
 * @param maxLength for text kinds, the most characters; for lists and maps, the most entries
 * @param doc what the option is for, shown to users
 * @param reaches for a setting that names something the platform connects to (a URL, a directory, hosts), what it is,
 *     so the egress policy is applied to it wherever it is used; null for other settings
 * @param <T> the Java type the value is read as
 */
public record Option<T>(
        String name,
        Kind kind,
        boolean required,
        T defaultValue,
        List<String> choices,
        Option<?> element,
        Options fields,
        Check<? super T> check,
        Check<String> keyCheck,
        boolean allowEmpty,
        int maxLength,
        String doc,
        io.datasync.models.egress.EgressTarget reaches) {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    /** Longest text accepted for one value unless declared otherwise: options are configuration, not data. */
    public static final int MAX_TEXT = 4096;

    /** Most entries of a list or map unless declared otherwise. */
    public static final int MAX_ENTRIES = 1000;

    /** What an option's value is, and the Java type it is read as. */
    public enum Kind {
        /** Text ({@code String}); numbers and booleans are read as their text. */
        TEXT("text"),
        /** Text encrypted at rest and masked in every response and log ({@code String}). */
        SECRET("secret"),
        /** A CEL expression ({@code String}), compiled by whoever owns the CEL library. */
        EXPRESSION("CEL expression"),
        /** A whole number ({@code Integer}). */
        INTEGER("whole number"),
        /** {@code Boolean}. */
        BOOLEAN("true or false"),
        /** One of {@link Option#choices()} ({@code String}, as declared). */
        CHOICE("one of"),
        /** A duration written like {@code 500ms}, {@code 10s}, {@code 5m} or {@code PT10S} ({@code Duration}). */
        DURATION("duration"),
        /** Text, a number or a boolean, kept as given. */
        SCALAR("text, number or boolean"),
        /** Any JSON value, kept as given. */
        JSON("any JSON value"),
        /** A list ({@code List<Object>}) of {@link Option#element()}s. */
        LIST("list"),
        /** An object ({@code Map<String, Object>}) of free keys to {@link Option#element()}s. */
        MAP("map"),
        /** An object ({@code Map<String, Object>}) of declared {@link Option#fields()}. */
        OBJECT("object");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The kind in words, for messages and the catalog. */
        public String words() {
            return words;
        }

        boolean text() {
            return this == TEXT || this == SECRET || this == EXPRESSION;
        }
    }

    public Option {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("option name '" + name + "' must be camelCase");
        }
        Objects.requireNonNull(kind, "kind");
        if (doc == null || doc.isBlank()) {
            throw new IllegalArgumentException("option '" + name + "' needs a doc");
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if ((kind == Kind.CHOICE) == choices.isEmpty()) {
            throw new IllegalArgumentException("option '" + name + "': choices are for CHOICE options only");
        }
        if ((kind == Kind.LIST || kind == Kind.MAP) != (element != null)) {
            throw new IllegalArgumentException("option '" + name + "': an element is for LIST and MAP options only");
        }
        if ((kind == Kind.OBJECT) != (fields != null)) {
            throw new IllegalArgumentException("option '" + name + "': fields are for OBJECT options only");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("option '" + name + "' cannot be both required and defaulted");
        }
        if (kind == Kind.SECRET && defaultValue != null) {
            throw new IllegalArgumentException("secret option '" + name + "' cannot have a default");
        }
        if (kind == Kind.CHOICE && defaultValue != null && !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("option '" + name + "': default is not one of " + choices);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("option '" + name + "': maxLength must not be negative");
        }
    }

    // --- factories -------------------------------------------------------------------------------------------------

    public static Option<String> text(String name, String doc) {
        return of(name, Kind.TEXT, null, null, null, MAX_TEXT, doc);
    }

    public static Option<String> secret(String name, String doc) {
        return of(name, Kind.SECRET, null, null, null, MAX_TEXT, doc);
    }

    public static Option<String> expression(String name, String doc) {
        return of(name, Kind.EXPRESSION, null, null, null, MAX_TEXT, doc);
    }

    public static Option<Integer> integer(String name, String doc) {
        return of(name, Kind.INTEGER, null, null, null, 0, doc);
    }

    public static Option<Boolean> bool(String name, String doc) {
        return of(name, Kind.BOOLEAN, null, null, null, 0, doc);
    }

    public static Option<String> choice(String name, String doc, String... choices) {
        return of(name, Kind.CHOICE, List.of(choices), null, null, 0, doc);
    }

    public static Option<Duration> duration(String name, String doc) {
        return of(name, Kind.DURATION, null, null, null, 0, doc);
    }

    public static Option<Object> scalar(String name, String doc) {
        return of(name, Kind.SCALAR, null, null, null, MAX_TEXT, doc);
    }

    public static Option<Object> json(String name, String doc) {
        return of(name, Kind.JSON, null, null, null, 0, doc);
    }

    public static Option<List<Object>> list(String name, Option<?> element, String doc) {
        return of(name, Kind.LIST, null, element, null, MAX_ENTRIES, doc);
    }

    public static Option<Map<String, Object>> map(String name, Option<?> element, String doc) {
        return of(name, Kind.MAP, null, element, null, MAX_ENTRIES, doc);
    }

    /** A nested object; when absent it is read as an empty object, so its own defaults apply. */
    public static Option<Map<String, Object>> object(String name, Options fields, String doc) {
        return of(name, Kind.OBJECT, null, null, fields, 0, doc);
    }

    private static <T> Option<T> of(
            String name, Kind kind, List<String> choices, Option<?> element, Options fields, int max, String doc) {
        return new Option<>(name, kind, false, null, choices, element, fields, null, null, false, max, doc, null);
    }

    // --- refinements -----------------------------------------------------------------------------------------------

    /** Declares what the setting reaches, so the egress policy applies to it. */
    public Option<T> reaching(io.datasync.models.egress.EgressTarget target) {
        return with(d -> d.reaches = target);
    }

    public Option<T> mandatory() {
        return with(d -> {
            d.required = true;
            d.defaultValue = null;
        });
    }

    public Option<T> withDefault(T value) {
        return with(d -> {
            d.required = false;
            d.defaultValue = value;
        });
    }

    /** Adds a check; with one already declared, both must pass. */
    @SuppressWarnings("unchecked")
    public Option<T> checkedBy(Check<? super T> more) {
        Check<T> first = (Check<T>) check;
        Check<T> second = (Check<T>) more;
        return with(d -> d.check = first == null
                ? second
                : value -> {
                    String problem = first.problem(value);
                    return problem != null ? problem : second.problem(value);
                });
    }

    public Option<T> keysCheckedBy(Check<String> keys) {
        return with(d -> d.keyCheck = keys);
    }

    /** Lets text be empty or blank ({@code ""}, a tab), e.g. a "no escape character" or a tab delimiter setting. */
    public Option<T> emptyAllowed() {
        return with(d -> d.allowEmpty = true);
    }

    public Option<T> maxLength(int max) {
        return with(d -> d.maxLength = max);
    }

    /** A copy with what {@code change} changes; the record checks the result like any declaration. */
    private Option<T> with(java.util.function.Consumer<Draft<T>> change) {
        Draft<T> draft = new Draft<>(this);
        change.accept(draft);
        return new Option<>(
                name,
                kind,
                draft.required,
                draft.defaultValue,
                choices,
                element,
                fields,
                draft.check,
                draft.keyCheck,
                draft.allowEmpty,
                draft.maxLength,
                draft.doc,
                draft.reaches);
    }

    /** The refinable parts of a declaration, while a refinement is made. */
    private static final class Draft<T> {
        boolean required;
        T defaultValue;
        Check<? super T> check;
        Check<String> keyCheck;
        boolean allowEmpty;
        int maxLength;
        String doc;
        io.datasync.models.egress.EgressTarget reaches;

        Draft(Option<T> o) {
            required = o.required;
            defaultValue = o.defaultValue;
            check = o.check;
            keyCheck = o.keyCheck;
            allowEmpty = o.allowEmpty;
            maxLength = o.maxLength;
            doc = o.doc;
            reaches = o.reaches;
        }
    }

    /** For whole numbers: between {@code min} and {@code max}, both included. */
    public Option<T> between(int min, int max) {
        if (kind != Kind.INTEGER) {
            throw new IllegalStateException("option '" + name + "': between is for whole numbers");
        }
        // the range is part of the doc, so the catalog and the README tables say it before a save is refused
        return checkedBy(v -> {
                    int n = (Integer) v;
                    return n < min || n > max ? "must be between " + min + " and " + max : null;
                })
                .with(d -> d.doc = doc + " (" + min + " to " + max + ")");
    }

    /** For lists and maps: at least one entry. */
    public Option<T> nonEmpty() {
        return checkedBy(v ->
                v instanceof java.util.Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty()
                        ? (kind == Kind.LIST ? "must list at least one entry" : "must have at least one entry")
                        : null);
    }

    /**
     * Reads one value as this option's kind, adding every problem (also of nested values) to {@code errors}.
     *
     * @param at the value's JSON pointer
     * @return the value read, or null when it has problems (or is null and not required)
     */
    public Object read(Object value, String at, List<io.datasync.models.problem.FieldError> errors) {
        if (value == null) {
            if (required) {
                errors.add(new io.datasync.models.problem.FieldError(at, "is required: " + doc));
            }
            return defaultValue;
        }
        return Options.Reader.read(this, value, at, errors);
    }

    /** The CEL expressions in a value read by this option, by JSON pointer. */
    public Map<String, String> expressions(Object value, String at) {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        Options.Reader.expressions(this, value, at, found);
        return found;
    }

    public boolean secret() {
        return kind == Kind.SECRET;
    }

    /** The kind in words with what it holds, e.g. {@code list of text} or {@code one of [csv, jsonl]}. */
    public String describeType() {
        return switch (kind) {
            case CHOICE -> "one of " + String.join(", ", choices);
            case LIST -> "list of " + element.describeType();
            case MAP -> "map of " + element.describeType();
            default -> kind.words();
        };
    }

    /** The choice as declared that {@code given} names, ignoring case; null when none does. */
    String choiceFor(String given) {
        for (String c : choices) {
            if (c.equalsIgnoreCase(given)) {
                return c;
            }
        }
        return null;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
