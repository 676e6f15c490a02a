package io.datasync.sync.config;

import feign.FeignException;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.Topics;
import io.datasync.sync.transform.RuleSetProvider;
import io.datasync.sync.transform.RuleSetSpec;
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
import tools.jackson.databind.JsonNode;

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
        } catch (FeignException.NotFound e) {
            return Optional.empty();
        } catch (FeignException e) {
            throw ConfigServiceErrors.of(e, "rule set " + name);
        }
    }

    /** config-service's rule set JSON, field by field. */
    static RuleSetSpec toSpec(JsonNode body) {
        List<RuleSetSpec.Rule> rules = new ArrayList<>();
        for (JsonNode rule : body.path("rules")) {
            JsonNode then = rule.path("then");
            RuleSetSpec.Action action;
            if (then.has("reject")) {
                action = new RuleSetSpec.Reject(then.get("reject").asString());
            } else if (then.has("tag")) {
                action = new RuleSetSpec.Tag(then.get("tag").asString());
            } else {
                Map<String, RuleSetSpec.SetValue> fields = new LinkedHashMap<>();
                then.path("set")
                        .properties()
                        .forEach(e -> fields.put(
                                e.getKey(),
                                e.getValue().has("expr")
                                        ? new RuleSetSpec.Expr(
                                                e.getValue().get("expr").asString())
                                        : new RuleSetSpec.Constant(
                                                plain(e.getValue().get("value")))));
                action = new RuleSetSpec.SetFields(fields);
            }
            rules.add(new RuleSetSpec.Rule(
                    rule.get("name").asString(),
                    rule.get("when").asString(),
                    rule.get("priority").asInt(),
                    action));
        }
        return new RuleSetSpec(body.get("name").asString(), body.get("version").asLong(), rules);
    }

    private static Object plain(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value.asString();
    }
}
