package io.datasync.models.json;

import io.datasync.models.problem.FieldError;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Mappers that refuse what they don't understand, so a typo in a definition is an error, not a silent default. */
public final class Json {

    /** A fully qualified class name in backticks, as Jackson writes them: users need the simple name only. */
    private static final Pattern QUALIFIED =
            Pattern.compile("`(?:[a-z0-9_]+\\.)+(?:[A-Za-z0-9_]+\\$)*([A-Za-z0-9_]+)`");

    private Json() {}

    /** A JSON mapper failing on unknown properties, nulls for primitives and trailing tokens. */
    public static JsonMapper strictMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(EnumFeature.READ_ENUMS_USING_TO_STRING)
                .enable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
                .build();
    }

    /** The YAML counterpart of {@link #strictMapper()}. */
    public static YAMLMapper strictYamlMapper() {
        return YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(EnumFeature.READ_ENUMS_USING_TO_STRING)
                .enable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
                .build();
    }

    /** One reference token of a JSON pointer (RFC 6901): {@code ~} and {@code /} escaped. */
    public static String token(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /**
     * The JSON pointer (RFC 6901) of where a Jackson error happened, e.g. {@code /retry/maxAttempts}; {@code prefix}
     * is prepended when the parsed document was itself part of a larger one. The document root is {@code ""}.
     */
    public static String pointer(JacksonException e, String prefix) {
        StringBuilder pointer = new StringBuilder(prefix);
        for (JacksonException.Reference ref : e.getPath()) {
            pointer.append('/');
            if (ref.getPropertyName() != null) {
                pointer.append(token(ref.getPropertyName()));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }

    /**
     * Translates a Jackson reading error into a JSON pointer and a message an operator can act on, without Java
     * class names.
     *
     * @param format the name of the format read, e.g. {@code JSON} or {@code YAML}
     */
    public static FieldError fieldError(JacksonException e, String format) {
        String pointer = pointer(e, "");
        String at = pointer.isEmpty() ? "/" : pointer;
        if (e instanceof MismatchedInputException
                && pointer.isEmpty()
                && e.getMessage().contains("end-of-input")) {
            return new FieldError("/", "the document is empty");
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return new FieldError("/", "only one " + format + " document is allowed, but more follows it");
        }
        if (e instanceof MismatchedInputException zone && zone.getTargetType() == java.time.ZoneId.class) {
            return new FieldError(
                    at, "is not a time zone; use a region like Europe/Berlin, UTC or an offset like +02:00");
        }
        if (e instanceof MismatchedInputException mismatch
                && !(e instanceof InvalidFormatException)
                && mismatch.getTargetType() != null
                && !mismatch.getTargetType().isEnum()) {
            return new FieldError(at, "expected " + describe(mismatch.getTargetType()));
        }
        if (e instanceof StreamReadException) {
            var location = e.getLocation();
            String where =
                    location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return new FieldError(at, "not valid " + format + where + ": " + plain(e.getOriginalMessage()));
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new FieldError(
                    at,
                    "unknown field '" + unknown.getPropertyName() + "'; known fields: "
                            + unknown.getKnownPropertyIds());
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            Throwable cause = e.getCause();
            if (cause instanceof FieldProblem field) {
                return new FieldError(pointer + "/" + field.field(), field.reason());
            }
            return new FieldError(at, plain(cause.getMessage()));
        }
        return new FieldError(at, plain(e.getOriginalMessage()));
    }

    private static String plain(String message) {
        return message == null
                ? "is invalid"
                : QUALIFIED.matcher(message).replaceAll("$1").replace("`", "'");
    }

    /** What a value of a Java type looks like in JSON or YAML. */
    private static String describe(Class<?> type) {
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class || type == CharSequence.class) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        return "a value of type " + type.getSimpleName();
    }

    /** An exception a record's constructor throws for one of its fields, so the pointer can name that field. */
    public interface FieldProblem {
        String field();

        String reason();
    }
}
