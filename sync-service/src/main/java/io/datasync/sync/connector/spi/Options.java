package io.datasync.sync.connector.spi;

import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The options a connector accepts, each declared once with its type, default, check and documentation (like Kafka
 * Connect's {@code ConfigDef}). {@link #parse} reports every problem at once, each with a JSON pointer below the
 * given base (e.g. {@code /source/options}).
 */
public final class Options {

    /** One option. {@code check} returns null when a value is fine, else what is wrong with it. */
    public record Option<T>(String name, Class<T> type, T defaultValue, Function<T, String> check, String doc) {
        public Option {
            if (doc == null || doc.isBlank()) {
                throw new IllegalArgumentException("option " + name + " needs documentation");
            }
        }

        public boolean required() {
            return defaultValue == null;
        }
    }

    /** Values after parsing: declared options with defaults applied. */
    public record Values(Map<String, Object> values) {
        public <T> T get(Option<T> option) {
            return option.type().cast(values.get(option.name()));
        }
    }

    private final Map<String, Option<?>> options = new LinkedHashMap<>();

    public <T> Option<T> define(String name, Class<T> type, T defaultValue, Function<T, String> check, String doc) {
        Option<T> option = new Option<>(name, type, defaultValue, check == null ? v -> null : check, doc);
        if (options.put(name, option) != null) {
            throw new IllegalStateException("option " + name + " is declared twice");
        }
        return option;
    }

    public Map<String, Option<?>> all() {
        return Map.copyOf(options);
    }

    /**
     * Parses raw values (as read from a job definition).
     *
     * @throws OptionsException with every problem when any option is unknown, missing, of the wrong type or invalid
     */
    public Values parse(Map<String, Object> raw, String pointer) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            if (!options.containsKey(key)) {
                errors.add(new FieldError(
                        pointer + "/" + key, "unknown option '" + key + "'; known options: " + options.keySet()));
            }
        }
        for (Option<?> option : options.values()) {
            Object value = raw.get(option.name());
            String at = pointer + "/" + option.name();
            if (value == null) {
                if (option.required()) {
                    errors.add(new FieldError(at, "is required: " + option.doc()));
                }
                values.put(option.name(), option.defaultValue());
                continue;
            }
            Object converted = convert(value, option.type());
            if (converted == null) {
                errors.add(new FieldError(
                        at, "expected " + option.type().getSimpleName().toLowerCase() + ", not '" + value + "'"));
                continue;
            }
            String problem = check(option, converted);
            if (problem != null) {
                errors.add(new FieldError(at, problem));
            } else {
                values.put(option.name(), converted);
            }
        }
        if (!errors.isEmpty()) {
            throw new OptionsException(errors);
        }
        return new Values(values);
    }

    @SuppressWarnings("unchecked")
    private static <T> String check(Option<T> option, Object value) {
        return option.check().apply((T) value);
    }

    private static Object convert(Object value, Class<?> type) {
        if (type.isInstance(value)) {
            return value;
        }
        if (type == Long.class && value instanceof Number n && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        if (type == Integer.class && value instanceof Number n && n.doubleValue() == n.intValue()) {
            return n.intValue();
        }
        if (type == Double.class && value instanceof Number n) {
            return n.doubleValue();
        }
        if (type == String.class && (value instanceof Number || value instanceof Boolean)) {
            return value.toString();
        }
        return null;
    }

    /** Every problem with a connector's options. */
    public static final class OptionsException extends ConnectorException {
        private final List<FieldError> errors;

        public OptionsException(List<FieldError> errors) {
            super("SYNC-001", false, "invalid connector options: " + errors, null);
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }
}
