package io.datasync.models.connector;

import io.datasync.models.egress.EgressTarget;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.option.Rule;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Set;

/** {@code file}: CSV and JSON lines files below a connection's base directory, which must lie under a file root. */
public final class FileKind {

    private FileKind() {}

    public static final Option<String> BASE_DIRECTORY = Option.text(
                    "baseDirectory",
                    "absolute directory that file paths of jobs are resolved in; it must lie under one of the file"
                            + " roots the operator allows (datasync.egress.file-roots)")
            .mandatory()
            .checkedBy(FileKind::absoluteDirectory)
            .reaching(new EgressTarget.FileRoot());

    public static final Options CONNECTION = Options.of(BASE_DIRECTORY);

    public static final Option<String> PATH = Option.text(
                    "path",
                    "a file or a glob relative to the connection's base directory, e.g. orders.csv,"
                            + " 2026-*/part-*.csv.gz or **/*.jsonl")
            .mandatory()
            .checkedBy(FileKind::relativePath);

    public static final Option<String> FORMAT = Option.choice(
                    "format", "csv or jsonl (one JSON object per line)", "csv", "jsonl")
            .withDefault("csv");

    public static final Option<String> ENCODING = Option.text(
                    "encoding", "the files' character set, e.g. UTF-8 (a byte order mark is skipped), GBK, ISO-8859-1")
            .withDefault("UTF-8")
            .checkedBy(FileKind::charset);

    public static final Option<String> COMPRESSION = Option.choice(
                    "compression", "auto (gzip for files ending in .gz), none or gzip", "auto", "none", "gzip")
            .withDefault("auto");

    public static final Option<Boolean> HEADER = Option.bool(
                    "header", "whether the first line of a CSV file names its fields")
            .withDefault(true);

    public static final Option<String> DELIMITER = Option.text(
                    "delimiter", "the CSV field separator, e.g. ',', ';' or '\\t'")
            .withDefault(",")
            .emptyAllowed()
            .checkedBy(FileKind::oneChar);

    public static final Option<String> QUOTE =
            Option.text("quote", "the CSV quote character").withDefault("\"").checkedBy(FileKind::oneChar);

    public static final Option<String> ESCAPE = Option.text(
                    "escape",
                    "the character escaping a quote inside a quoted CSV field, e.g. '\\\\'; empty (the default) when"
                            + " quotes are doubled as in RFC 4180")
            .withDefault("")
            .emptyAllowed()
            .checkedBy(v -> v.length() > 1 ? "must be one character, or empty for doubled quotes" : null);

    public static final Option<String> NULL_VALUE = Option.text(
                    "nullValue", "the unquoted CSV field read as NULL; quoted fields are always text")
            .withDefault("")
            .emptyAllowed();

    public static final Options SOURCE = Options.of(
            List.of(
                    PATH,
                    FORMAT,
                    ENCODING,
                    COMPRESSION,
                    HEADER,
                    DELIMITER,
                    QUOTE,
                    ESCAPE,
                    NULL_VALUE,
                    RecordColumnsOptions.COLUMNS,
                    RecordColumnsOptions.KEY),
            Rule.differ("delimiter", "quote"),
            Rule.of("a CSV file without a header line needs columns", scope -> {
                if ("csv".equals(scope.get("format"))
                        && Boolean.FALSE.equals(scope.get("header"))
                        && !(scope.get("columns") instanceof List<?> c && !c.isEmpty())
                        && !scope.failed("columns")) {
                    scope.problem("columns", "is required when a CSV file has no header line");
                }
            }),
            RecordColumnsOptions.KEY_AMONG_COLUMNS);

    public static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            "file",
            "CSV and JSON lines files (any charset, plain or gzip) below a base directory under an allowed file root;"
                    + " each file is a split",
            CONNECTION,
            new ConnectorDescriptor.SourceSupport(SOURCE, Set.of(IncrementalMode.FULL), false, false),
            null,
            null);

    private static String absoluteDirectory(String value) {
        boolean unix = value.startsWith("/");
        boolean windows = value.matches("[A-Za-z]:[\\\\/].*");
        if (!unix && !windows) {
            return "must be an absolute path, e.g. /data/exports";
        }
        for (String segment : value.split("[\\\\/]")) {
            if (segment.equals("..") || segment.equals(".")) {
                return "must not contain '" + segment + "' segments";
            }
        }
        return null;
    }

    private static String relativePath(String path) {
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("[A-Za-z]:.*")) {
            return "must be relative to the connection's base directory";
        }
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                return "must stay inside the connection's base directory ('..' is not allowed)";
            }
        }
        return null;
    }

    private static String charset(String name) {
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
}
