package io.datasync.models.option;

import io.datasync.models.job.Durations;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declared options of one object — a connection's settings, a connector's source or target options, a nested
 * object — plus the {@link Rule}s that relate them. {@link #validate} reports every problem at once as JSON pointers
 * and returns the values read as their kinds, with defaults filled in. Immutable and thread-safe.
 */
public final class Options {

    /** What a response shows in place of a secret. */
    public static final String MASK = "******";

    /** An object that accepts no options at all. */
    public static final Options NONE = Options.of();

    /** Receives each present secret with its pointer inside the object, e.g. {@code /auth/password}. */
    @FunctionalInterface
    public interface SecretMapper {
        /** The value to keep in place of the secret; null removes it. */
        Object map(String pointer, String value);
    }

    /** The values of an object after {@link #parse}: declared options with defaults, read as their kinds. */
    public record Values(Map<String, Object> map) {

        public Values {
            map = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }

        /** The value of an option, null when absent and without a default. */
        @SuppressWarnings("unchecked")
        public <T> T get(Option<T> option) {
            return (T) map.get(option.name());
        }

        /** The value of a nested object option as values of its own. */
        @SuppressWarnings("unchecked")
        public Values object(Option<Map<String, Object>> option) {
            Object value = map.get(option.name());
            return new Values(value == null ? Map.of() : (Map<String, Object>) value);
        }
    }

    /** Every problem of an object's options, each with its JSON pointer. */
    public static final class InvalidOptionsException extends RuntimeException {
        private final List<FieldError> errors;

        public InvalidOptionsException(List<FieldError> errors) {
            super(describe(errors));
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }

        private static String describe(List<FieldError> errors) {
            StringBuilder b = new StringBuilder();
            for (FieldError e : errors) {
                b.append(b.isEmpty() ? "" : "; ")
                        .append(e.pointer())
                        .append(": ")
                        .append(e.message());
            }
            return b.toString();
        }
    }

    private final Map<String, Option<?>> options = new LinkedHashMap<>();
    private final List<Rule> rules;

    private Options(List<Option<?>> options, List<Rule> rules) {
        for (Option<?> option : options) {
            if (this.options.putIfAbsent(option.name(), option) != null) {
                throw new IllegalArgumentException("option '" + option.name() + "' is declared twice");
            }
        }
        this.rules = List.copyOf(rules);
    }

    public static Options of(Option<?>... options) {
        return new Options(List.of(options), List.of());
    }

    public static Options of(List<Option<?>> options, Rule... rules) {
        return new Options(options, List.of(rules));
    }

    /** These options with more rules. */
    public Options withRules(Rule... more) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(List.of(more));
        return new Options(new ArrayList<>(options.values()), all);
    }

    public Collection<Option<?>> options() {
        return options.values();
    }

    public Optional<Option<?>> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return options.isEmpty();
    }

    /**
     * Checks {@code input} against the declaration.
     *
     * @param pointer the JSON pointer of {@code input} in the request, e.g. {@code /source/options}
     * @param errors where every problem is added
     * @return the values that passed, read as their kinds, with defaults and derived values filled in, in declaration
     *     order
     */
    public Map<String, Object> validate(Object input, String pointer, List<FieldError> errors) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (input != null && !(input instanceof Map<?, ?>)) {
            errors.add(new FieldError(at(pointer), "expected an object, not " + Reader.describe(input)));
            return result;
        }
        Map<?, ?> given = input == null ? Map.of() : (Map<?, ?>) input;
        for (Object key : given.keySet()) {
            String name = String.valueOf(key);
            if (!options.containsKey(name)) {
                errors.add(new FieldError(pointer + "/" + Json.token(name), unknown(name)));
            }
        }
        Set<String> failed = new HashSet<>();
        Set<String> present = new HashSet<>();
        for (Option<?> option : options.values()) {
            String at = pointer + "/" + option.name();
            Object value = given.get(option.name());
            if (value != null) {
                present.add(option.name());
            }
            if (value == null && option.kind() == Option.Kind.OBJECT) {
                value = Map.of(); // an absent object still gets its own defaults
            }
            if (value == null) {
                if (option.defaultValue() != null) {
                    result.put(option.name(), option.defaultValue());
                } else if (option.required()) {
                    errors.add(new FieldError(at, "is required: " + option.doc()));
                    failed.add(option.name());
                }
                continue;
            }
            int before = errors.size();
            Object read = Reader.read(option, value, at, errors);
            if (errors.size() == before) {
                result.put(option.name(), read);
            } else {
                failed.add(option.name());
            }
        }
        Scope scope = new Scope(result, present, failed, pointer, errors);
        rules.forEach(rule -> rule.body().apply(scope));
        return result;
    }

    /**
     * Reads and checks {@code input}.
     *
     * @throws InvalidOptionsException with every problem
     */
    public Values parse(Object input, String pointer) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = validate(input, pointer, errors);
        if (!errors.isEmpty()) {
            throw new InvalidOptionsException(errors);
        }
        return new Values(values);
    }

    /** "Unknown option", naming the declared option it most likely was meant to be. */
    private String unknown(String name) {
        String close = null;
        int best = 3;
        for (String known : options.keySet()) {
            int d = known.equalsIgnoreCase(name) ? 0 : distance(Option.lower(known), Option.lower(name));
            if (d < best) {
                best = d;
                close = known;
            }
        }
        String known = options.isEmpty() ? "none are accepted here" : "known: " + String.join(", ", options.keySet());
        return "unknown option '" + name + "'" + (close == null ? "" : "; did you mean '" + close + "'?") + " (" + known
                + ")";
    }

    /** Levenshtein distance, for typo hints. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * A deep copy of valid {@code values} where each present secret is replaced by what {@code mapper} makes of it
     * (encrypted, decrypted or masked); a null from the mapper removes the secret.
     */
    public Map<String, Object> mapSecrets(Map<String, Object> values, SecretMapper mapper) {
        return mapSecrets(values, "", mapper);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mapSecrets(Map<String, Object> values, String pointer, SecretMapper mapper) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            Option<?> option = options.get(name);
            if (option != null && option.kind() == Option.Kind.OBJECT && value instanceof Map<?, ?> nested) {
                copy.put(name, option.fields().mapSecrets((Map<String, Object>) nested, pointer + "/" + name, mapper));
            } else if (option != null && option.secret() && value instanceof String secret) {
                Object mapped = mapper.map(pointer + "/" + name, secret);
                if (mapped != null) {
                    copy.put(name, mapped);
                }
            } else {
                copy.put(name, value);
            }
        });
        return copy;
    }

    /** The pointers (inside the object) of every declared secret, e.g. {@code /password}, {@code /auth/token}. */
    public List<String> secretPointers() {
        List<String> pointers = new ArrayList<>();
        options.values().forEach(option -> {
            if (option.secret()) {
                pointers.add("/" + option.name());
            } else if (option.kind() == Option.Kind.OBJECT) {
                option.fields().secretPointers().forEach(p -> pointers.add("/" + option.name() + p));
            }
        });
        return pointers;
    }

    /**
     * The CEL expressions among valid {@code values}, by JSON pointer below {@code pointer}, for the caller (which owns
     * the CEL library) to compile.
     */
    @SuppressWarnings("unchecked")
    public Map<String, String> expressions(Map<String, Object> values, String pointer) {
        Map<String, String> found = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            Option<?> option = options.get(name);
            if (option != null) {
                Reader.expressions(option, value, pointer + "/" + Json.token(name), found);
            }
        });
        return found;
    }

    /** The declaration as data, for the catalog and the generated READMEs. */
    public List<OptionDoc> describe() {
        List<OptionDoc> docs = new ArrayList<>();
        options.values().forEach(o -> docs.add(OptionDoc.of(o)));
        return docs;
    }

    /** The rules in words, for the catalog. */
    public List<String> describeRules() {
        return rules.stream().map(Rule::doc).toList();
    }

    private static String at(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }

    /** Reads one value as its option's kind. */
    static final class Reader {

        private Reader() {}

        @SuppressWarnings({"unchecked", "rawtypes"})
        static Object read(Option<?> option, Object value, String at, List<FieldError> errors) {
            Object read;
            String problem = null;
            switch (option.kind()) {
                case TEXT, SECRET, EXPRESSION -> {
                    if (value instanceof String text) {
                        read = text;
                    } else if (option.kind() != Option.Kind.EXPRESSION
                            && (value instanceof Number || value instanceof Boolean)) {
                        read = plain(value);
                    } else {
                        errors.add(
                                new FieldError(at, "expected " + option.kind().words() + ", not " + describe(value)));
                        return null;
                    }
                    String text = (String) read;
                    if (text.isBlank() && !option.allowEmpty()) {
                        problem = "must not be blank";
                    } else if (text.length() > option.maxLength()) {
                        problem = "is longer than " + option.maxLength() + " characters";
                    } else if (option.secret() && text.equals(MASK)) {
                        problem =
                                "'" + MASK + "' stands for a stored secret, but there is none to keep; send the secret";
                    } else if (text.indexOf('\0') >= 0) {
                        problem = "must not contain NUL characters";
                    }
                }
                case INTEGER -> {
                    read = whole(value);
                    if (read == null) {
                        errors.add(new FieldError(at, "expected a whole number, not " + describe(value)));
                        return null;
                    }
                }
                case BOOLEAN -> {
                    if (!(value instanceof Boolean)) {
                        errors.add(new FieldError(at, "expected true or false, not " + describe(value)));
                        return null;
                    }
                    read = value;
                }
                case CHOICE -> {
                    read = value instanceof String || value instanceof Number || value instanceof Boolean
                            ? option.choiceFor(plain(value))
                            : null;
                    if (read == null) {
                        errors.add(new FieldError(
                                at,
                                "expected one of " + String.join(", ", option.choices()) + ", not " + describe(value)));
                        return null;
                    }
                }
                case DURATION -> {
                    if (!(value instanceof String text)) {
                        errors.add(new FieldError(
                                at, "expected a duration like 500ms, 10s or 5m, not " + describe(value)));
                        return null;
                    }
                    try {
                        Duration d = Durations.parse(text);
                        if (d.isNegative()) {
                            errors.add(new FieldError(at, "must not be negative"));
                            return null;
                        }
                        read = d;
                    } catch (IllegalArgumentException e) {
                        errors.add(new FieldError(at, e.getMessage()));
                        return null;
                    }
                }
                case SCALAR -> {
                    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                        errors.add(new FieldError(at, "expected text, a number or true/false, not " + describe(value)));
                        return null;
                    }
                    if (value instanceof String s && s.length() > option.maxLength()) {
                        problem = "is longer than " + option.maxLength() + " characters";
                    }
                    read = value;
                }
                case JSON -> read = value;
                case LIST -> {
                    if (!(value instanceof List<?> list)) {
                        errors.add(new FieldError(at, "expected a list, not " + describe(value)));
                        return null;
                    }
                    if (list.size() > option.maxLength()) {
                        errors.add(new FieldError(at, "has more than " + option.maxLength() + " entries"));
                        return null;
                    }
                    List<Object> out = new ArrayList<>(list.size());
                    for (int i = 0; i < list.size(); i++) {
                        String itemAt = at + "/" + i;
                        if (list.get(i) == null) {
                            errors.add(new FieldError(itemAt, "must not be null"));
                            continue;
                        }
                        out.add(readElement(option.element(), list.get(i), itemAt, errors));
                    }
                    read = java.util.Collections.unmodifiableList(out);
                }
                case MAP -> {
                    if (!(value instanceof Map<?, ?> map)) {
                        errors.add(new FieldError(at, "expected an object, not " + describe(value)));
                        return null;
                    }
                    if (map.size() > option.maxLength()) {
                        errors.add(new FieldError(at, "has more than " + option.maxLength() + " entries"));
                        return null;
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    map.forEach((k, v) -> {
                        String key = String.valueOf(k);
                        String entryAt = at + "/" + Json.token(key);
                        String keyProblem = option.keyCheck() == null
                                ? null
                                : option.keyCheck().problem(key);
                        if (keyProblem != null) {
                            errors.add(new FieldError(entryAt, keyProblem));
                        }
                        if (v == null) {
                            errors.add(new FieldError(entryAt, "must not be null"));
                            return;
                        }
                        out.put(key, readElement(option.element(), v, entryAt, errors));
                    });
                    read = java.util.Collections.unmodifiableMap(out);
                }
                case OBJECT -> {
                    int before = errors.size();
                    Map<String, Object> nested = option.fields().validate(value, at, errors);
                    if (errors.size() > before) {
                        return null;
                    }
                    read = java.util.Collections.unmodifiableMap(nested);
                }
                default -> throw new IllegalStateException("unknown kind " + option.kind());
            }
            if (problem == null && option.check() != null) {
                problem = ((Check) option.check()).problem(read);
            }
            if (problem != null) {
                errors.add(new FieldError(at, problem));
                return null;
            }
            return read;
        }

        private static Object readElement(Option<?> element, Object value, String at, List<FieldError> errors) {
            return read(element, value, at, errors);
        }

        @SuppressWarnings("unchecked")
        static void expressions(Option<?> option, Object value, String at, Map<String, String> found) {
            switch (option.kind()) {
                case EXPRESSION -> {
                    if (value instanceof String text) {
                        found.put(at, text);
                    }
                }
                case LIST -> {
                    if (value instanceof List<?> list) {
                        for (int i = 0; i < list.size(); i++) {
                            expressions(option.element(), list.get(i), at + "/" + i, found);
                        }
                    }
                }
                case MAP -> {
                    if (value instanceof Map<?, ?> map) {
                        map.forEach((k, v) ->
                                expressions(option.element(), v, at + "/" + Json.token(String.valueOf(k)), found));
                    }
                }
                case OBJECT -> {
                    if (value instanceof Map<?, ?> map) {
                        found.putAll(option.fields().expressions((Map<String, Object>) map, at));
                    }
                }
                default -> {}
            }
        }

        private static Integer whole(Object value) {
            if (value instanceof Integer i) {
                return i;
            }
            if (value instanceof Long
                    || value instanceof Short
                    || value instanceof Byte
                    || value instanceof BigInteger) {
                long l = ((Number) value).longValue();
                boolean fits = !(value instanceof BigInteger b) || b.bitLength() < 32;
                return fits && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (int) l : null;
            }
            if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
                double d = ((Number) value).doubleValue();
                return d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE ? (int) d : null;
            }
            return null;
        }

        private static String plain(Object value) {
            if (value instanceof BigDecimal d) {
                return d.toPlainString();
            }
            return String.valueOf(value);
        }

        static String describe(Object value) {
            if (value instanceof Map<?, ?>) {
                return "an object";
            }
            if (value instanceof List<?>) {
                return "a list";
            }
            if (value instanceof String s) {
                return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
            }
            return String.valueOf(value);
        }
    }
}
