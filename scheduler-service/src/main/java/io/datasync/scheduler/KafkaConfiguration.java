package io.datasync.scheduler;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/** How the scheduler's Kafka listeners treat an event they fail to apply. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** The longest wait between two deliveries of a failing event; well under the consumer's poll interval. */
    static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    /**
     * Redelivers a failed event until it is applied, waiting one second and then twice as long each time, up to
     * {@link #MAX_INTERVAL}. Giving up would lose it: a job change would wait for the next reconciliation and a run's
     * end would leave its task active (and its slot taken) until the run timeout. Redelivery is safe because each
     * listener applies an event once through the inbox. Records that can never be read (deserialization failures)
     * are not retried: the handler's default classification skips them, and the listeners log and skip malformed
     * envelopes themselves.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        return new DefaultErrorHandler(backOff());
    }

    static BackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(MAX_INTERVAL.toMillis());
        return backOff; // no maximum elapsed time or attempts: never stops
    }
}
