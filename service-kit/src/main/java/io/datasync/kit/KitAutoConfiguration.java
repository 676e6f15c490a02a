package io.datasync.kit;

import io.datasync.kit.cel.CelExpressions;
import io.datasync.kit.cel.CelLimits;
import io.datasync.kit.correlation.CorrelationRecordInterceptor;
import io.datasync.kit.db.DatabaseBootstrapPostProcessor;
import io.datasync.kit.health.KafkaHealthIndicator;
import io.datasync.kit.inbox.Inbox;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.outbox.OutboxController;
import io.datasync.kit.outbox.OutboxRecord;
import io.datasync.kit.outbox.OutboxRelay;
import io.datasync.kit.outbox.OutboxRepository;
import io.datasync.kit.outbox.RelayListener;
import io.datasync.kit.startup.KafkaReachability;
import io.datasync.kit.web.BodySizeLimitFilter;
import io.datasync.kit.web.CorrelationIdFilter;
import io.datasync.kit.web.ProblemDetailsAdvice;
import io.datasync.kit.web.ProblemErrorController;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the kit into every service that has it on the classpath. */
@AutoConfiguration(
        beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@EnableConfigurationProperties(KitProperties.class)
@Import({ProblemDetailsAdvice.class, ProblemErrorController.class, OutboxController.class})
public class KitAutoConfiguration {

    @Bean
    static DatabaseBootstrapPostProcessor databaseBootstrapPostProcessor(ObjectProvider<KitProperties> properties) {
        return new DatabaseBootstrapPostProcessor(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The CEL limits of this service ({@code datasync.service.cel.*}), made the process's: every expression compiled
     * without limits of its own is evaluated within them, whenever it was compiled.
     */
    @Bean
    CelLimits celLimits(KitProperties properties) {
        CelLimits limits = properties.cel().limits();
        CelExpressions.useLimits(limits);
        return limits;
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration =
                new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Every Kafka listener handles a record with the record's correlation id in its logging context. */
    @Bean
    @ConditionalOnMissingBean(RecordInterceptor.class)
    RecordInterceptor<Object, Object> correlationRecordInterceptor() {
        return new CorrelationRecordInterceptor();
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(KitProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(
                properties.maxBodySize().toBytes(),
                properties.bodySizeByPath().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().toBytes()))));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Fails the start, naming the bootstrap servers, when Kafka does not answer within the start-up timeout. */
    @Bean
    KafkaReachability kafkaReachability(KafkaProperties kafka, KitProperties properties) {
        int timeoutMs = (int) properties.startupTimeout().toMillis();
        Map<String, Object> config = adminConfig(kafka, properties);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(5000, timeoutMs));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        KafkaReachability reachability = new KafkaReachability(config);
        reachability.check(properties.startupTimeout());
        return reachability;
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(
            KafkaReachability reachability, KafkaProperties kafka, KitProperties properties) {
        return new KafkaHealthIndicator(reachability, adminConfig(kafka, properties), Duration.ofSeconds(3));
    }

    private static Map<String, Object> adminConfig(KafkaProperties kafka, KitProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, properties.name() + "-health");
        return config;
    }

    @Bean
    KafkaAdmin.NewTopics platformTopics(KitProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(name -> TopicBuilder.name(name)
                        .partitions(properties.topics().partitions())
                        .replicas(properties.topics().replicationFactor())
                        .build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    OutboxRepository outboxRepository(JdbcTemplate jdbc) {
        return new OutboxRepository(jdbc);
    }

    @Bean
    Inbox inbox(JdbcTemplate jdbc) {
        return new Inbox(jdbc);
    }

    @Bean
    Outbox outbox(
            OutboxRepository repository,
            EventCodec codec,
            KitProperties properties,
            Clock clock,
            ObjectProvider<OutboxRelay> relay) {
        return new Outbox(repository, codec, properties, clock, () -> relay.ifAvailable(OutboxRelay::wakeUp));
    }

    /** Counts relayed events and tracks how long they waited ({@code datasync_outbox_*}). */
    @Bean
    RelayListener outboxMetrics(MeterRegistry registry, OutboxRepository repository, Clock clock) {
        Counter published = Counter.builder("datasync.outbox.published")
                .description("Events relayed from the outbox to Kafka")
                .register(registry);
        AtomicReference<Duration> lastLag = new AtomicReference<>(Duration.ZERO);
        Gauge.builder("datasync.outbox.pending", repository, OutboxRepository::countPending)
                .description("Committed events not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("datasync.outbox.lag.seconds", lastLag, l -> l.get().toMillis() / 1000.0)
                .description("Time the last relayed batch's oldest event waited in the outbox")
                .register(registry);
        return batch -> {
            published.increment(batch.size());
            Instant oldest = batch.stream()
                    .map(OutboxRecord::createdAt)
                    .min(Instant::compareTo)
                    .orElseThrow();
            lastLag.set(Duration.between(oldest, clock.instant()));
        };
    }

    @Bean
    OutboxRelay outboxRelay(
            OutboxRepository repository,
            KafkaTemplate<String, String> kafka,
            TransactionTemplate transactions,
            KitProperties properties,
            List<RelayListener> listeners) {
        RelayListener all = batch -> listeners.forEach(l -> l.acknowledged(batch));
        return new OutboxRelay(repository, kafka, transactions, properties.outbox(), all);
    }
}
