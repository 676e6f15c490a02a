package io.datasync.sync.connector.file;

import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContractTest;
import io.datasync.sync.connector.spi.TestEgress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source contract over CSV files: each data set is spread over three files matched by a glob, the last one
 * gzip-compressed, with quoted text holding delimiters, quotes and line breaks.
 */
class FileSourceContractTest extends SourceContractTest {

    @TempDir
    Path base;

    private int datasets;

    @Override
    protected String createDataset(int rows) {
        String name = "set" + datasets++;
        try {
            Path dir = Files.createDirectories(base.resolve(name));
            int perFile = Math.max(1, (rows + 2) / 3);
            for (int file = 0; file < 3; file++) {
                StringBuilder csv = new StringBuilder("id,name,amount,active,created\n");
                for (int id = file * perFile + 1; id <= Math.min(rows, (file + 1) * perFile); id++) {
                    if (id % 7 == 0) {
                        csv.append(id).append(",,,,\n");
                    } else {
                        csv.append(id)
                                .append(",\"name, \"\"")
                                .append(id)
                                .append("\"\"\nsecond line\",")
                                .append(id)
                                .append(".25,")
                                .append(id % 2 == 0)
                                .append(",2026-11-27T10:00:00+08:00\n");
                    }
                }
                write(dir, "part-" + file + (file == 2 ? ".csv.gz" : ".csv"), csv.toString(), file == 2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    @Override
    protected Source buildSource(String dataset, int parallelism) {
        return new FileSource(
                base.toString(),
                new SourceSpec(
                        SourceType.FILE,
                        "files",
                        null,
                        null,
                        null,
                        null,
                        Map.of(
                                "path",
                                dataset + "/part-*.csv*",
                                "columns",
                                List.of(
                                        Map.of("name", "id", "type", "bigint"),
                                        Map.of("name", "name"),
                                        Map.of("name", "amount", "type", "decimal(12,2)"),
                                        Map.of("name", "active", "type", "boolean"),
                                        Map.of("name", "created", "type", "timestamptz")),
                                "key",
                                List.of("id"))),
                TestEgress.LOOPBACK,
                ReadLimits.DEFAULTS);
    }

    @Override
    protected List<String> expectedColumns() {
        return List.of("id", "name", "amount", "active", "created");
    }

    private static void write(Path dir, String file, String text, boolean gzip) throws IOException {
        try (OutputStream out = gzip
                ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(file)))
                : Files.newOutputStream(dir.resolve(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
