package io.datasync.models.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Mappers that refuse what they don't understand, so a typo in a definition is an error, not a silent default. */
public final class Json {

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
                .enable(EnumFeature.READ_ENUMS_USING_TO_STRING)
                .enable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
                .build();
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
                pointer.append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }
}
