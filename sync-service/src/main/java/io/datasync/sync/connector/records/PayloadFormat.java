package io.datasync.sync.connector.records;

import java.util.Arrays;
import java.util.Locale;

/** How one message's payload (a Kafka record value, an MQTT payload) holds one record. */
public enum PayloadFormat {
    /** A JSON object per message: {@code {"id": 7, "name": "Ann"}}. */
    JSON("json"),
    /**
     * Kafka Connect's {@code JsonConverter} envelope with {@code schemas.enable=true}: {@code {"schema": {...},
     * "payload": {...}}}; the record is the payload object, the schema is skipped.
     */
    JSON_SCHEMA("json-schema"),
    /** One CSV line per message; fields by position, or by name with a header. */
    CSV("csv");

    private final String wireName;

    PayloadFormat(String wireName) {
        this.wireName = wireName;
    }

    /** The name in a job's options, e.g. {@code json-schema}. */
    public String wireName() {
        return wireName;
    }

    /**
     * @throws IllegalArgumentException naming the formats there are
     */
    public static PayloadFormat of(String wireName) {
        for (PayloadFormat format : values()) {
            if (format.wireName.equals(wireName.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("'" + wireName + "' is not a payload format; one of "
                + Arrays.stream(values()).map(PayloadFormat::wireName).toList());
    }
}
