package io.datasync.sync.connector.http;

import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.SplitReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Hands out an HTTP source's pages as chunks: one page at a time is buffered and cut into chunks of at most
 * {@code maxRows} records; the next page is fetched only when the buffered one is used up.
 */
final class HttpSplitReader implements SplitReader {

    private final HttpSource source;
    private Map<String, Object> pending; // the state of the page to fetch next; null after the last page
    private int skip; // records of the pending page that an earlier reader already handed out
    private HttpSource.Page page;
    private int index; // the next record of page to hand out

    /**
     * @param pending the page to start with; null when the split was read to its end
     * @param skip how many of its records to pass over
     */
    HttpSplitReader(HttpSource source, Map<String, Object> pending, int skip) {
        this.source = source;
        this.pending = pending;
        this.skip = skip;
    }

    @Override
    public Optional<Chunk> next(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        while (page == null || index >= page.records().size()) {
            if (page != null) {
                pending = page.next().orElse(null);
                page = null;
            }
            if (pending == null) {
                return Optional.empty();
            }
            page = source.page(pending);
            index = Math.min(skip, page.records().size());
            skip = 0;
        }
        return Optional.of(chunk(maxRows));
    }

    private Chunk chunk(int maxRows) {
        RecordColumns columns = source.columns();
        List<JsonNode> records = page.records();
        int start = index;
        int end = Math.min(records.size(), start + maxRows);
        List<Object[]> rows = new ArrayList<>(end - start);
        List<RejectedRecord> rejected = new ArrayList<>();
        for (int i = start; i < end; i++) {
            try {
                rows.add(JsonRecords.row(columns, records.get(i)));
            } catch (IllegalArgumentException e) {
                rejected.add(new RejectedRecord(page.label() + ", record " + (i + 1), e.getMessage()));
            }
        }
        index = end;
        long bytes = Math.max(1, page.bytes() * (end - start) / records.size());
        return new Chunk(columns.schema(), rows, position(), bytes, rejected);
    }

    /** Where a reader continues after the records handed out so far. */
    private Position position() {
        if (index < page.records().size()) {
            Map<String, Object> values = new HashMap<>(page.state());
            values.put(HttpSource.SKIP, index);
            return new Position(values);
        }
        return page.next().map(Position::new).orElse(new Position(Map.of(HttpSource.DONE, true)));
    }

    @Override
    public void close() {
        page = null;
        pending = null;
    }
}
