package io.datasync.sync.connector.file;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.FileKind;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The {@code file} unit: CSV and JSON lines files below a connection's base directory, which must lie under one of the
 * file roots the operator allows ({@code datasync.egress.file-roots}) after every symlink, and never in {@code /proc},
 * {@code /sys} or {@code /dev}. The connection test checks the directory, then optionally that a file or glob matches
 * files that may be read.
 */
@Component
public class FileConnector implements Connector {

    private final EgressGuard guard;
    private final ReadLimits limits;

    public FileConnector(EgressGuard guard, ReadLimits limits) {
        this.guard = guard;
        this.limits = limits;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return FileKind.DESCRIPTOR;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        String baseDirectory = connection.text(FileKind.BASE_DIRECTORY.name());
        Path[] base = new Path[1];
        boolean listed = steps.run(
                "directory",
                () -> {
                    base[0] = FileSource.realBase(guard, baseDirectory);
                    if (!Files.isReadable(base[0])) {
                        throw new ConnectorException(
                                SyncErrorCode.FILE_NO_DIRECTORY, baseDirectory + " is not readable", null);
                    }
                    try (var entries = Files.list(base[0])) {
                        return baseDirectory + " holds " + entries.count() + " entries";
                    }
                },
                e -> new ConnectorException(
                        SyncErrorCode.FILE_READ_FAILED, "cannot list " + baseDirectory + ": " + e.getMessage(), e));
        if (listed && target.path() != null) {
            steps.run(
                    "files",
                    () -> {
                        List<Path> files = FileSource.allowed(guard, base[0], FileSource.match(base[0], target.path()));
                        return files.size() + (files.size() == 1 ? " file matches" : " files match") + " '"
                                + target.path() + "'";
                    },
                    e -> new ConnectorException(SyncErrorCode.FILE_READ_FAILED, e.getMessage(), e));
        }
    }

    @Override
    public Source source(SourceContext context) {
        return new FileSource(context.connection().text(FileKind.BASE_DIRECTORY.name()), context.spec(), guard, limits);
    }
}
