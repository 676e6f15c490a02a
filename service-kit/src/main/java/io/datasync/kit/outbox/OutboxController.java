package io.datasync.kit.outbox;

import io.datasync.kit.KitProperties;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.EventPayload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets an operator see whether a service's events reach Kafka ({@code GET …/outbox}: pending, published, lag, the
 * latest events) and prove it end to end ({@code POST …/outbox/probe} publishes a harmless probe event).
 */
@RestController
@RequestMapping("${datasync.service.api-base}/outbox")
public class OutboxController {

    /** The state of the outbox; {@code oldestPendingAge} is null when nothing waits. */
    public record OutboxStatus(String service, long pending, Duration oldestPendingAge, List<EventSummary> recent) {}

    /** One event; {@code correlationId} is the id of the request or command that caused it, null when none. */
    public record EventSummary(
            String id,
            String type,
            String topic,
            String subject,
            Instant createdAt,
            Instant publishedAt,
            String correlationId) {}

    public record ProbeRequest(@Size(max = 200) String note) {}

    public record ProbeAccepted(String eventId, String type, String topic) {}

    private final OutboxRepository repository;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final KitProperties properties;
    private final Clock clock;

    public OutboxController(
            OutboxRepository repository,
            Outbox outbox,
            TransactionTemplate transactions,
            KitProperties properties,
            Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping
    public OutboxStatus status(@RequestParam(defaultValue = "20") @Min(0) @Max(200) int limit) {
        Instant oldest = repository.oldestPending();
        List<EventSummary> recent = repository.recent(limit).stream()
                .map(r -> new EventSummary(
                        r.id(), r.type(), r.topic(), r.key(), r.createdAt(), r.publishedAt(), r.correlationId()))
                .toList();
        return new OutboxStatus(
                properties.name(),
                repository.countPending(),
                oldest == null ? null : Duration.between(oldest, clock.instant()),
                recent);
    }

    @PostMapping("/probe")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ProbeAccepted probe(@RequestBody(required = false) @jakarta.validation.Valid ProbeRequest request) {
        String note = request == null ? "" : request.note();
        EventEnvelope envelope =
                transactions.execute(s -> outbox.append(new EventPayload.Probe(properties.name(), note)));
        return new ProbeAccepted(envelope.id(), envelope.type(), envelope.topic());
    }
}
