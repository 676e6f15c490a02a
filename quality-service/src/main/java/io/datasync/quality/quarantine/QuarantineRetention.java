package io.datasync.quality.quarantine;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes quarantine entries older than {@code datasync.quality.quarantine.retention} (default 30 days), whatever
 * their status, every {@code retention-interval}. Safe on several instances: a delete by age is idempotent.
 */
@Component
class QuarantineRetention {

    private static final Logger log = LoggerFactory.getLogger(QuarantineRetention.class);

    private final QuarantineRepository repository;
    private final QuarantineProperties properties;
    private final Clock clock;

    QuarantineRetention(QuarantineRepository repository, QuarantineProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${datasync.quality.quarantine.retention-initial-delay:1m}",
            fixedDelayString = "${datasync.quality.quarantine.retention-interval:1h}")
    void sweep() {
        int deleted = deleteExpired();
        if (deleted > 0) {
            log.info("Deleted {} quarantine entries older than {}", deleted, properties.retention());
        }
    }

    /** Deletes the expired entries now; how many. */
    int deleteExpired() {
        return repository.deleteOlderThan(clock.instant().minus(properties.retention()));
    }
}
