package io.datasync.config.connection;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One declared setting of a connection type: its name, kind, whether it is required, its default, what values it
 * accepts and what it is for. Declared once per type in {@link ConnectionSettings}; validation, masking and
 * encryption all follow from the declaration.
 *
 * @param name the key in the settings object, camelCase
 * @param kind what the value is
 * @param required whether a value must be given (an option with a default is never required)
 * @param defaultValue filled in when no value is given; null for none
 * @param choices the accepted values of a {@link Kind#CHOICE}
 * @param check further checks of a text or secret value
 * @param doc what the setting is for, shown to users
 * @param fields the nested settings of an {@link Kind#OBJECT}
 */
public record Option(
        String name,
        Kind kind,
        boolean required,
        Object defaultValue,
        List<String> choices,
        Check check,
        String doc,
        OptionSet fields) {

    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]*");

    /** What a setting's value is. */
    public enum Kind {
        /** Text shown as is. */
        TEXT,
        /** Text encrypted at rest and masked in every response and log. */
        SECRET,
        BOOLEAN,
        /** One of {@link Option#choices()}. */
        CHOICE,
        /** A nested object of declared {@link Option#fields()}. */
        OBJECT
    }

    /** A check of one text value. */
    @FunctionalInterface
    public interface Check {
        /** What is wrong with the value, or null when it is fine. */
        String problem(String value);
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
    }

    public static Option text(String name, String doc) {
        return new Option(name, Kind.TEXT, false, null, null, null, doc, null);
    }

    public static Option secret(String name, String doc) {
        return new Option(name, Kind.SECRET, false, null, null, null, doc, null);
    }

    public static Option bool(String name, String doc) {
        return new Option(name, Kind.BOOLEAN, false, null, null, null, doc, null);
    }

    public static Option choice(String name, String defaultValue, String doc, String... choices) {
        return new Option(name, Kind.CHOICE, false, defaultValue, List.of(choices), null, doc, null);
    }

    /** A nested object; when absent it is validated as an empty object, so its own defaults apply. */
    public static Option object(String name, OptionSet fields, String doc) {
        return new Option(name, Kind.OBJECT, false, null, null, null, doc, fields);
    }

    public Option mandatory() {
        return new Option(name, kind, true, defaultValue, choices, check, doc, fields);
    }

    public Option withDefault(Object value) {
        return new Option(name, kind, required, value, choices, check, doc, fields);
    }

    public Option checkedBy(Check check) {
        return new Option(name, kind, required, defaultValue, choices, check, doc, fields);
    }
}
