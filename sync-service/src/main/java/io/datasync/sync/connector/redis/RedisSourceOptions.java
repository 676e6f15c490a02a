package io.datasync.sync.connector.redis;

import io.datasync.models.connector.StreamKinds;
import io.datasync.models.option.Options;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a Redis source ({@code source.options} in a job), read from their declaration in the catalog
 * ({@link StreamKinds#REDIS_SOURCE}, which also holds the rules relating them and reports every problem at once).
 *
 * <pre>
 * options:
 *   mode: stream
 *   streams: [orders]
 *   group: orders-sync          # datasync-&lt;jobId&gt; when left out
 *   startId: "0"
 *   columns: [{name: id, type: bigint}, {name: total, type: "decimal(12,2)", field: amount}]
 *   key: [id]
 * </pre>
 *
 * @param group the consumer group; empty for {@code datasync-<jobId>}, which only the run knows
 * @param columns the declared columns; empty when inferred (streams) or fixed (keyspace, pub/sub without columns)
 */
public record RedisSourceOptions(
        String mode,
        List<String> streams,
        Optional<String> group,
        String startId,
        Duration claimIdle,
        List<String> channels,
        List<String> patterns,
        Optional<RecordColumns> columns,
        List<String> key) {

    public RedisSourceOptions {
        streams = List.copyOf(streams);
        channels = List.copyOf(channels);
        patterns = List.copyOf(patterns);
        key = List.copyOf(key);
    }

    /**
     * @throws InvalidOptionsException with every problem, pointing below {@code /source/options}
     */
    public static RedisSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = InvalidOptionsException.parse(StreamKinds.REDIS_SOURCE, raw, "/source/options");
        return new RedisSourceOptions(
                values.get(StreamKinds.REDIS_MODE),
                texts(values.get(StreamKinds.REDIS_STREAMS)),
                Optional.ofNullable(values.get(StreamKinds.REDIS_GROUP)),
                values.get(StreamKinds.REDIS_START_ID),
                values.get(StreamKinds.REDIS_CLAIM_IDLE),
                texts(values.get(StreamKinds.REDIS_CHANNELS)),
                texts(values.get(StreamKinds.REDIS_PATTERNS)),
                RecordColumns.declared(values),
                RecordColumns.keys(values));
    }

    public boolean stream() {
        return StreamKinds.REDIS_STREAM.equals(mode);
    }

    public boolean keyspace() {
        return StreamKinds.REDIS_KEYSPACE.equals(mode);
    }

    /** The consumer group a job's readers share. */
    public String groupFor(String jobId) {
        return group.orElse("datasync-" + jobId);
    }

    private static List<String> texts(List<?> list) {
        List<String> texts = new ArrayList<>();
        if (list != null) {
            list.forEach(v -> texts.add(v.toString()));
        }
        return texts;
    }
}
