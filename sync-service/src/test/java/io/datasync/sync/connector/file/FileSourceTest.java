package io.datasync.sync.connector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import io.datasync.sync.connector.spi.TestEgress;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source on the files under {@code src/test/resources/files} and on bad options and layouts. */
class FileSourceTest {

    private static final String RESOURCES = resources();

    @TempDir
    Path temp;

    @Test
    void aGbkCsvWithAMalformedLineYieldsEveryOtherRowAndNamesTheLine() {
        Result result = readAll(source(
                RESOURCES,
                Map.of(
                        "path",
                        "orders-gbk.csv",
                        "encoding",
                        "GBK",
                        "columns",
                        List.of(
                                Map.of("name", "id", "type", "bigint"),
                                Map.of("name", "name"),
                                Map.of("name", "city"),
                                Map.of("name", "amount", "type", "decimal(10,2)")),
                        "key",
                        List.of("id"))));

        assertThat(result.rows).extracting(r -> r[0]).containsExactly(1L, 2L, 3L, 5L, 6L);
        assertThat(result.rows.get(0)).containsExactly(1L, "张三", "北京", new BigDecimal("12.50"));
        assertThat(result.rows.get(2)[1]).isEqualTo("王五, 小王");
        assertThat(result.rows.get(4)[1]).isEqualTo("周八 \"老周\"");
        assertThat(result.rejected)
                .containsExactly(new RejectedRecord("orders-gbk.csv:5", "3 fields where the header has 4"));
    }

    @Test
    void readingGbkAsUtf8RejectsTheRowsWithInvalidBytesInsteadOfLoadingGarbage() {
        Result result = readAll(source(RESOURCES, Map.of("path", "orders-gbk.csv", "key", List.of("id"))));
        assertThat(result.rows).isEmpty();
        assertThat(result.rejected).hasSize(6);
        assertThat(result.rejected.get(0).reason())
                .isEqualTo("holds bytes that are not valid UTF-8 (check the encoding option)");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedAndColumnsComeFromTheHeader() {
        FileSource source = source(RESOURCES, Map.of("path", "bom-semicolon.csv", "delimiter", ";"));
        assertThat(source.schema().names()).containsExactly("id", "name", "note");
        assertThat(source.schema().columns()).allMatch(c -> c.type() == DataType.TEXT);
        Result result = readAll(source);
        assertThat(result.rows)
                .containsExactly(
                        new Object[] {"1", "Ärger", "ok"},
                        new Object[] {"2", "Zoë", "multi\nline"},
                        new Object[] {"3", "Þór", null});
    }

    @Test
    void gzippedJsonLinesAreTypedFromTheirValuesAndABadLineIsRejected() {
        FileSource source =
                source(RESOURCES, Map.of("path", "events.jsonl.gz", "format", "jsonl", "key", List.of("id")));
        assertThat(source.schema().names()).containsExactly("id", "name", "price", "tags", "ok");
        assertThat(source.schema().columns())
                .extracting(c -> c.type())
                .containsExactly(DataType.BIGINT, DataType.TEXT, DataType.DECIMAL, DataType.JSON, DataType.BOOLEAN);
        assertThat(source.schema().keys()).containsExactly("id");
        Result result = readAll(source);
        assertThat(result.rows).extracting(r -> r[0]).containsExactly(1L, 2L, 3L);
        assertThat(result.rows.get(0)[2]).isEqualTo(new BigDecimal("1.5"));
        assertThat(result.rows.get(2)).containsExactly(3L, "ç", null, null, true);
        assertThat(result.rejected).hasSize(1);
        assertThat(result.rejected.get(0).locator()).isEqualTo("events.jsonl.gz:3");
        assertThat(result.rejected.get(0).reason()).startsWith("is not valid JSON");
    }

    @Test
    void aValueThatDoesNotFitItsColumnRejectsItsRecordOnly() throws IOException {
        Files.writeString(temp.resolve("a.csv"), "id,n\n1,10\n2,ten\n3,30\n");
        Result result = readAll(source(
                temp.toString(),
                Map.of(
                        "path",
                        "a.csv",
                        "columns",
                        List.of(Map.of("name", "id", "type", "int"), Map.of("name", "n", "type", "int")))));
        assertThat(result.rows).extracting(r -> r[0]).containsExactly(1, 3);
        assertThat(result.rejected).singleElement().satisfies(r -> {
            assertThat(r.locator()).isEqualTo("a.csv:3");
            assertThat(r.reason()).startsWith("column n: cannot convert 'ten' to int");
        });
    }

    @Test
    void aGlobReadsEveryMatchingFileAsItsOwnSplitInPathOrder() throws IOException {
        Files.createDirectories(temp.resolve("2026/11"));
        Files.writeString(temp.resolve("2026/11/b.csv"), "id\n3\n4\n");
        Files.writeString(temp.resolve("2026/11/a.csv"), "id\n1\n2\n");
        Files.writeString(temp.resolve("2026/11/notes.txt"), "not a csv");
        FileSource source = source(temp.toString(), Map.of("path", "2026/*/*.csv"));
        assertThat(source.splits()).extracting(Split::id).containsExactly("file:2026/11/a.csv", "file:2026/11/b.csv");
        assertThat(readAll(source).rows).extracting(r -> r[0]).containsExactly("1", "2", "3", "4");
    }

    @Test
    void aHeaderlessFileReadsFieldsByPositionAndTheNullValueOptionApplies() throws IOException {
        Files.writeString(temp.resolve("h.tsv"), "1\tNULL\t\"NULL\"\n2\tx\t\n");
        Result result = readAll(source(
                temp.toString(),
                Map.of(
                        "path",
                        "h.tsv",
                        "header",
                        false,
                        "delimiter",
                        "\t",
                        "nullValue",
                        "NULL",
                        "columns",
                        List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "a"), Map.of("name", "b")))));
        assertThat(result.rows).containsExactly(new Object[] {1L, null, "NULL"}, new Object[] {2L, "x", ""});
    }

    @Test
    void resumingAfterAChunkSkipsTheRecordsAlreadyRead() throws IOException {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 1; i <= 25; i++) {
            csv.append(i).append('\n');
        }
        Files.writeString(temp.resolve("r.csv"), csv);
        FileSource source = source(temp.toString(), Map.of("path", "r.csv"));
        Split split = source.splits().get(0);
        Position after10;
        try (SplitReader reader = source.open(split, Position.START)) {
            after10 = reader.next(10).orElseThrow().position();
        }
        assertThat(after10.values()).isEqualTo(Map.of("records", 10L));
        List<Object> rest = new ArrayList<>();
        try (SplitReader reader = source.open(split, after10)) {
            for (var c = reader.next(7); c.isPresent(); c = reader.next(7)) {
                c.get().rows().forEach(r -> rest.add(r[0]));
            }
        }
        assertThat(rest).hasSize(15).first().isEqualTo("11");
    }

    @Test
    void everyBadOptionIsReportedAtOnceWithItsPointer() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("path", "../etc/passwd");
        raw.put("format", "xml");
        raw.put("encoding", "klingon");
        raw.put("delimiter", ";;");
        raw.put("columns", List.of(Map.of("name", "id", "type", "int4ever")));
        raw.put("colour", "red");
        assertThatThrownBy(() -> source(temp.toString(), raw))
                .isInstanceOfSatisfying(
                        InvalidOptionsException.class,
                        e -> assertThat(e.errors())
                                .extracting(f -> f.pointer())
                                .containsExactlyInAnyOrder(
                                        "/source/options/colour",
                                        "/source/options/path",
                                        "/source/options/format",
                                        "/source/options/encoding",
                                        "/source/options/delimiter",
                                        "/source/options/columns/0/type"));
    }

    /** Under a policy whose only root is one folder: what leaves it by a symlink, or is /proc, is never read. */
    @Test
    void filesOutsideTheRootBySymlinkOrInProcAreRefusedBeforeTheyAreOpened() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root"));
        Path base = Files.createDirectories(root.resolve("exports"));
        Files.writeString(base.resolve("ok.csv"), "id\n1\n");
        Files.writeString(temp.resolve("secret.csv"), "id\n42\n");
        Files.createSymbolicLink(base.resolve("escape.csv"), temp.resolve("secret.csv"));
        Files.createSymbolicLink(root.resolve("linked"), temp);
        io.datasync.kit.egress.EgressGuard onlyRoot =
                new io.datasync.kit.egress.EgressGuard(new io.datasync.models.egress.EgressPolicy(
                        List.of(root.toString()),
                        io.datasync.models.egress.NetworkPolicy.DEFAULT,
                        io.datasync.models.egress.JdbcPolicy.DEFAULT));
        SourceSpec ok = new SourceSpec(SourceType.FILE, "files", null, null, null, null, Map.of("path", "ok.csv"));
        assertThat(new FileSource(base.toString(), ok, onlyRoot, ReadLimits.DEFAULTS).splits())
                .hasSize(1);

        for (List<String> escape : List.of(
                List.of(base.toString(), "escape.csv"),
                List.of(base.toString(), "*.csv"),
                List.of(root.resolve("linked").toString(), "secret.csv"),
                List.of(root + "/exports/../..", "secret.csv"),
                List.of("/proc/self", "environ"))) {
            SourceSpec spec =
                    new SourceSpec(SourceType.FILE, "files", null, null, null, null, Map.of("path", escape.get(1)));
            assertThatThrownBy(() -> new FileSource(escape.get(0), spec, onlyRoot, ReadLimits.DEFAULTS))
                    .as(escape.toString())
                    .isInstanceOfSatisfying(
                            ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-015"));
        }
    }

    @Test
    void missingFilesDirectoriesAndFieldsFailPermanentlyNamingWhat() throws IOException {
        assertThatThrownBy(() -> source(temp.toString(), Map.of("path", "nope-*.csv")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-401");
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("no file matches 'nope-*.csv'");
                });
        assertThatThrownBy(() -> source(temp.resolve("gone").toString(), Map.of("path", "a.csv")))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-402"));
        Files.writeString(temp.resolve("f.csv"), "id,name\n1,a\n");
        FileSource source = source(
                temp.toString(),
                Map.of("path", "f.csv", "columns", List.of(Map.of("name", "id"), Map.of("name", "email"))));
        assertThatThrownBy(() -> source.open(source.splits().get(0), Position.START))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-404");
                    assertThat(e.getMessage()).isEqualTo("f.csv has no field 'email'; its header has [id, name]");
                });
        Files.write(temp.resolve("broken.csv.gz"), "id\n1\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> source(temp.toString(), Map.of("path", "broken.csv.gz")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-404");
                    assertThat(e.getMessage()).contains("broken.csv.gz is not a complete gzip file");
                });
    }

    /** Small limits, so the tests need no large files. */
    private static final ReadLimits SMALL = new ReadLimits(1 << 20, 1000, 4000, 500, 10L << 30, 200);

    @Test
    void aCsvFieldLeftOpenByAQuoteStopsTheFileAtItsLimitNamingTheLine() throws IOException {
        Files.writeString(temp.resolve("open.csv"), "id,note\n1,fine\n2,\"never closed\n" + "x,".repeat(3000));
        FileSource source = new FileSource(
                temp.toString(),
                new SourceSpec(SourceType.FILE, "files", null, null, null, null, Map.of("path", "open.csv")),
                TestEgress.LOOPBACK,
                SMALL);
        assertThatThrownBy(() -> readAll(source)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-405");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage())
                    .contains("open.csv:3", "longer than 1000 characters", "datasync.sync.read-limits.");
        });
    }

    @Test
    void aJsonLineLongerThanItsLimitIsRejectedAndTheFollowingLinesAreRead() throws IOException {
        Files.writeString(
                temp.resolve("long.jsonl"),
                "{\"id\": 1}\n{\"id\": 2, \"pad\": \"" + "p".repeat(5000) + "\"}\n{\"id\": 3}\n");
        Result result = readAll(new FileSource(
                temp.toString(),
                new SourceSpec(
                        SourceType.FILE,
                        "files",
                        null,
                        null,
                        null,
                        null,
                        Map.of("path", "long.jsonl", "format", "jsonl")),
                TestEgress.LOOPBACK,
                SMALL));
        assertThat(result.rows()).extracting(r -> r[0]).containsExactly(1L, 3L);
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.locator()).isEqualTo("long.jsonl:2");
            assertThat(r.reason()).contains("longer than 500 characters");
        });
    }

    /** 200 MB of zeros gzip to 200 KB: refused once 64 MB came out at a thousand times the input. */
    @Test
    void aGzipBombIsRefusedBeforeItFillsMemoryOrDisk() throws IOException {
        Path bomb = temp.resolve("bomb.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            out.write("id\n".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) '0');
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        FileSource source = new FileSource(
                temp.toString(),
                new SourceSpec(SourceType.FILE, "files", null, null, null, null, Map.of("path", "bomb.csv.gz")),
                TestEgress.LOOPBACK,
                new ReadLimits(1 << 20, 300 << 20, 300 << 20, 500, 10L << 30, 200));
        assertThatThrownBy(() -> readAll(source)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-406");
            assertThat(e.getMessage()).contains("bomb.csv.gz", "decompression bomb");
        });
    }

    private record Result(List<Object[]> rows, List<RejectedRecord> rejected) {}

    private static Result readAll(FileSource source) {
        List<Object[]> rows = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        for (Split split : source.splits()) {
            try (SplitReader reader = source.open(split, Position.START)) {
                for (var chunk = reader.next(4); chunk.isPresent(); chunk = reader.next(4)) {
                    Chunk c = chunk.get();
                    rows.addAll(c.rows());
                    rejected.addAll(c.rejected());
                }
            }
        }
        return new Result(rows, rejected);
    }

    private static FileSource source(String base, Map<String, Object> options) {
        return new FileSource(
                base,
                new SourceSpec(SourceType.FILE, "files", null, null, null, null, options),
                TestEgress.LOOPBACK,
                ReadLimits.DEFAULTS);
    }

    private static String resources() {
        try {
            return Path.of(FileSourceTest.class
                            .getResource("/files/orders-gbk.csv")
                            .toURI())
                    .getParent()
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
