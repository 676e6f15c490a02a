import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka side of {@code bench/stream-vs-consume.sh}: makes the topic, produces the benchmark's messages (the
 * 12-column rows of {@code bench/batch-vs-copy.sh} as JSON objects), and is the plain consumer the platform is compared
 * with. Run with {@code java -cp <kafka-clients + jackson> bench/StreamLoad.java <command> ...}:
 *
 * <ul>
 *   <li>{@code topic <bootstrap> <topic> <partitions>}: creates the topic;
 *   <li>{@code produce <bootstrap> <topic> <first-id> <count> [msgs/s]}: sends messages with ids {@code first-id …},
 *       as fast as it can, or paced at a fixed rate (1 ms ticks, so the rate holds within each millisecond). The
 *       records carry the producer's send time as their timestamp ({@code CreateTime}), which the platform's job
 *       stores as {@code _timestamp} for the latency measurement. Prints the achieved rate;
 *   <li>{@code consume <bootstrap> <topic> <count>}: the baseline — one consumer in a fresh group reads the topic from
 *       the start, parses every value into a JSON tree and counts the messages and the sum of their ids, until it has
 *       {@code count}; prints the time from subscribing to the last message and the rate.
 * </ul>
 */
public class StreamLoad {

    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-06-01T00:00:00Z");

    public static void main(String[] args) throws Exception {
        // the clients log every assignment and reset at INFO: keep the script's output to the results
        var root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        switch (args[0]) {
            case "topic" -> topic(args[1], args[2], Integer.parseInt(args[3]));
            case "produce" -> produce(
                    args[1],
                    args[2],
                    Long.parseLong(args[3]),
                    Long.parseLong(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : 0);
            case "consume" -> consume(args[1], args[2], Long.parseLong(args[3]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void topic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** One message: the same values as a row of batch-vs-copy.sh's source table with key {@code g}. */
    static byte[] message(long g) {
        StringBuilder s = new StringBuilder(400);
        String uid = java.util.UUID.nameUUIDFromBytes(Long.toString(g).getBytes(StandardCharsets.UTF_8)).toString();
        s.append("{\"id\":").append(g)
                .append(",\"uid\":\"").append(uid)
                .append("\",\"name\":\"客户 ").append(g).append(" Zoë\"")
                .append(",\"email\":\" User.").append(g).append("@Example.com \"")
                .append(",\"amount\":").append(java.math.BigDecimal.valueOf((g % 100000) * 37, 2).toPlainString())
                .append(",\"qty\":").append(g % 30000)
                .append(",\"active\":").append(g % 3 == 0)
                .append(",\"created_at\":\"").append(TS.format(CREATED.plusSeconds(g).atOffset(ZoneOffset.UTC)))
                .append("\",\"updated_at\":\"").append(TS.format(UPDATED.plusSeconds(g).atOffset(ZoneOffset.UTC)))
                .append("\",\"note\":").append(g % 5 == 0 ? "null" : "\"note " + g + "\"")
                .append(",\"payload\":{\"n\":").append(g).append(",\"tags\":[\"a\",\"b\"]}")
                .append(",\"city\":\"city-").append(g % 97).append("\"}");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void produce(String bootstrap, String topic, long first, long count, int rate) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "1");
        p.put("linger.ms", rate > 0 ? "1" : "5");
        p.put("batch.size", Integer.toString(256 * 1024));
        p.put("compression.type", "lz4");
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        AtomicReference<Exception> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < count; i++) {
                if (rate > 0) {
                    // the i-th message is due at t0 + i/rate; sleep until the next millisecond with messages due
                    long due = t0 + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                long id = first + i;
                byte[] key = Long.toString(id).getBytes(StandardCharsets.UTF_8);
                producer.send(
                        new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, message(id)),
                        (m, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("produced %d messages in %.2f s (%.0f msg/s)%n", count, s, count / s);
    }

    static void consume(String bootstrap, String topic, long count) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "bench-plain-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "5000");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        JsonMapper json = JsonMapper.builder().build();
        long seen = 0;
        long idSum = 0;
        long t0 = System.nanoTime();
        long firstAt = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < count && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (firstAt == 0 && !records.isEmpty()) {
                    firstAt = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    JsonNode row = json.readTree(record.value());
                    idSum += row.get("id").asLong();
                    seen++;
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double joined = (firstAt - t0) / 1e9;
        System.out.printf(
                "consumed %d messages (id sum %d) in %.3f s (%.0f msg/s; first message after %.3f s)%n",
                seen, idSum, s, seen / s, joined);
        System.out.printf("CONSUME_S=%.3f%n", s);
        if (seen < count) {
            System.exit(1);
        }
    }
}
