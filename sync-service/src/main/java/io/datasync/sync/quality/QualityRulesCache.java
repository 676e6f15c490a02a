package io.datasync.sync.quality;

import io.datasync.kit.feign.ServiceCallException;
import io.datasync.kit.quality.InvalidQualityRuleSetException;
import io.datasync.kit.quality.QualityRuleSet;
import io.datasync.kit.quality.QualityRuleSets;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.event.Topics;
import io.datasync.models.internal.QualityRules;
import io.datasync.models.problem.ErrorCode;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Quality rule sets, fetched from quality-service once and kept until a {@code QualityRulesChanged} event names them:
 * the gate of a running job picks up a new version with its next run (a run keeps the version it compiled), without a
 * call per chunk. Every instance reads the changes with its own consumer group, so every instance's cache is refreshed.
 */
@Component
public class QualityRulesCache {

    private static final Logger log = LoggerFactory.getLogger(QualityRulesCache.class);

    /** A rule set as the gate runs it. */
    public record Loaded(String id, String name, long version, QualityRuleSet rules) {}

    private final QualityClient client;
    private final EventCodec codec;
    private final Map<String, Optional<Loaded>> cache = new ConcurrentHashMap<>();

    /** Counts changes, so a fetch that raced with one is not cached over it. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    public QualityRulesCache(QualityClient client, EventCodec codec) {
        this.client = client;
        this.codec = codec;
    }

    /** The current version of the rule set with this name, or empty when quality-service has none. */
    public Optional<Loaded> current(String name) {
        Optional<Loaded> loaded = cache.get(name);
        if (loaded == null) {
            long before = changes.get();
            loaded = fetch(name);
            // a missing set is asked for again (it may be created any moment), and a set that changed while it was
            // fetched is fetched again next time
            if (loaded.isPresent() && changes.get() == before) {
                cache.put(name, loaded);
            }
        }
        return loaded;
    }

    @KafkaListener(
            topics = Topics.QUALITY_EVENTS,
            groupId = "sync-service-quality-rules-${random.uuid}",
            properties = "auto.offset.reset=latest")
    void onChange(ConsumerRecord<String, String> record) {
        try {
            codec.fromJson(record.value()).ifPresent(envelope -> {
                if (envelope.data() instanceof QualityEvent.QualityRulesChanged changed) {
                    changes.incrementAndGet();
                    cache.remove(changed.name());
                    log.info(
                            "Quality rule set {} changed (v{}): reloaded on its next use",
                            changed.name(),
                            changed.version());
                }
            });
        } catch (EventCodec.EventFormatException e) {
            log.warn("Skipping a malformed quality event: {}", e.getMessage());
        }
    }

    private Optional<Loaded> fetch(String name) {
        QualityRules answer;
        try {
            answer = client.ruleSet(name);
        } catch (ServiceCallException e) {
            if (e.refusedWith(ErrorCode.NOT_FOUND)) {
                return Optional.empty();
            }
            throw new ConnectorException(
                    e.failure() == ServiceCallException.Failure.REFUSED
                            ? SyncErrorCode.QUALITY_RULES_INVALID
                            : SyncErrorCode.QUALITY_UNAVAILABLE,
                    "cannot get quality rule set " + name + ": " + e.getMessage(),
                    e);
        }
        try {
            return Optional.of(new Loaded(
                    answer.id(), answer.name(), answer.version(), QualityRuleSets.parse(answer.definition())));
        } catch (InvalidQualityRuleSetException e) {
            // saved by an older quality-service with other rules: name what this engine cannot run
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_RULES_INVALID,
                    "quality rule set " + name + " v" + answer.version() + " cannot be run: " + e.getMessage(),
                    e);
        }
    }
}
