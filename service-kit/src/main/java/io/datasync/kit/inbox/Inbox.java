package io.datasync.kit.inbox;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers which event ids a consumer has processed. Call {@link #firstDelivery} in the same transaction as the
 * consumer's state change: if that transaction rolls back, the id is forgotten too and the redelivery is processed.
 */
public class Inbox {

    private final JdbcTemplate jdbc;

    public Inbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code consumer} is processing event {@code eventId}.
     *
     * @return true the first time, false for every redelivery of the same id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        return jdbc.update(
                        "INSERT INTO inbox_event (consumer, id, received_at) VALUES (?, ?, now()) "
                                + "ON CONFLICT (consumer, id) DO NOTHING",
                        consumer,
                        UUID.fromString(eventId))
                == 1;
    }

    /**
     * Applies an event's effect once: in a transaction of {@code transactions}, records the delivery and runs {@code
     * effect} only if it is the first, so the effect and the record commit (or roll back) together.
     */
    public void once(
            org.springframework.transaction.support.TransactionOperations transactions,
            String consumer,
            String eventId,
            Runnable effect) {
        transactions.executeWithoutResult(status -> {
            if (firstDelivery(consumer, eventId)) {
                effect.run();
            }
        });
    }
}
