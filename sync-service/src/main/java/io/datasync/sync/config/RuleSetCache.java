package io.datasync.sync.config;

import io.datasync.kit.feign.ServiceCallException;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.Topics;
import io.datasync.models.internal.RuleSet;
import io.datasync.models.problem.ErrorCode;
import io.datasync.sync.transform.spi.RuleSetProvider;
import io.datasync.sync.transform.spi.RuleSetSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Rule sets for the {@code rules} transform, fetched from config-service once and kept until a {@code RuleSetChanged}
 * event names them: running jobs pick up a new version from their next chunk (hot reload) without a call per chunk.
 * Every instance reads the changes with its own consumer group, so every instance's cache is refreshed.
 */
@Component
public class RuleSetCache implements RuleSetProvider {

    private static final Logger log = LoggerFactory.getLogger(RuleSetCache.class);

    private final ConfigClient client;
    private final EventCodec codec;
    private final Map<String, Optional<RuleSetSpec>> cache = new ConcurrentHashMap<>();

    public RuleSetCache(ConfigClient client, EventCodec codec) {
        this.client = client;
        this.codec = codec;
    }

    @Override
    public Optional<RuleSetSpec> current(String name) {
        return cache.computeIfAbsent(name, this::fetch);
    }

    @KafkaListener(
            topics = Topics.CONFIG_CHANGES,
            groupId = "sync-service-rulesets-${random.uuid}",
            properties = "auto.offset.reset=latest")
    void onChange(ConsumerRecord<String, String> record) {
        try {
            codec.fromJson(record.value()).ifPresent(envelope -> {
                if (envelope.data() instanceof ConfigChange.RuleSetChanged changed && changed.name() != null) {
                    cache.remove(changed.name());
                    log.info("Rule set {} changed (v{}): reloaded on its next use", changed.name(), changed.version());
                }
            });
        } catch (EventCodec.EventFormatException e) {
            log.warn("Skipping a malformed config change: {}", e.getMessage());
        }
    }

    private Optional<RuleSetSpec> fetch(String name) {
        try {
            return Optional.of(toSpec(client.ruleSet(name)));
        } catch (ServiceCallException e) {
            if (e.refusedWith(ErrorCode.NOT_FOUND)) {
                return Optional.empty();
            }
            throw ConfigServiceErrors.of(e, "rule set " + name);
        }
    }

    /** config-service's rule set as the {@code rules} transform runs it. */
    static RuleSetSpec toSpec(RuleSet ruleSet) {
        List<RuleSetSpec.Rule> rules = new ArrayList<>();
        for (RuleSet.Rule rule : ruleSet.rules()) {
            rules.add(new RuleSetSpec.Rule(rule.name(), rule.when(), rule.priority(), action(rule.then())));
        }
        return new RuleSetSpec(ruleSet.name(), ruleSet.version(), rules);
    }

    private static RuleSetSpec.Action action(RuleSet.Action then) {
        if (then instanceof RuleSet.Reject reject) {
            return new RuleSetSpec.Reject(reject.reason());
        }
        if (then instanceof RuleSet.Tag tag) {
            return new RuleSetSpec.Tag(tag.label());
        }
        Map<String, RuleSetSpec.SetValue> fields = new LinkedHashMap<>();
        ((RuleSet.SetFields) then)
                .fields()
                .forEach((field, value) -> fields.put(
                        field,
                        value instanceof RuleSet.Expr expr
                                ? new RuleSetSpec.Expr(expr.expr())
                                : new RuleSetSpec.Constant(plain(((RuleSet.Constant) value).value()))));
        return new RuleSetSpec.SetFields(fields);
    }

    /**
     * A constant as the transform compares and writes it: whole numbers as {@code Long}, other numbers as exact
     * {@code BigDecimal}s (their shortest decimal form), the rest as read.
     */
    static Object plain(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString());
        }
        return value;
    }
}
