package io.datasync.kit.inbox;

import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the envelope of a consumed Kafka record the same way in every listener of every service. */
public final class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    private InboundEvents() {}

    /**
     * The record's envelope; empty for a type this build does not know (a newer producer's) and for a malformed
     * record, which is logged and skipped: redelivering it could never make it readable.
     */
    public static Optional<EventEnvelope> read(EventCodec codec, ConsumerRecord<String, String> record) {
        try {
            return codec.fromJson(record.value());
        } catch (EventCodec.EventFormatException e) {
            log.warn(
                    "Skipping a malformed event at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
