package io.datasync.sync.connector.file;

import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Options;
import io.datasync.sync.connector.spi.Options.Option;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Map;

/**
 * The options of a file source ({@code source.options} in a job), declared once in {@link #DEFINITION}.
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

    public static final Options DEFINITION = new Options();

    public static final Option<String> PATH = DEFINITION.define(
            "path",
            String.class,
            null,
            FileSourceOptions::checkPath,
            "a file or a glob relative to the connection's base directory, e.g. orders.csv, 2026-*/part-*.csv.gz or"
                    + " **/*.jsonl");

    public static final Option<String> FORMAT =
            DEFINITION.define("format", String.class, "csv", v -> choice(v, "csv", "jsonl"), "csv or jsonl");

    public static final Option<String> ENCODING = DEFINITION.define(
            "encoding",
            String.class,
            "UTF-8",
            FileSourceOptions::checkCharset,
            "the files' character set, e.g. UTF-8 (a byte order mark is skipped), GBK, ISO-8859-1");

    public static final Option<String> COMPRESSION = DEFINITION.define(
            "compression",
            String.class,
            "auto",
            v -> choice(v, "auto", "none", "gzip"),
            "auto (gzip for files ending in .gz), none or gzip");

    public static final Option<Boolean> HEADER = DEFINITION.define(
            "header", Boolean.class, true, null, "whether the first line of a CSV file names its fields");

    public static final Option<String> DELIMITER = DEFINITION.define(
            "delimiter",
            String.class,
            ",",
            FileSourceOptions::oneChar,
            "the CSV field separator, e.g. ',', ';' or '\\t'");

    public static final Option<String> QUOTE =
            DEFINITION.define("quote", String.class, "\"", FileSourceOptions::oneChar, "the CSV quote character");

    public static final Option<String> ESCAPE = DEFINITION.define(
            "escape",
            String.class,
            "",
            v -> v.length() > 1 ? "must be one character, or empty for doubled quotes" : null,
            "the character escaping a quote inside a quoted CSV field, e.g. '\\\\'; empty (the default) when quotes are"
                    + " doubled as in RFC 4180");

    public static final Option<String> NULL_VALUE = DEFINITION.define(
            "nullValue", String.class, "", null, "the unquoted CSV field read as NULL; quoted fields are always text");

    public static final RecordColumns.Handles COLUMNS = RecordColumns.define(DEFINITION);

    public FileSourceOptions {
        if (delimiter == quote) {
            throw new IllegalArgumentException("the delimiter and the quote must differ");
        }
    }

    /**
     * @throws Options.OptionsException with every problem, pointing below {@code /source/options}
     */
    public static FileSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = DEFINITION.parse(raw, "/source/options");
        String delimiter = values.get(DELIMITER);
        String quote = values.get(QUOTE);
        if (delimiter.equals(quote)) {
            throw new Options.OptionsException(List.of(new io.datasync.models.problem.FieldError(
                    "/source/options/quote", "must differ from the delimiter '" + delimiter + "'")));
        }
        Format format = Format.valueOf(values.get(FORMAT).toUpperCase(java.util.Locale.ROOT));
        if (format == Format.CSV
                && !values.get(HEADER)
                && values.get(COLUMNS.columns()).isEmpty()) {
            throw new Options.OptionsException(List.of(new io.datasync.models.problem.FieldError(
                    "/source/options/columns", "is required when a CSV file has no header line")));
        }
        String escape = values.get(ESCAPE);
        return new FileSourceOptions(
                values.get(PATH),
                format,
                Charset.forName(values.get(ENCODING)),
                Compression.valueOf(values.get(COMPRESSION).toUpperCase(java.util.Locale.ROOT)),
                values.get(HEADER),
                delimiter.charAt(0),
                quote.charAt(0),
                escape.isEmpty() ? 0 : escape.charAt(0),
                values.get(NULL_VALUE),
                values);
    }

    private static String checkPath(String path) {
        if (path.isBlank()) {
            return "must name a file or a glob";
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            return "must be relative to the connection's base directory";
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                return "must stay inside the connection's base directory ('..' is not allowed)";
            }
        }
        return null;
    }

    private static String checkCharset(String name) {
        try {
            Charset.forName(name);
            return null;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return "'" + name + "' is not a character set this JVM knows, e.g. UTF-8, GBK, ISO-8859-1";
        }
    }

    private static String oneChar(String v) {
        return v.length() == 1 ? null : "must be exactly one character";
    }

    private static String choice(String v, String... allowed) {
        return List.of(allowed).contains(v.toLowerCase(java.util.Locale.ROOT))
                ? null
                : "must be one of " + List.of(allowed) + ", not '" + v + "'";
    }
}
