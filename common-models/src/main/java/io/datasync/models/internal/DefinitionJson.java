package io.datasync.models.internal;

import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes and reads the definition types the internal answers embed with {@link JobDefinitions#mapper}, so that a
 * mapper without the definitions' module (Spring's, a Feign decoder's) still writes {@code initialDelay: 10s} and
 * {@code concurrency: replace}, and reads them back strictly.
 */
final class DefinitionJson {

    private static final ObjectMapper MAPPER = JobDefinitions.mapper(JobDefinitions.Format.JSON);

    private DefinitionJson() {}

    /** Reads a tree the definitions' way; for callers that read leniently (see {@link JobSchedule}). */
    static <T> T read(tools.jackson.databind.JsonNode tree, Class<T> type) {
        return MAPPER.treeToValue(tree, type);
    }

    /** Writes any definition part with the definitions' mapper. */
    static final class Writer extends ValueSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeTree(MAPPER.valueToTree(value));
        }
    }

    private abstract static class Reader<T> extends ValueDeserializer<T> {
        private final Class<T> type;

        Reader(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            return MAPPER.treeToValue(ctxt.readTree(p), type);
        }
    }

    static final class JobDefinitionReader extends Reader<JobDefinition> {
        JobDefinitionReader() {
            super(JobDefinition.class);
        }
    }

    static final class ScheduleReader extends Reader<ScheduleSpec> {
        ScheduleReader() {
            super(ScheduleSpec.class);
        }
    }

    static final class RetryReader extends Reader<RetrySpec> {
        RetryReader() {
            super(RetrySpec.class);
        }
    }
}
