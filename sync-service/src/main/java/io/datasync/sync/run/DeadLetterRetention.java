package io.datasync.sync.run;

import io.datasync.sync.config.SyncProperties;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deletes dead letters older than {@code datasync.sync.dead-letter-retention}, every
 * {@code datasync.sync.dead-letter-purge-interval} from the service's start. Every instance purges; the deletes are
 * idempotent, so several at once only repeat each other's work.
 */
@Component
class DeadLetterRetention {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetention.class);

    private final DeadLetterRepository deadLetters;
    private final SyncProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-dead-letter-purge");
        t.setDaemon(true);
        return t;
    });

    DeadLetterRetention(DeadLetterRepository deadLetters, SyncProperties properties, Clock clock) {
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startPurging() {
        long interval = properties.deadLetterPurgeInterval().toMillis();
        purger.scheduleWithFixedDelay(this::purge, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** One round: deletes what is past the retention; a failure is logged and the next round tries again. */
    int purge() {
        try {
            int purged = deadLetters.purgeBefore(clock.instant().minus(properties.deadLetterRetention()));
            if (purged > 0) {
                log.info("Purged {} dead letters older than {}", purged, properties.deadLetterRetention());
            }
            return purged;
        } catch (RuntimeException e) {
            log.warn("Purging dead letters failed; trying again in {}", properties.deadLetterPurgeInterval(), e);
            return 0;
        }
    }

    @PreDestroy
    void shutdown() {
        purger.shutdownNow();
    }
}
