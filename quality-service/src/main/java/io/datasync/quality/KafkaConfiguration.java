package io.datasync.quality;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/** How quality-service's Kafka listeners treat an event they fail to apply. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    /** The longest wait between two deliveries of a failing event; well under the consumer's poll interval. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    /** Deliveries of a failing event after the first: 1 s, doubling, at most {@link #MAX_INTERVAL}, ~5 min in all. */
    static final int RETRIES = 14;

    /**
     * Redelivers a failed event for about five minutes (one second, then twice as long each time, up to {@link
     * #MAX_INTERVAL}), long enough for the database or a restart to come back; redelivery is safe because each
     * listener applies an event once through the inbox. An event that still fails then is one this service cannot
     * apply: it is logged with the failure (ERROR, with the event's type, id and subject) and skipped, because retrying
     * it for ever would stop every later event of its partitions — one bad event would end all quality reporting.
     * Each failed attempt is logged at WARN with its cause. Unreadable envelopes are logged and skipped by the
     * listeners themselves.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(RETRIES);
        backOff.setInitialInterval(1000);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(MAX_INTERVAL.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, failure) -> log.error(
                        "Skipping the event at {}-{}@{} (key {}) after {} failed deliveries: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        RETRIES + 1,
                        failure.getMessage(),
                        failure),
                backOff);
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }
}
