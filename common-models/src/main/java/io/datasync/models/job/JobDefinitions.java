package io.datasync.models.job;

import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads and writes job definitions as JSON or YAML. Unknown fields and wrong types are errors that name their JSON
 * pointer, never silent defaults.
 */
public final class JobDefinitions {

    /** The formats a definition can be written in. */
    public enum Format {
        JSON,
        YAML;

        /** The format for a media type: anything mentioning yaml is YAML, everything else JSON. */
        public static Format forMediaType(String mediaType) {
            return mediaType != null && mediaType.toLowerCase(Locale.ROOT).contains("yaml") ? YAML : JSON;
        }
    }

    private static final ObjectMapper JSON =
            Json.strictMapper().rebuild().addModule(durations()).build();
    private static final ObjectMapper YAML =
            Json.strictYamlMapper().rebuild().addModule(durations()).build();

    private JobDefinitions() {}

    public static JobDefinition fromJson(String text) {
        return read(text, Format.JSON);
    }

    public static JobDefinition fromYaml(String text) {
        return read(text, Format.YAML);
    }

    /** Reads one definition; throws {@link JobDefinitionException} naming where and what is wrong. */
    public static JobDefinition read(String text, Format format) {
        if (text == null || text.isBlank()) {
            throw new JobDefinitionException(List.of(new FieldError("/", "the job definition is empty")));
        }
        try {
            JobDefinition definition = mapper(format).readValue(text, JobDefinition.class);
            if (definition == null) {
                throw new JobDefinitionException(List.of(new FieldError("/", "the job definition is empty")));
            }
            return definition;
        } catch (JacksonException e) {
            throw new JobDefinitionException(List.of(toFieldError(e, format)));
        }
    }

    public static String toJson(JobDefinition definition) {
        return JSON.writeValueAsString(definition);
    }

    public static String toYaml(JobDefinition definition) {
        return YAML.writeValueAsString(definition);
    }

    /** The mapper definitions are read with, for services that embed a definition in a larger document. */
    public static ObjectMapper mapper(Format format) {
        return format == Format.YAML ? YAML : JSON;
    }

    /** Translates a Jackson reading error into a pointer and a message an operator can act on. */
    public static FieldError toFieldError(JacksonException e, Format format) {
        FieldError error = Json.fieldError(e, format.name());
        return error.message().equals("the document is empty")
                ? new FieldError("/", "the job definition is empty")
                : error;
    }

    private static SimpleModule durations() {
        return new SimpleModule("datasync-durations")
                .addDeserializer(Duration.class, new DurationDeserializer())
                .addSerializer(Duration.class, new DurationSerializer());
    }

    /** Reads {@code 10s}, {@code 5m}, {@code PT10S}. */
    private static final class DurationDeserializer extends ValueDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw InvalidFormatException.from(
                        p, "a duration is text like 500ms, 10s, 10m or 2h", p.getString(), Duration.class);
            }
            String text = p.getString();
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
            }
        }
    }

    /** Writes the short form, so a definition reads back as its author wrote it. */
    private static final class DurationSerializer extends ValueSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(Durations.format(value));
        }
    }
}
