package io.datasync.sync.connector.redis;

import io.datasync.sync.connector.records.RowJson;
import io.datasync.sync.connector.records.RowTemplate;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionJson;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes rows to Redis, as a hash per row ({@code mode: hash}: key from a template such as {@code user:{id}}, a field
 * per non-null column, fields of null columns removed, optionally an expiry) or as stream entries ({@code mode:
 * stream}: {@code XADD} with an approximate {@code MAXLEN}).
 *
 * <p>Effectively once: a chunk's rows and its checkpoint (batch) or positions (stream) go in one {@code MULTI/EXEC}
 * transaction, the checkpoints in the hash {@code datasync:checkpoint:<scope>} next to the data; Redis applies a
 * transaction whole or not at all, so a resumed run continues exactly after the last applied chunk. Stream positions
 * move by compare-and-set: the checkpoint hash is {@code WATCH}ed and its expected values checked before
 * {@code MULTI}, so when another member moved a split meanwhile, {@code EXEC} is discarded and the call fails with
 * {@link SyncErrorCode#POSITION_MOVED}. (How durable an applied transaction is depends on the server's persistence:
 * {@code appendonly yes} with {@code appendfsync always} for no loss on a Redis crash.)
 *
 * <p>The sink has a connection of its own (a transaction needs one); {@link #write} calls are serialized on it.
 */
final class RedisSink implements Sink {

    static final String CHECKPOINTS = "datasync:checkpoint:";

    enum Mode {
        HASH,
        STREAM
    }

    private final String server;
    private final StatefulRedisConnection<String, String> connection;
    private final Mode mode;
    private final RowTemplate template;
    private final Duration ttl;
    private final long maxLength;
    private final String checkpointKey;
    private Schema schema;
    private RowTemplate bound;
    private RowJson json;

    /**
     * @param template the key template (hash) or the stream's name (stream; a template too, so rows may go to several
     *     streams)
     * @param ttl an expiry set on every hash written; null for none
     * @param maxLength the approximate length streams are trimmed to; 0 for no trimming
     * @param scope whose checkpoints the sink keeps
     * @param server where the connection goes, named in failures
     */
    RedisSink(
            String server,
            StatefulRedisConnection<String, String> connection,
            Mode mode,
            RowTemplate template,
            Duration ttl,
            long maxLength,
            String scope) {
        this.server = server;
        this.connection = connection;
        this.mode = mode;
        this.template = template;
        this.ttl = ttl;
        this.maxLength = maxLength;
        this.checkpointKey = CHECKPOINTS + scope;
    }

    @Override
    public void prepare(Schema schema) {
        this.schema = schema;
        try {
            this.bound = template.bind(schema);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(SyncErrorCode.INVALID_OPTIONS, "target.table " + e.getMessage(), null);
        }
        this.json = new RowJson(schema);
    }

    @Override
    public synchronized Optional<Checkpoint> checkpoint(String jobId, String splitId) {
        String stored = call(() -> connection.sync().hget(CHECKPOINTS + jobId, splitId));
        if (stored == null) {
            return Optional.empty();
        }
        Map<String, Object> value = PositionJson.read(stored).values();
        @SuppressWarnings("unchecked")
        Map<String, Object> position = (Map<String, Object>) value.get("position");
        return Optional.of(
                new Checkpoint(jobId, splitId, new Position(position), ((Number) value.get("rows")).longValue()));
    }

    @Override
    public synchronized long write(Chunk chunk, Checkpoint checkpoint) {
        return call(() -> {
            RedisCommands<String, String> redis = connection.sync();
            TransactionResult result = transaction(redis, () -> {
                rows(redis, chunk);
                redis.hset(
                        CHECKPOINTS + checkpoint.jobId(),
                        checkpoint.splitId(),
                        stored(checkpoint.position(), checkpoint.rowsWritten()));
            });
            failIfErrors(result);
            return (long) chunk.size();
        });
    }

    @Override
    public synchronized long write(Chunk chunk, List<PositionUpdate> positions) {
        return call(() -> {
            RedisCommands<String, String> redis = connection.sync();
            redis.watch(checkpointKey);
            boolean watching = true;
            try {
                Map<String, Long> rowsSoFar = new HashMap<>();
                for (PositionUpdate update : positions) {
                    String stored = redis.hget(checkpointKey, update.splitId());
                    Position current = stored == null ? null : position(stored);
                    if (!java.util.Objects.equals(current, normalized(update.expected()))) {
                        throw moved(update.splitId());
                    }
                    rowsSoFar.put(update.splitId(), stored == null ? 0 : rows(stored));
                }
                TransactionResult result = transaction(redis, () -> {
                    rows(redis, chunk);
                    for (PositionUpdate update : positions) {
                        redis.hset(
                                checkpointKey,
                                update.splitId(),
                                stored(update.next(), rowsSoFar.get(update.splitId()) + update.rows()));
                    }
                });
                watching = false;
                if (result.wasDiscarded()) {
                    throw moved(positions.isEmpty() ? "?" : positions.get(0).splitId());
                }
                failIfErrors(result);
                return (long) chunk.size();
            } finally {
                if (watching) {
                    redis.unwatch();
                }
            }
        });
    }

    @Override
    public synchronized Map<String, Position> positions(String scope, Collection<String> splitIds) {
        Map<String, Position> found = new HashMap<>();
        for (String split : splitIds) {
            String stored = call(() -> connection.sync().hget(CHECKPOINTS + scope, split));
            if (stored != null) {
                found.put(split, position(stored));
            }
        }
        return found;
    }

    @Override
    public boolean idempotent() {
        return mode == Mode.HASH;
    }

    private void rows(RedisCommands<String, String> redis, Chunk chunk) {
        List<Column> columns = schema.columns();
        for (Object[] row : chunk.rows()) {
            String key = bound.apply(row);
            if (mode == Mode.STREAM) {
                XAddArgs args = new XAddArgs();
                if (maxLength > 0) {
                    args.maxlen(maxLength).approximateTrimming();
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    if (row[i] != null) {
                        fields.put(columns.get(i).name(), text(row[i]));
                    }
                }
                if (fields.isEmpty()) {
                    fields.put("_row", new String(json.encode(row), StandardCharsets.UTF_8));
                }
                redis.xadd(key, args, fields);
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            List<String> cleared = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (row[i] == null) {
                    cleared.add(columns.get(i).name());
                } else {
                    fields.put(columns.get(i).name(), text(row[i]));
                }
            }
            if (!cleared.isEmpty()) {
                redis.hdel(key, cleared.toArray(String[]::new));
            }
            if (!fields.isEmpty()) {
                redis.hset(key, fields);
            }
            if (ttl != null) {
                redis.expire(key, ttl.toSeconds());
            }
        }
    }

    /** Runs {@code commands} inside MULTI/EXEC; a failure while queueing them discards the transaction. */
    private static TransactionResult transaction(RedisCommands<String, String> redis, Runnable commands) {
        redis.multi();
        try {
            commands.run();
        } catch (RuntimeException e) {
            try {
                redis.discard();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return redis.exec();
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : value.toString();
    }

    private static String stored(Position position, long rows) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("position", position.values());
        value.put("rows", rows);
        return PositionJson.write(new Position(value));
    }

    @SuppressWarnings("unchecked")
    private static Position position(String stored) {
        return new Position((Map<String, Object>) PositionJson.read(stored).get("position"));
    }

    private static long rows(String stored) {
        return ((Number) PositionJson.read(stored).get("rows")).longValue();
    }

    /** A position as it reads back from JSON (integers as Long), so it compares equal to a stored one. */
    private static Position normalized(Position position) {
        return position == null ? null : PositionJson.read(PositionJson.write(position));
    }

    private static ConnectorException moved(String split) {
        return new ConnectorException(
                SyncErrorCode.POSITION_MOVED,
                "split " + split + " no longer holds the position this reader resumed from; another reader moved it",
                null);
    }

    private static void failIfErrors(TransactionResult result) {
        for (Object answer : result) {
            if (answer instanceof Exception e) {
                throw new ConnectorException(
                        SyncErrorCode.REDIS_REFUSED, "Redis refused a write: " + e.getMessage(), e);
            }
        }
    }

    private <T> T call(java.util.function.Supplier<T> command) {
        try {
            return command.get();
        } catch (ConnectorException e) {
            throw e;
        } catch (RuntimeException e) {
            // the readers' classification: a refused login or command is permanent, a lost connection or a server
            // that cannot serve yet (LOADING after a restart) is retried
            throw RedisErrors.classify(e, server, "a write");
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
