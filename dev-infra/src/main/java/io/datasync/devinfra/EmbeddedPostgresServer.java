package io.datasync.devinfra;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL (zonky's binaries) with user {@code postgres} and trust authentication.
 *
 * <p>The processes are run here rather than by zonky's {@code EmbeddedPostgres}: PostgreSQL refuses
 * to run as root, which is how this project's machines and CI run, so as root initdb and the server
 * run as {@code nobody}. The data folder survives restarts.
 */
final class EmbeddedPostgresServer implements InfraServer {

    static final String USER = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final String host;
    private final int port;
    private Process process;

    EmbeddedPostgresServer(Path dir, String host, int port) {
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    Path logFile() {
        return dir.resolve("postgres.log");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(dir);
        Path bin = installBinaries(dir.resolve("pgsql")).resolve("bin");
        Path data = dir.resolve("data");
        Path socketDir = dir.resolve("run");
        RunAs runAs = RunAs.current();
        runAs.prepareDir(socketDir, "rwxr-xr-x");
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb(bin, data, runAs);
        }
        List<String> command = runAs.wrap(List.of(
                bin.resolve("postgres").toString(),
                "-D",
                data.toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=" + host,
                "-c",
                "unix_socket_directories=" + socketDir,
                "-c",
                "max_connections=200",
                // A dev database: losing the last commits on a crash is fine, waiting for fsync is not.
                "-c",
                "synchronous_commit=off",
                // Change-log (CDC) jobs read through logical decoding: one replication slot and wal sender each.
                "-c",
                "wal_level=logical",
                "-c",
                "max_replication_slots=20",
                "-c",
                "max_wal_senders=20"));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        awaitReady(data);
    }

    private void initdb(Path bin, Path data, RunAs runAs) throws IOException, InterruptedException {
        Path fresh = dir.resolve("data.init");
        deleteRecursively(fresh);
        runAs.prepareDir(fresh, "rwx------");
        List<String> command = runAs.wrap(List.of(
                bin.resolve("initdb").toString(),
                "--pgdata=" + fresh,
                "--username=" + USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync"));
        Process initdb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
            initdb.destroyForcibly();
            throw new IOException("initdb failed, see " + logFile());
        }
        deleteRecursively(data);
        Files.move(fresh, data);
    }

    private void awaitReady(Path data) throws Exception {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("postgres exited with code " + process.exitValue() + ", see " + logFile());
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                    ResultSet rs = c.createStatement().executeQuery("show data_directory")) {
                // Another server on the port must not pass for this one.
                if (rs.next() && Path.of(rs.getString(1)).normalize().equals(data.normalize())) {
                    return;
                }
                throw new IOException(
                        "port " + port + " is served by another PostgreSQL (data directory " + rs.getString(1) + ")");
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("postgres not ready after " + STARTUP_TIMEOUT + ", see " + logFile(), last);
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM would wait for every client to leave.
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Unpacks zonky's PostgreSQL bundle once; later starts reuse it. */
    private static Path installBinaries(Path target) throws IOException {
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".unpack");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture());
                TarArchiveInputStream tar =
                        new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path file = tmp.resolve(entry.getName()).normalize();
                if (!file.startsWith(tmp)) {
                    throw new IOException("bad entry in PostgreSQL bundle: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                    continue;
                }
                Files.createDirectories(file.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.copy(tmp.resolve(entry.getLinkName()).normalize(), file);
                } else {
                    Files.copy(tar, file);
                    Files.setPosixFilePermissions(file, permissions(entry.getMode()));
                }
            }
        }
        deleteRecursively(target);
        Files.move(tmp, target);
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        // Readable by all: as root the server runs as nobody and must read these files.
        Set<PosixFilePermission> p = EnumSet.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            p.addAll(EnumSet.of(
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return p;
    }

    private static String system() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return "Darwin";
        }
        return os.contains("win") ? "Windows" : "Linux";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Who runs the PostgreSQL processes: this user, or nobody when this is root. */
    private record RunAs(String uid, String gid) {

        static RunAs current() throws IOException {
            if (!"root".equals(System.getProperty("user.name"))) {
                return new RunAs(null, null);
            }
            String uid = "65534";
            String gid = "65534";
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals("nobody")) {
                    uid = f[2];
                    gid = f[3];
                }
            }
            return new RunAs(uid, gid);
        }

        List<String> wrap(List<String> command) {
            if (uid == null) {
                return command;
            }
            List<String> wrapped =
                    new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
            wrapped.addAll(command);
            return wrapped;
        }

        void prepareDir(Path path, String perms) throws IOException, InterruptedException {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
            if (uid == null) {
                return;
            }
            Files.setAttribute(path, "unix:uid", Integer.parseInt(uid));
            Files.setAttribute(path, "unix:gid", Integer.parseInt(gid));
            Process check = new ProcessBuilder(wrap(List.of("test", "-w", path.toString())))
                    .redirectErrorStream(true)
                    .start();
            if (!check.waitFor(10, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IOException("PostgreSQL refuses to run as root, so it runs as nobody (uid " + uid
                        + "), who cannot reach " + path
                        + ": use a folder whose parent folders all others may search (chmod o+x)");
            }
        }
    }
}
