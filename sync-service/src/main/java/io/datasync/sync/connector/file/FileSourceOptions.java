package io.datasync.sync.connector.file;

import io.datasync.models.connector.FileKind;
import io.datasync.models.option.Options;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;

/**
 * The options of a file source ({@code source.options} in a job), read from their declaration in the catalog
 * ({@link FileKind#SOURCE}, which also holds the rules relating them).
 *
 * @param path a file or a glob ({@code orders/*.csv.gz}, {@code **}{@code /*.jsonl}) relative to the connection's base
 *     directory
 * @param escape the character that makes the next one literal inside quotes; 0 when quotes are doubled instead
 *     (RFC 4180)
 * @param nullValue the unquoted text read as NULL (an empty field by default); a quoted one is always text
 */
public record FileSourceOptions(
        String path,
        Format format,
        Charset encoding,
        Compression compression,
        boolean header,
        char delimiter,
        char quote,
        char escape,
        String nullValue,
        Options.Values values) {

    /** How records are written in the files. */
    public enum Format {
        CSV,
        JSONL
    }

    /** Whether the files are compressed; {@code AUTO} decides per file by its {@code .gz} suffix. */
    public enum Compression {
        AUTO,
        NONE,
        GZIP
    }

    public FileSourceOptions {
        if (delimiter == quote) {
            throw new IllegalArgumentException("the delimiter and the quote must differ");
        }
    }

    /**
     * @throws InvalidOptionsException with every problem, pointing below {@code /source/options}
     */
    public static FileSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = InvalidOptionsException.parse(FileKind.SOURCE, raw, "/source/options");
        String escape = values.get(FileKind.ESCAPE);
        return new FileSourceOptions(
                values.get(FileKind.PATH),
                Format.valueOf(values.get(FileKind.FORMAT).toUpperCase(Locale.ROOT)),
                Charset.forName(values.get(FileKind.ENCODING)),
                Compression.valueOf(values.get(FileKind.COMPRESSION).toUpperCase(Locale.ROOT)),
                values.get(FileKind.HEADER),
                values.get(FileKind.DELIMITER).charAt(0),
                values.get(FileKind.QUOTE).charAt(0),
                escape.isEmpty() ? 0 : escape.charAt(0),
                values.get(FileKind.NULL_VALUE),
                values);
    }

    /** The declared columns, or empty when they are inferred from the first file. */
    java.util.Optional<RecordColumns> columns() {
        return RecordColumns.declared(values);
    }

    /** The key columns the job names. */
    java.util.List<String> key() {
        return RecordColumns.keys(values);
    }
}
