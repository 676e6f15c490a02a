package io.datasync.sync.connector.file;

import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one file as chunks of typed rows. The position after a chunk is the number of records read from the file
 * ({@code {"records": 1200}}), rejected ones included; resuming skips that many records, which costs a re-read of the
 * skipped part but works alike for compressed files.
 */
final class FileSplitReader implements io.datasync.sync.connector.spi.SplitReader {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Path path;
    private final String name;
    private final FileSourceOptions options;
    private final RecordColumns columns;
    private final ReadLimits limits;
    private BufferedReader reader;
    private BoundedLines lines;
    private CsvParser csv;
    private Map<String, Integer> header;
    private long jsonLine;
    private long records;
    private boolean closed;

    /**
     * @param columns null when the reader only serves {@link #infer}
     * @param from null or the position to continue after
     */
    FileSplitReader(
            Path path,
            String name,
            FileSourceOptions options,
            RecordColumns columns,
            Position from,
            ReadLimits limits) {
        this.path = path;
        this.name = name;
        this.options = options;
        this.columns = columns;
        this.limits = limits;
        try {
            this.reader = open();
            if (options.format() == FileSourceOptions.Format.CSV) {
                csv = new CsvParser(
                        reader,
                        options.delimiter(),
                        options.quote(),
                        options.escape(),
                        limits.csvFieldChars(),
                        limits.csvRecordChars());
                header = readHeader();
            } else {
                lines = new BoundedLines(reader, limits.jsonLineChars());
            }
            if (columns != null) {
                checkFields();
            }
            long skip = from == null || from.isStart() ? 0 : ((Number) from.get("records")).longValue();
            while (records < skip && nextRecord() != null) {
                // already written by an earlier attempt
            }
        } catch (IOException e) {
            close();
            throw failure(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Optional<Chunk> next(int maxRows) {
        List<Object[]> rows = new ArrayList<>(Math.min(maxRows, 1024));
        List<RejectedRecord> rejected = new ArrayList<>();
        long chars = 0;
        try {
            while (rows.size() < maxRows && rejected.size() < maxRows) {
                Raw raw = nextRecord();
                if (raw == null) {
                    break;
                }
                chars += raw.chars();
                if (raw.problem() != null) {
                    rejected.add(new RejectedRecord(name + ":" + raw.line(), raw.problem()));
                    continue;
                }
                try {
                    rows.add(columns.row(raw.values()::get));
                } catch (IllegalArgumentException e) {
                    rejected.add(new RejectedRecord(name + ":" + raw.line(), e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw failure(e);
        }
        if (rows.isEmpty() && rejected.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chunk(
                columns.schema(), rows, new Position(Map.of("records", records)), Math.max(1, chars), rejected));
    }

    /** Columns from the header (CSV, all text) or from the first records' values (JSON lines). */
    RecordColumns infer(List<String> keys) {
        if (header != null) {
            return RecordColumns.infer(new ArrayList<>(header.keySet()), List.of(), keys);
        }
        List<Map<String, Object>> samples = new ArrayList<>();
        try {
            for (Raw raw = nextRecord(); raw != null && samples.size() < FileSource.INFER_SAMPLE; raw = nextRecord()) {
                if (raw.problem() == null) {
                    samples.add(raw.values());
                }
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return RecordColumns.infer(List.of(), samples, keys);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A record's field values by field name, or why it cannot be read. */
    private record Raw(Map<String, Object> values, long line, long chars, String problem) {}

    private Raw nextRecord() throws IOException {
        Raw raw;
        try {
            raw = options.format() == FileSourceOptions.Format.CSV ? nextCsv() : nextJson();
        } catch (CsvParser.TooLong e) {
            throw new ConnectorException(
                    SyncErrorCode.FILE_RECORD_TOO_LONG,
                    name + ":" + e.line + ": " + e.getMessage() + "; raise " + ReadLimits.PREFIX
                            + "csv-field-chars or csv-record-chars if such records are real",
                    null);
        }
        if (raw != null) {
            records++;
        }
        return raw;
    }

    private Raw nextCsv() throws IOException {
        CsvParser.Record record = csv.next();
        if (record == null) {
            return null;
        }
        if (record.problem() != null) {
            return new Raw(Map.of(), record.line(), record.chars(), record.problem());
        }
        if (record.fields().size() != header.size()) {
            return new Raw(
                    Map.of(),
                    record.line(),
                    record.chars(),
                    record.fields().size() + " fields where the header has " + header.size());
        }
        Map<String, Object> values = new HashMap<>(header.size() * 2);
        for (var field : header.entrySet()) {
            int i = field.getValue();
            String text = record.fields().get(i);
            if (text.indexOf('\uFFFD') >= 0) {
                return new Raw(Map.of(), record.line(), record.chars(), invalidBytes());
            }
            boolean isNull = !record.quoted().get(i) && text.equals(options.nullValue());
            values.put(field.getKey(), isNull ? null : text);
        }
        return new Raw(values, record.line(), record.chars(), null);
    }

    private Raw nextJson() throws IOException {
        String line;
        do {
            line = lines.next();
            jsonLine++;
        } while (line != null && line != BoundedLines.TOO_LONG && line.isBlank());
        if (line == null) {
            return null;
        }
        if (line == BoundedLines.TOO_LONG) {
            return new Raw(
                    Map.of(),
                    jsonLine,
                    limits.jsonLineChars(),
                    "is longer than " + limits.jsonLineChars() + " characters (" + ReadLimits.PREFIX
                            + "json-line-chars); skipped");
        }
        if (line.indexOf('\uFFFD') >= 0) {
            return new Raw(Map.of(), jsonLine, line.length(), invalidBytes());
        }
        try {
            Object value = JSON.readValue(line, Object.class);
            if (!(value instanceof Map<?, ?> map)) {
                return new Raw(Map.of(), jsonLine, line.length(), "is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) map;
            return new Raw(values, jsonLine, line.length(), null);
        } catch (JacksonException e) {
            return new Raw(Map.of(), jsonLine, line.length(), "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private String invalidBytes() {
        return "holds bytes that are not valid " + options.encoding().name() + " (check the encoding option)";
    }

    /** The header's field names and their positions; the declared fields, in order, when the file has no header. */
    private Map<String, Integer> readHeader() throws IOException {
        Map<String, Integer> names = new LinkedHashMap<>();
        if (!options.header()) {
            for (int i = 0; i < columns.fields().size(); i++) {
                names.put(columns.fields().get(i), i);
            }
            return names;
        }
        CsvParser.Record record = csv.next();
        if (record == null) {
            throw new ConnectorException(SyncErrorCode.FILE_MALFORMED, name + " is empty: it has no header line", null);
        }
        if (record.problem() != null) {
            throw new ConnectorException(
                    SyncErrorCode.FILE_MALFORMED, name + ": the header line is malformed: " + record.problem(), null);
        }
        for (int i = 0; i < record.fields().size(); i++) {
            String field = record.fields().get(i).strip();
            if (names.put(field, i) != null) {
                throw new ConnectorException(
                        SyncErrorCode.FILE_MALFORMED, name + ": the header names field '" + field + "' twice", null);
            }
        }
        return names;
    }

    private void checkFields() {
        if (header == null) {
            return;
        }
        for (String field : columns.fields()) {
            if (!header.containsKey(field)) {
                throw new ConnectorException(
                        SyncErrorCode.FILE_MALFORMED,
                        name + " has no field '" + field + "'; its header has " + header.keySet(),
                        null);
            }
        }
    }

    private BufferedReader open() throws IOException {
        // the real path the policy checked; a symlink put there since is not followed
        InputStream in =
                new BufferedInputStream(Files.newInputStream(path, java.nio.file.LinkOption.NOFOLLOW_LINKS), 1 << 16);
        boolean gzip = switch (options.compression()) {
            case GZIP -> true;
            case NONE -> false;
            case AUTO -> path.getFileName().toString().endsWith(".gz");
        };
        if (gzip) {
            LimitedInflation.Counting compressed = new LimitedInflation.Counting(in);
            in = new BufferedInputStream(
                    LimitedInflation.limit(compressed, new GZIPInputStream(compressed, 1 << 16), limits), 1 << 16);
        }
        if (options.encoding().equals(StandardCharsets.UTF_8)) {
            in.mark(3);
            byte[] bom = in.readNBytes(3);
            if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
                in.reset();
            }
        }
        var decoder = options.encoding()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith("\uFFFD");
        return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
    }

    private ConnectorException failure(IOException e) {
        if (e instanceof LimitedInflation.Bomb) {
            return new ConnectorException(
                    SyncErrorCode.FILE_DECOMPRESSION_BOMB, name + " is refused: " + e.getMessage(), null);
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new ConnectorException(
                    SyncErrorCode.FILE_MALFORMED, name + " is not a complete gzip file: " + e.getMessage(), e);
        }
        return new ConnectorException(
                SyncErrorCode.FILE_READ_FAILED, "reading " + name + " failed: " + e.getMessage(), e);
    }
}
