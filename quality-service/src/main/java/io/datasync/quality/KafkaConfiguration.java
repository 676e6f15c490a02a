package io.datasync.quality;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** How quality-service's Kafka listeners treat an event they fail to apply. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The longest wait between two deliveries of a failing event; well under the consumer's poll interval. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    /**
     * Redelivers a failed event until it is applied (one second, then twice as long each time, up to {@link
     * #MAX_INTERVAL}): giving up would lose a chunk's tally or quarantined rows for good. Redelivery is safe because
     * each listener applies an event once through the inbox. Unreadable envelopes are logged and skipped by the
     * listeners themselves, so they never block a partition.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(MAX_INTERVAL.toMillis());
        return new DefaultErrorHandler(backOff);
    }
}
