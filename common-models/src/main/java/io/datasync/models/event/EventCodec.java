package io.datasync.models.event;

import io.datasync.models.json.Json;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes envelopes as JSON and reads them back into the payload record their {@code type} names. */
public final class EventCodec {

    /**
     * Decimals in untyped values (a quarantined row's columns) are read as {@code BigDecimal}, not {@code double}: a
     * {@code numeric(20,2)} value must come back exactly as it was sent.
     */
    private final JsonMapper mapper = Json.strictMapper()
            .rebuild()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public String toJson(EventEnvelope envelope) {
        return mapper.writeValueAsString(envelope);
    }

    /**
     * Reads an envelope. An envelope of a type this build doesn't know gives an empty result, so an older consumer
     * skips a newer producer's events instead of failing; a malformed one throws {@link EventFormatException}.
     */
    public Optional<EventEnvelope> fromJson(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new EventFormatException("event is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new EventFormatException("event must be a JSON object");
        }
        String typeName = text(object, EventEnvelope.TYPE);
        Optional<EventType> type = EventType.byName(typeName);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        JsonNode data = object.get(EventEnvelope.DATA);
        if (data == null || !data.isObject()) {
            throw new EventFormatException("event '" + typeName + "' has no object at /" + EventEnvelope.DATA);
        }
        try {
            EventPayload payload = mapper.treeToValue(data, type.get().payloadClass());
            return Optional.of(new EventEnvelope(
                    text(object, EventEnvelope.ID),
                    text(object, EventEnvelope.SOURCE),
                    typeName,
                    Instant.parse(text(object, EventEnvelope.TIME)),
                    text(object, EventEnvelope.SUBJECT),
                    payload));
        } catch (JacksonException e) {
            throw new EventFormatException(
                    "event '" + typeName + "' has invalid data at " + Json.pointer(e, "/" + EventEnvelope.DATA) + ": "
                            + e.getOriginalMessage(),
                    e);
        } catch (RuntimeException e) {
            throw new EventFormatException("event '" + typeName + "' is invalid: " + e.getMessage(), e);
        }
    }

    private static String text(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isString()) {
            throw new EventFormatException("event has no text attribute /" + field);
        }
        return node.asString();
    }

    /** An event that cannot be read: not JSON, a missing attribute, or data not matching its type. */
    public static final class EventFormatException extends RuntimeException {
        public EventFormatException(String message) {
            super(message);
        }

        public EventFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
