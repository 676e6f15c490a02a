package io.datasync.sync.connector.jdbc;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * The Debezium engine's offset store, answering with the position the <em>target</em> committed with the rows: an
 * engine (re)started by {@link CdcStreamReader} resumes exactly after the last change the target holds, the slot is
 * confirmed up to exactly that position (Debezium's PostgreSQL task reads the store back when it commits), and what
 * the engine itself tries to store is ignored — the target's transaction is the only place positions are saved, so a
 * crash between the two cannot lose or repeat a change.
 *
 * <p>The engine builds the store by reflection (a public no-argument constructor); it finds its reader through
 * {@link #HANDLE}, a key of the engine's properties naming a {@link #register registered} supplier.
 */
public final class CdcOffsetStore extends MemoryOffsetBackingStore {

    /** The engine property naming the supplier of the committed offset. */
    static final String HANDLE = "datasync.cdc.handle";

    private static final Map<String, Supplier<Map<String, Object>>> HANDLES = new ConcurrentHashMap<>();

    private Supplier<Map<String, Object>> committed;
    private String namespace;
    private Map<String, Object> partition;

    /** Makes {@code committed} known to the store of the engine whose properties carry the returned handle. */
    static String register(Supplier<Map<String, Object>> committed) {
        String handle = UUID.randomUUID().toString();
        HANDLES.put(handle, committed);
        return handle;
    }

    static void release(String handle) {
        HANDLES.remove(handle);
    }

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> props = config.originalsStrings();
        committed = HANDLES.get(props.get(HANDLE));
        if (committed == null) {
            throw new IllegalStateException("no change-log reader is registered for handle " + props.get(HANDLE));
        }
        namespace = props.get("name");
        partition = Map.of("server", props.get("topic.prefix"));
    }

    /**
     * The offset the target holds <em>now</em>, as Connect's JSON, under the key the engine's offset reader asks for:
     * read when the engine starts (where to resume) and each time the PostgreSQL task commits (it flushes the LSN of
     * what this returns to the slot, so the slot never confirms past the target).
     */
    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        synchronized (this) {
            data.clear();
            Map<String, Object> offset = committed.get();
            if (offset != null && !offset.isEmpty()) {
                JsonConverter converter = new JsonConverter();
                converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), true);
                byte[] key = converter.fromConnectData(namespace, null, Arrays.asList(namespace, partition));
                byte[] value = converter.fromConnectData(namespace, null, offset);
                data.put(ByteBuffer.wrap(key), ByteBuffer.wrap(value));
            }
        }
        return super.get(keys);
    }

    /** Ignored: the target stores positions, in the transaction of the rows they follow. */
    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return null; // as Debezium's own in-memory store: the engine does not list partitions
    }
}
