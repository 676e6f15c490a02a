package io.datasync.sync.connector.push;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The platform-cluster topics that hold pushed records, one per job ({@code datasync.push.<jobId>}): created on the
 * first push, and measured for backpressure — how many records the job's run has not consumed yet (end offsets minus
 * the offsets its consumer group reports), cached for a second so a burst of pushes costs one admin round trip.
 *
 * <p>Thread-safe; one per service.
 */
public class PushTopics implements AutoCloseable {

    public static final String PREFIX = "datasync.push.";
    private static final long TIMEOUT_MS = 5_000;
    private static final Duration BACKLOG_TTL = Duration.ofSeconds(1);

    private final Admin admin;
    private final PushProperties properties;
    private final Clock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();

    /** The records of a job's topic not yet consumed, and the consumption rate seen between two measurements. */
    record Backlog(long records, double consumedPerSecond, long measuredAtMillis, long consumed) {}

    public PushTopics(Admin admin, PushProperties properties, Clock clock) {
        this.admin = admin;
        this.properties = properties;
        this.clock = clock;
    }

    /** The topic of a job's pushed records. */
    public static String topic(String jobId) {
        return PREFIX + jobId;
    }

    /** The consumer group a push job's run reads with (the Kafka source's default for the job). */
    public static String group(String jobId) {
        return "datasync-" + jobId;
    }

    /** Creates the job's topic unless it exists; idempotent, also across instances. */
    void ensure(String jobId) throws InterruptedException, ExecutionException, TimeoutException {
        String topic = topic(jobId);
        if (known.contains(topic)) {
            return;
        }
        int brokers = admin.describeCluster()
                .nodes()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .size();
        short replicas = (short) Math.max(1, Math.min(properties.replicationFactor(), brokers));
        NewTopic spec = new NewTopic(topic, properties.partitions(), replicas)
                .configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(properties.retention().toMillis()),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replicas >= 3 ? 2 : 1)));
        try {
            admin.createTopics(List.of(spec)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        known.add(topic);
    }

    /** The job's backlog, measured at most once a second. */
    Backlog backlog(String jobId) throws InterruptedException, ExecutionException, TimeoutException {
        long now = clock.millis();
        Backlog last = backlogs.get(jobId);
        if (last != null && now - last.measuredAtMillis() < BACKLOG_TTL.toMillis()) {
            return last;
        }
        try {
            Backlog backlog = measure(jobId, last, now);
            backlogs.put(jobId, backlog);
            return backlog;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                // a topic created a moment ago, not yet known to every broker: it holds nothing
                return new Backlog(0, 0, now, 0);
            }
            throw e;
        }
    }

    private Backlog measure(String jobId, Backlog last, long now)
            throws InterruptedException, ExecutionException, TimeoutException {
        String topic = topic(jobId);
        Map<String, TopicDescription> described =
                admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Collection<TopicPartition> partitions = described.get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group(jobId))
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long end = 0;
        long done = 0;
        for (TopicPartition tp : partitions) {
            end += ends.get(tp).offset();
            OffsetAndMetadata offset = committed.get(tp);
            done += offset == null ? 0 : offset.offset();
        }
        double rate = 0;
        if (last != null && now > last.measuredAtMillis()) {
            rate = Math.max(0, done - last.consumed()) * 1000.0 / (now - last.measuredAtMillis());
        }
        return new Backlog(Math.max(0, end - done), rate, now, done);
    }

    /** Forgets what is cached about a job (its topic was deleted). */
    void forget(String jobId) {
        known.remove(topic(jobId));
        backlogs.remove(jobId);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
