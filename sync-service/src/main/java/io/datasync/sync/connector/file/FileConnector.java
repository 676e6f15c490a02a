package io.datasync.sync.connector.file;

import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.FileKind;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.TestSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The {@code file} unit: CSV and JSON lines files below a connection's base directory. The connection test checks the
 * directory, then optionally that a file or glob matches.
 */
@Component
public class FileConnector implements Connector {

    @Override
    public ConnectorDescriptor descriptor() {
        return FileKind.DESCRIPTOR;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        Path base = Path.of(connection.text(FileKind.BASE_DIRECTORY.name()));
        boolean listed = steps.run(
                "directory",
                () -> {
                    if (!Files.isDirectory(base) || !Files.isReadable(base)) {
                        throw new ConnectorException(
                                "SYNC-402",
                                false,
                                base + " does not exist, is not a directory or is not readable",
                                null);
                    }
                    try (var entries = Files.list(base)) {
                        return base + " holds " + entries.count() + " entries";
                    }
                },
                e -> new ConnectorException("SYNC-403", true, "cannot list " + base + ": " + e.getMessage(), e));
        if (listed && target.path() != null) {
            steps.run(
                    "files",
                    () -> {
                        List<Path> files =
                                FileSource.match(base.toAbsolutePath().normalize(), target.path());
                        return files.size() + (files.size() == 1 ? " file matches" : " files match") + " '"
                                + target.path() + "'";
                    },
                    e -> new ConnectorException("SYNC-403", true, e.getMessage(), e));
        }
    }

    @Override
    public Source source(SourceContext context) {
        return new FileSource(context.connection().text(FileKind.BASE_DIRECTORY.name()), context.spec());
    }
}
