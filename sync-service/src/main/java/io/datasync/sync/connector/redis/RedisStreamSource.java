package io.datasync.sync.connector.redis;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.WriteMode;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.records.MessageDecoder;
import io.datasync.sync.connector.records.PayloadFormat;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Redis source of one run: streams read through a consumer group ({@link RedisStreamReader}), or pub/sub and
 * keyspace messages ({@link RedisPubSubReader}). The batch engine never opens it (it is a {@link StreamSource}).
 *
 * <p><b>Columns.</b> Mode {@code stream}: {@code _stream} and {@code _id} (the entry id), then the declared
 * {@code columns}, each read from the entry field its {@code field} names; without declared columns they are inferred
 * from the first {@value #SAMPLE} entries of each stream (all {@code text}: stream fields are strings), and a stream
 * without entries then fails the run asking for columns. Mode {@code pubsub}: {@code _channel}, then the declared
 * columns read from the message as a JSON object, or {@code _message} (the payload as text) without columns. Mode
 * {@code keyspace}: {@code _channel}, {@code _key}, {@code _event} (e.g. {@code set}, {@code expired}).
 *
 * <p>Thread-safe: {@link #subscribe} may be called by several members at once; each reader is used by one thread.
 */
public final class RedisStreamSource implements StreamSource {

    /** How many entries per stream are sampled to infer columns. */
    static final int SAMPLE = 100;

    static final String STREAM = "_stream";
    static final String ID = "_id";
    static final String CHANNEL = "_channel";
    static final String MESSAGE = "_message";
    static final String KEY = "_key";
    static final String EVENT = "_event";

    private final RedisSourceOptions options;
    private final RedisLink link;
    private final RecordColumns columns;
    private final Schema schema;
    private final MessageDecoder decoder;

    /**
     * @param link opens the source's connections (closed with the source)
     * @throws ConnectorException {@code SYNC-001} when the spec or its options do not fit a Redis source
     */
    public RedisStreamSource(SourceSpec spec, RedisLink link) {
        if (spec.type() != SourceType.REDIS) {
            throw invalid("/source/type", "a Redis source cannot read a source of type " + spec.type());
        }
        if (spec.table() != null || spec.query() != null) {
            throw invalid("/source/table", "a Redis source reads no table or query; name streams or channels");
        }
        if (spec.split() != null) {
            throw invalid("/source/split", "a Redis source is not split by key ranges; leave split out");
        }
        if (spec.incremental().mode() != IncrementalMode.FULL) {
            throw invalid("/source/incremental/mode", "a Redis source is a stream: leave incremental out");
        }
        this.options = RedisSourceOptions.parse(spec.options());
        this.link = link;
        List<String> meta = options.stream()
                ? List.of(STREAM, ID)
                : options.keyspace() ? List.of(CHANNEL, KEY, EVENT) : List.of(CHANNEL);
        RecordColumns record = options.columns().orElse(null);
        if (record == null && options.stream()) {
            record = infer();
        }
        if (record == null && !options.stream() && !options.keyspace()) {
            meta = List.of(CHANNEL, MESSAGE);
        }
        this.columns = record;
        this.schema = schema(meta, record);
        try {
            this.decoder = record == null || options.stream() || options.keyspace()
                    ? null
                    : new MessageDecoder(record, PayloadFormat.JSON, null, 0);
        } catch (IllegalArgumentException e) {
            throw invalid("/source/options/columns", e.getMessage());
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    RedisSourceOptions options() {
        return options;
    }

    RecordColumns columns() {
        return columns;
    }

    /** Pub/sub with declared columns: reads each message as a JSON object; null otherwise. */
    MessageDecoder decoder() {
        return decoder;
    }

    RedisLink link() {
        return link;
    }

    @Override
    public StreamReader subscribe(StreamContext context) {
        return options.stream() ? new RedisStreamReader(this, context) : new RedisPubSubReader(this, context);
    }

    /**
     * Streams: an entry is acknowledged ({@code XACK}) only after the commit of its batch, so a crash between the commit
     * and the acknowledgement (or a reader's entries taken over by another after {@code claimIdle}) delivers it again:
     * an upsert writes the same row again (once per key), an insert appends it twice (at least once). Pub/sub and
     * keyspace: what arrives while no run listens, or while a write fails, is gone (at most once).
     */
    /** Streams: the consumer group hands each entry to one consumer; pub/sub and keyspace: every subscriber gets all. */
    @Override
    public boolean shared() {
        return options.stream();
    }

    @Override
    public Guarantee guarantee(WriteMode mode) {
        if (!options.stream()) {
            return Guarantee.AT_MOST_ONCE;
        }
        return mode == WriteMode.UPSERT ? Guarantee.ONCE_PER_KEY : Guarantee.AT_LEAST_ONCE;
    }

    @Override
    public void close() {
        link.close();
    }

    /** Columns from the fields of the first entries of the streams, in order of first appearance. */
    private RecordColumns infer() {
        Set<String> fields = new LinkedHashSet<>();
        List<Map<String, Object>> samples = new ArrayList<>();
        StatefulRedisConnection<String, String> connection = link.connect(RedisConnector.TIMEOUT);
        try {
            for (String stream : options.streams()) {
                List<StreamMessage<String, String>> entries =
                        connection.sync().xrange(stream, Range.create("-", "+"), Limit.from(SAMPLE));
                for (StreamMessage<String, String> entry : entries) {
                    if (entry.getBody() != null) {
                        fields.addAll(entry.getBody().keySet());
                        samples.add(Map.copyOf(entry.getBody()));
                    }
                }
            }
        } catch (RuntimeException e) {
            throw RedisErrors.classify(e, link.describe(), "XRANGE (sampling the streams for their fields)");
        } finally {
            connection.close();
        }
        if (fields.isEmpty()) {
            throw invalid(
                    "/source/options/columns",
                    "the streams " + options.streams() + " hold no entries to infer the columns from: declare columns");
        }
        try {
            return RecordColumns.infer(List.copyOf(fields), samples, options.key());
        } catch (IllegalArgumentException e) {
            throw invalid("/source/options/key", e.getMessage());
        }
    }

    private static Schema schema(List<String> meta, RecordColumns record) {
        List<Column> all = new ArrayList<>();
        meta.forEach(name -> all.add(Column.of(name, DataType.TEXT)));
        if (record == null) {
            return new Schema(all, List.of());
        }
        for (Column column : record.schema().columns()) {
            if (meta.contains(column.name())) {
                throw invalid(
                        "/source/options/columns",
                        "'" + column.name() + "' is a column the source fills itself (" + meta + "); rename it");
            }
            all.add(column);
        }
        return new Schema(all, record.schema().keys());
    }

    private static ConnectorException invalid(String pointer, String message) {
        return new InvalidOptionsException(List.of(new FieldError(pointer, message)));
    }
}
