package io.datasync.config.connection;

import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declared settings of a connection type (or of a nested object), plus the rules that relate them, as Kafka's
 * {@code ConfigDef} does. {@link #validate} reports every problem at once as JSON pointers and returns the settings
 * with defaults filled in. Immutable and thread-safe.
 */
public final class OptionSet {

    /** Longest text accepted for one setting; settings are configuration, not data. */
    static final int MAX_TEXT = 4096;

    /** What a response shows in place of a secret. */
    public static final String MASK = "******";

    /**
     * A rule across options, checked after each option was checked on its own. It sees only the values that passed
     * their own checks (and the defaults), may fill in derived values, and reports problems by option name.
     */
    @FunctionalInterface
    public interface Rule {
        void apply(Map<String, Object> values, Report report);
    }

    /** Where a rule reports problems. */
    @FunctionalInterface
    public interface Report {
        /** Reports a problem with the option {@code name} (or with the whole object when {@code name} is empty). */
        void problem(String name, String message);
    }

    /** Receives each present secret value with its pointer inside the settings, e.g. {@code /auth/password}. */
    @FunctionalInterface
    public interface SecretMapper {
        Object map(String pointer, String value);
    }

    private final Map<String, Option> options = new LinkedHashMap<>();
    private final List<Rule> rules;

    private OptionSet(List<Option> options, List<Rule> rules) {
        for (Option option : options) {
            if (this.options.putIfAbsent(option.name(), option) != null) {
                throw new IllegalArgumentException("option '" + option.name() + "' is declared twice");
            }
        }
        this.rules = List.copyOf(rules);
    }

    public static OptionSet of(List<Option> options, Rule... rules) {
        return new OptionSet(options, List.of(rules));
    }

    public Collection<Option> options() {
        return options.values();
    }

    /**
     * Checks {@code input} against the declaration.
     *
     * @param pointer the JSON pointer of {@code input} in the request, e.g. {@code /settings}
     * @param errors where every problem is added
     * @return the valid settings with defaults and derived values filled in, in declaration order
     */
    public Map<String, Object> validate(Object input, String pointer, List<FieldError> errors) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (input != null && !(input instanceof Map<?, ?>)) {
            errors.add(new FieldError(at(pointer), "expected an object"));
            return result;
        }
        Map<?, ?> given = input == null ? Map.of() : (Map<?, ?>) input;
        Set<String> failed = new HashSet<>();
        for (Object key : given.keySet()) {
            if (!options.containsKey(String.valueOf(key))) {
                errors.add(new FieldError(
                        pointer + "/" + Json.token(String.valueOf(key)),
                        "unknown setting; known settings are " + options.keySet()));
            }
        }
        for (Option option : options.values()) {
            String at = pointer + "/" + option.name();
            Object value = given.get(option.name());
            if (option.kind() == Option.Kind.OBJECT) {
                int before = errors.size();
                Map<String, Object> nested = option.fields().validate(value, at, errors);
                if (errors.size() == before) {
                    result.put(option.name(), nested);
                } else {
                    failed.add(option.name());
                }
                continue;
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
            String problem = problem(option, value);
            if (problem == null) {
                result.put(option.name(), value);
            } else {
                errors.add(new FieldError(at, problem));
                failed.add(option.name());
            }
        }
        // One problem per option is enough: a rule does not repeat that an option that failed its own check is missing.
        Report report = (name, message) -> {
            if (!failed.contains(name)) {
                errors.add(new FieldError(name.isEmpty() ? at(pointer) : pointer + "/" + name, message));
            }
        };
        rules.forEach(rule -> rule.apply(result, report));
        return result;
    }

    private static String problem(Option option, Object value) {
        switch (option.kind()) {
            case BOOLEAN -> {
                return value instanceof Boolean ? null : "expected true or false";
            }
            case CHOICE -> {
                return option.choices().contains(value) ? null : "expected one of " + option.choices();
            }
            case TEXT, SECRET -> {
                if (!(value instanceof String text)) {
                    return "expected text";
                }
                if (text.isBlank()) {
                    return "must not be blank";
                }
                if (text.length() > MAX_TEXT) {
                    return "is longer than " + MAX_TEXT + " characters";
                }
                if (option.kind() == Option.Kind.SECRET && text.equals(MASK)) {
                    return "'" + MASK + "' stands for a stored secret, but there is none to keep; send the secret";
                }
                return option.check() == null ? null : option.check().problem(text);
            }
            default -> throw new IllegalStateException("objects are validated as nested sets");
        }
    }

    /**
     * A deep copy of valid {@code settings} where each present secret is replaced by what {@code mapper} makes of it
     * (encrypted, decrypted or masked); a null from the mapper removes the secret.
     */
    public Map<String, Object> mapSecrets(Map<String, Object> settings, SecretMapper mapper) {
        return mapSecrets(settings, "", mapper);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mapSecrets(Map<String, Object> settings, String pointer, SecretMapper mapper) {
        Map<String, Object> copy = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            Option option = options.get(name);
            if (option != null && option.kind() == Option.Kind.OBJECT && value instanceof Map<?, ?> nested) {
                copy.put(name, option.fields().mapSecrets((Map<String, Object>) nested, pointer + "/" + name, mapper));
            } else if (option != null && option.kind() == Option.Kind.SECRET && value instanceof String secret) {
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

    /** The pointers (inside the settings) of every declared secret, e.g. {@code /password}, {@code /auth/token}. */
    public List<String> secretPointers() {
        List<String> pointers = new ArrayList<>();
        options.values().forEach(option -> {
            if (option.kind() == Option.Kind.SECRET) {
                pointers.add("/" + option.name());
            } else if (option.kind() == Option.Kind.OBJECT) {
                option.fields().secretPointers().forEach(p -> pointers.add("/" + option.name() + p));
            }
        });
        return pointers;
    }

    private static String at(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }
}
