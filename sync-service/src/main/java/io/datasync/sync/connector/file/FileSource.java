package io.datasync.sync.connector.file;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.job.SourceSpec;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads CSV or JSON lines files below a connection's base directory: one file or every file a glob matches, each
 * file one split (so files are read in parallel up to the job's parallelism), in the order of their paths.
 *
 * <p>Columns are the job's {@code columns} when declared; otherwise the header of the first CSV file (all text) or the
 * fields of the first JSON lines (typed by their values). A record that does not fit — the wrong number of fields,
 * bytes invalid in the encoding, a value that does not convert — is skipped as a rejected record naming its file and
 * line; the rest of the file is read.
 *
 * <p>Error codes: {@code SYNC-401} no file matches (permanent), {@code SYNC-402} the base directory is missing or not a
 * directory (permanent), {@code SYNC-403} reading failed (retriable), {@code SYNC-405} a CSV field or record longer than
 * its limit (permanent), {@code SYNC-406} a compressed file inflating past its limits (permanent), {@code SYNC-404} a
 * file is not what its options
 * say, e.g. not gzip or without the declared fields (permanent).
 */
public final class FileSource implements Source {

    static final int INFER_SAMPLE = 100;

    private final Path base;
    private final EgressGuard guard;
    private final ReadLimits limits;
    private final FileSourceOptions options;
    private final List<Path> files;
    private final RecordColumns columns;

    /**
     * @param baseDirectory the connection's {@code baseDirectory}
     * @param guard the egress policy: the base directory and every file must lie under an allowed root, after every
     *     symlink, and never in {@code /proc}, {@code /sys} or {@code /dev}
     * @param limits the longest field, record and line read, and how far a compressed file may inflate
     * @throws ConnectorException when the options are invalid, the policy refuses the directory or a file
     *     ({@code SYNC-015}), the directory is missing or no file matches
     */
    public FileSource(String baseDirectory, SourceSpec spec, EgressGuard guard, ReadLimits limits) {
        this.options = FileSourceOptions.parse(spec.options());
        this.guard = guard;
        this.limits = limits;
        this.base = realBase(guard, baseDirectory);
        this.files = allowed(guard, base, match(base, options.path()));
        this.columns = columns();
    }

    /**
     * The real base directory, once the policy allowed it.
     *
     * @throws ConnectorException {@code SYNC-015} refused, {@code SYNC-402} missing or not a directory
     */
    public static Path realBase(EgressGuard guard, String baseDirectory) {
        Path[] real = new Path[1];
        Egress.check(guard, g -> {
            try {
                real[0] = g.realBaseDirectory(baseDirectory);
            } catch (java.io.IOException e) {
                throw new ConnectorException(
                        SyncErrorCode.FILE_NO_DIRECTORY,
                        "the base directory " + baseDirectory + " does not exist or is not a directory",
                        null);
            }
        });
        return real[0];
    }

    /**
     * The real paths of the matched files, each inside the real base directory after every symlink.
     *
     * @throws ConnectorException {@code SYNC-015} naming the first file the policy refuses
     */
    public static List<Path> allowed(EgressGuard guard, Path base, List<Path> files) {
        List<Path> real = new ArrayList<>(files.size());
        for (Path file : files) {
            Egress.check(guard, g -> {
                try {
                    real.add(g.realFile(base, base.relativize(file)));
                } catch (java.io.IOException e) {
                    throw new ConnectorException(
                            SyncErrorCode.FILE_READ_FAILED, "cannot read " + file + ": " + e.getMessage(), e);
                }
            });
        }
        return real;
    }

    @Override
    public Schema schema() {
        return columns.schema();
    }

    @Override
    public List<Split> splits() {
        List<Split> splits = new ArrayList<>(files.size());
        for (Path file : files) {
            String relative = relative(file);
            splits.add(new Split("file:" + relative, Map.of("file", relative)));
        }
        return splits;
    }

    @Override
    public SplitReader open(Split split, Position from) {
        Object file = split.bounds().get("file");
        if (!(file instanceof String relative)
                || !files.contains(base.resolve(relative).normalize())) {
            throw new ConnectorException(
                    SyncErrorCode.FILE_MALFORMED, "split " + split.id() + " is not a file of this job", null);
        }
        // checked again right before it is opened: a file may have been swapped for a symlink since the run started
        Path real = allowed(guard, base, List.of(base.resolve(relative).normalize()))
                .get(0);
        return new FileSplitReader(real, relative, options, columns, from, limits);
    }

    private RecordColumns columns() {
        var declared = options.columns();
        if (declared.isPresent()) {
            return declared.get();
        }
        List<String> keys = options.key();
        try (FileSplitReader first =
                new FileSplitReader(files.get(0), relative(files.get(0)), options, null, null, limits)) {
            return first.infer(keys);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(
                    SyncErrorCode.FILE_MALFORMED,
                    relative(files.get(0)) + ": " + e.getMessage() + "; declare columns",
                    e);
        }
    }

    private String relative(Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    /**
     * Regular files matching the pattern, sorted by path; a pattern without glob characters is one file.
     *
     * @throws ConnectorException SYNC-401 when none matches, SYNC-403 when the directory cannot be listed
     */
    public static List<Path> match(Path base, String pattern) {
        List<Path> found;
        if (!pattern.matches(".*[*?\\[{].*")) {
            Path file = base.resolve(pattern).normalize();
            found = Files.isRegularFile(file) && file.startsWith(base) ? List.of(file) : List.of();
        } else {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> walk = Files.walk(base)) {
                found = walk.filter(Files::isRegularFile)
                        .filter(p -> matcher.matches(base.relativize(p)))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new ConnectorException(
                        SyncErrorCode.FILE_READ_FAILED, "cannot list " + base + ": " + e.getMessage(), e);
            }
        }
        if (found.isEmpty()) {
            throw new ConnectorException(
                    SyncErrorCode.FILE_NO_MATCH, "no file matches '" + pattern + "' in " + base, null);
        }
        return found;
    }
}
