package io.datasync.sync.connector.push;

import io.datasync.sync.config.JobCatalog;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The push endpoint's clients of the platform's Kafka cluster ({@code spring.kafka.*}): an admin client for topics and
 * backlogs, and one idempotent producer with {@code acks=all} shared by all pushes. {@code max.block.ms} is short so a
 * full producer buffer becomes a 429 quickly instead of holding a request thread.
 */
@Configuration(proxyBeanMethods = false)
class PushConfiguration {

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> pushProducer(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "datasync-push");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Bean(destroyMethod = "close")
    PushTopics pushTopics(KafkaProperties kafka, PushProperties properties, Clock clock) {
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "datasync-push-admin");
        return new PushTopics(Admin.create(config), properties, clock);
    }

    @Bean
    PushJobs pushJobs(JobCatalog catalog, Clock clock) {
        return new PushJobs(catalog, clock);
    }
}
