package io.datasync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

class KafkaConfigurationTest {

    @Test
    void aFailingEventIsRedeliveredWithoutLimitAtMostThirtySecondsApart() {
        BackOffExecution execution = KafkaConfiguration.backOff().start();
        long first = execution.nextBackOff();
        long last = first;
        for (int i = 0; i < 10_000; i++) {
            last = execution.nextBackOff();
            assertThat(last).as("delivery %d", i + 2).isNotEqualTo(BackOffExecution.STOP);
            assertThat(last).isLessThanOrEqualTo(30_000);
        }
        assertThat(first).isEqualTo(1000);
        assertThat(last).isEqualTo(30_000);
    }
}
