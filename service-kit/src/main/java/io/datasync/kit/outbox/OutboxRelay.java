package io.datasync.kit.outbox;

import io.datasync.kit.KitProperties;
import io.datasync.kit.correlation.Correlation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to Kafka, oldest first, in batches.
 *
 * <ol>
 *   <li>In one database transaction, lock up to {@code batchSize} unpublished rows ({@code SKIP LOCKED}).
 *   <li>Send them (idempotent producer, {@code acks=all}) and wait until Kafka acknowledges all of them.
 *   <li>Mark them published and commit.
 * </ol>
 *
 * A failure before step 3 commits leaves the rows unpublished, so they are sent again: an event can reach Kafka more
 * than once (after a crash between 2 and 3), never zero times. Consumers deduplicate on the envelope id. A graceful
 * {@link #stop()} finishes the batch in flight, so a clean restart sends nothing twice. With several replicas only one
 * relays at a time (a transaction-scoped advisory lock), so events with one key reach Kafka in the order they were
 * committed. Failures back off exponentially up to 30 s. Published rows are purged after {@code retention}. Each
 * record carries the envelope id, type and the correlation id of the work that appended it as headers.
 *
 * <p>Threading: one relay thread per service instance; {@link #wakeUp()} may be called from any thread.
 */
public class OutboxRelay implements SmartLifecycle {

    /** Kafka header carrying the envelope id, so consumers can deduplicate without parsing the value. */
    public static final String ID_HEADER = "ce_id";
    /** Kafka header carrying the envelope type. */
    public static final String TYPE_HEADER = "ce_type";
    /**
     * Kafka header carrying the correlation id of the work that appended the event (absent when there was none), so
     * the consumer's logs, calls and events carry it too: {@code X-Correlation-Id}, the HTTP header's name.
     */
    public static final String CORRELATION_HEADER = Correlation.HEADER;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final OutboxRepository repository;
    private final KafkaTemplate<String, String> kafka;
    private final TransactionTemplate transactions;
    private final KitProperties.Outbox settings;
    private final RelayListener listener;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile Duration backoff = Duration.ZERO;

    public OutboxRelay(
            OutboxRepository repository,
            KafkaTemplate<String, String> kafka,
            TransactionTemplate transactions,
            KitProperties.Outbox settings,
            RelayListener listener) {
        this.repository = repository;
        this.kafka = kafka;
        this.transactions = transactions;
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        scheduled.set(false);
        long period = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::drainSafely, 0, period, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::purgeSafely, 1, 10, TimeUnit.MINUTES);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        executor = null;
        running.shutdown();
        try {
            if (!running.awaitTermination(settings.sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops before the Kafka producer and the data source go away, starts after them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** Asks for a drain now instead of at the next poll, e.g. right after a transaction with events committed. */
    public void wakeUp() {
        ScheduledExecutorService running = executor;
        if (running != null && scheduled.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    scheduled.set(false);
                    drainSafely();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.set(false);
            }
        }
    }

    private void drainSafely() {
        Duration wait = backoff;
        if (!wait.isZero()) {
            sleepQuietly(wait);
        }
        try {
            while (executor != null && relayBatch() == settings.batchSize()) {
                // a full batch means more may be waiting
            }
            backoff = Duration.ZERO;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // anything else must not cancel the periodic task
            backoff = wait.isZero() ? Duration.ofSeconds(1) : min(wait.multipliedBy(2), MAX_BACKOFF);
            log.warn("Outbox relay failed, retrying in {}: {}", backoff, e.getMessage());
        }
    }

    private void purgeSafely() {
        try {
            int purged = repository.purgeBefore(Instant.now().minus(settings.retention()));
            if (purged > 0) {
                log.info("Purged {} published outbox and inbox rows older than {}", purged, settings.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Outbox purge failed, will try again: {}", e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Relays one batch in one transaction.
     *
     * @return how many events were published
     */
    public int relayBatch() {
        Integer sent = transactions.execute(status -> {
            if (!repository.tryBecomeActiveRelay()) {
                return 0; // another replica is relaying; one relay at a time keeps each key's events in order
            }
            List<OutboxRecord> batch = repository.lockUnpublished(settings.batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            sendAll(batch);
            listener.acknowledged(batch);
            repository.markPublished(batch);
            return batch.size();
        });
        return sent == null ? 0 : sent;
    }

    private void sendAll(List<OutboxRecord> batch) {
        List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
        for (OutboxRecord r : batch) {
            ProducerRecord<String, String> record = new ProducerRecord<>(r.topic(), r.key(), r.payload());
            record.headers().add(ID_HEADER, r.id().getBytes(StandardCharsets.UTF_8));
            record.headers().add(TYPE_HEADER, r.type().getBytes(StandardCharsets.UTF_8));
            if (r.correlationId() != null) {
                record.headers().add(CORRELATION_HEADER, r.correlationId().getBytes(StandardCharsets.UTF_8));
            }
            acks.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending outbox batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka refused an outbox batch: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not acknowledge an outbox batch within " + settings.sendTimeout(), e);
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The envelope id a Kafka record carries, from its header. */
    public static String idOf(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record) {
        var header = record.headers().lastHeader(ID_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
