package io.datasync.scheduler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** How the scheduler's Kafka listeners treat an event they fail to apply. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /**
     * Redelivers a failed event five times, two seconds apart, before moving on: long enough to ride out a restart of
     * config-service or a database hiccup without blocking the partition for long. A job change given up on is healed
     * by the next reconciliation; a run event's state change is at worst left to the run timeout.
     */
    @Bean
    CommonErrorHandler kafkaErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(2000, 5));
    }
}
