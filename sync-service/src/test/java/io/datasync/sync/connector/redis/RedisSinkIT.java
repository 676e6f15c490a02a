package io.datasync.sync.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.records.RowTemplate;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis sink against the local Redis: rows and checkpoints in one transaction, and stream positions that only move
 * from the position a writer expects — a writer holding a stale one writes nothing.
 */
class RedisSinkIT {

    private static final Schema SCHEMA =
            new Schema(List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.TEXT)), List.of("id"));

    private final RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
    private final RedisCommands<String, String> redis = client.connect().sync();
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<RedisSink> sinks = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        sinks.forEach(RedisSink::close);
        List<String> keys = redis.keys("*" + prefix + "*");
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
        client.shutdown();
    }

    private RedisSink sink(RedisSink.Mode mode, String table, Duration ttl) {
        RedisSink sink = new RedisSink(
                "127.0.0.1:6379", client.connect(), mode, RowTemplate.parse(table), ttl, 0, prefix + "/stream");
        sink.prepare(SCHEMA);
        sinks.add(sink);
        return sink;
    }

    private static Chunk chunk(Object[]... rows) {
        return new Chunk(SCHEMA, List.of(rows), Position.START, 10);
    }

    @Test
    void hashesAndTheCheckpointLandTogetherAndNullsClearTheirField() {
        RedisSink sink = sink(RedisSink.Mode.HASH, prefix + ":user:{id}", Duration.ofHours(1));
        String job = prefix + "/task";
        assertThat(sink.checkpoint(job, "s1")).isEmpty();

        sink.write(
                chunk(new Object[] {1L, "Ada"}, new Object[] {2L, "Bob"}),
                new Checkpoint(job, "s1", new Position(Map.of("lastKey", 2)), 2));
        assertThat(redis.hgetall(prefix + ":user:1")).isEqualTo(Map.of("id", "1", "name", "Ada"));
        assertThat(redis.ttl(prefix + ":user:1")).isBetween(3500L, 3600L);
        assertThat(sink.checkpoint(job, "s1")).hasValueSatisfying(c -> {
            assertThat(c.position().get("lastKey")).isEqualTo(2L);
            assertThat(c.rowsWritten()).isEqualTo(2);
        });

        sink.write(chunk(new Object[] {1L, null}), new Checkpoint(job, "s1", new Position(Map.of("lastKey", 3)), 3));
        assertThat(redis.hgetall(prefix + ":user:1")).isEqualTo(Map.of("id", "1"));
    }

    @Test
    void streamPositionsMoveOnlyFromTheExpectedOneAndAStaleWriterWritesNothing() {
        RedisSink sink = sink(RedisSink.Mode.STREAM, prefix + ":out", null);
        String scope = prefix + "/stream";
        Position first = new Position(Map.of("offset", 3L));
        sink.write(
                chunk(new Object[] {1L, "a"}, new Object[] {2L, "b"}),
                List.of(new PositionUpdate("kafka/t/0", null, first, 2)));
        assertThat(redis.xlen(prefix + ":out")).isEqualTo(2);
        assertThat(sink.positions(scope, List.of("kafka/t/0", "kafka/t/1"))).isEqualTo(Map.of("kafka/t/0", first));

        Position second = new Position(Map.of("offset", 5L));
        sink.write(chunk(new Object[] {3L, "c"}), List.of(new PositionUpdate("kafka/t/0", first, second, 1)));

        // a writer that still believes the split is at its first position (it lost the split meanwhile)
        assertThatThrownBy(() -> sink.write(
                        chunk(new Object[] {4L, "stale"}),
                        List.of(new PositionUpdate("kafka/t/0", first, new Position(Map.of("offset", 4L)), 1))))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.POSITION_MOVED));
        // and one that thinks the split was never written
        assertThatThrownBy(() -> sink.write(
                        chunk(new Object[] {5L, "new"}), List.of(new PositionUpdate("kafka/t/0", null, first, 1))))
                .isInstanceOf(ConnectorException.class);

        assertThat(redis.xlen(prefix + ":out"))
                .as("nothing of the refused batches")
                .isEqualTo(3);
        assertThat(sink.positions(scope, List.of("kafka/t/0"))).isEqualTo(Map.of("kafka/t/0", second));
    }
}
