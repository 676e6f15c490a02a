package io.datasync.devinfra;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded infrastructure the local run lacks: PostgreSQL, Redis, an MQTT 5 broker.
 *
 * <p>As a program (used by {@code ./datasync up}) it prints one {@code READY <name> <host>:<port>
 * pid=<pid> ms=<millis>} line per server, then {@code READY all ms=<millis>}, and runs until SIGTERM,
 * when it stops the servers. A failure prints {@code FAILED <reason>} and exits with 1. As a library
 * it is an {@link AutoCloseable}.
 */
public final class LocalInfra implements AutoCloseable {

    public static final int DEFAULT_POSTGRES_PORT = 5432;
    public static final int DEFAULT_REDIS_PORT = 6379;
    public static final int DEFAULT_MQTT_PORT = 1883;

    /**
     * What to start and where; a port of 0 means "do not start". {@code dir} holds binaries and data,
     * one sub-folder per server.
     */
    public record Options(Path dir, String host, int postgresPort, int redisPort, int mqttPort) {

        static final String USAGE = """
                usage: LocalInfra --dir DIR [--host 127.0.0.1] [--postgres] [--postgres-port N]
                                  [--redis] [--redis-port N] [--mqtt] [--mqtt-port N]
                  --postgres, --redis, --mqtt start that server on its default port (5432, 6379, 1883);
                  --<server>-port N starts it on port N.""";

        public Options {
            if (dir == null) {
                throw new IllegalArgumentException("--dir is required");
            }
            if (postgresPort == 0 && redisPort == 0 && mqttPort == 0) {
                throw new IllegalArgumentException("nothing to start: give --postgres, --redis and/or --mqtt");
            }
        }

        public static Options parse(String... args) {
            Path dir = null;
            String host = "127.0.0.1";
            int postgres = 0;
            int redis = 0;
            int mqtt = 0;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--dir" -> dir = Path.of(value(args, ++i, arg));
                    case "--host" -> host = value(args, ++i, arg);
                    case "--postgres" -> postgres = postgres == 0 ? DEFAULT_POSTGRES_PORT : postgres;
                    case "--redis" -> redis = redis == 0 ? DEFAULT_REDIS_PORT : redis;
                    case "--mqtt" -> mqtt = mqtt == 0 ? DEFAULT_MQTT_PORT : mqtt;
                    case "--postgres-port" -> postgres = port(value(args, ++i, arg), arg);
                    case "--redis-port" -> redis = port(value(args, ++i, arg), arg);
                    case "--mqtt-port" -> mqtt = port(value(args, ++i, arg), arg);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            return new Options(dir, host, postgres, redis, mqtt);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int port(String value, String option) {
            try {
                int port = Integer.parseInt(value);
                if (port > 0 && port < 65536) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " needs a port number, got " + value);
        }
    }

    /** A server that is up. */
    public record Started(String name, String host, int port, long pid, long millis) {}

    private final Options options;
    private final List<InfraServer> servers = new ArrayList<>();
    private final List<Started> started = Collections.synchronizedList(new ArrayList<>());

    private LocalInfra(Options options) {
        this.options = options;
        Path dir = options.dir().toAbsolutePath();
        if (options.postgresPort() > 0) {
            servers.add(new EmbeddedPostgresServer(dir.resolve("postgres"), options.host(), options.postgresPort()));
        }
        if (options.redisPort() > 0) {
            servers.add(new EmbeddedRedisServer(dir.resolve("redis"), options.host(), options.redisPort()));
        }
        if (options.mqttPort() > 0) {
            servers.add(new EmbeddedMqttBroker(dir.resolve("mqtt"), options.host(), options.mqttPort()));
        }
    }

    /** Starts the servers side by side; on a failure stops those that came up and rethrows. */
    public static LocalInfra start(Options options) throws Exception {
        // Bind SLF4J once before the servers log from several threads (else it drops early lines).
        LoggerFactory.getILoggerFactory();
        LocalInfra infra = new LocalInfra(options);
        ExecutorService pool = Executors.newFixedThreadPool(infra.servers.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (InfraServer server : infra.servers) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    server.start();
                    infra.started.add(new Started(
                            server.name(),
                            options.host(),
                            server.port(),
                            server.pid(),
                            (System.nanoTime() - t0) / 1_000_000));
                    return null;
                }));
            }
            Exception failure = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception ex ? ex : e;
                    String name = infra.servers.get(i).name();
                    Exception named = new Exception(name + ": " + cause.getMessage(), cause);
                    if (failure == null) {
                        failure = named;
                    } else {
                        failure.addSuppressed(named);
                    }
                }
            }
            if (failure != null) {
                infra.close();
                throw failure;
            }
            return infra;
        } finally {
            pool.shutdownNow();
        }
    }

    public List<Started> started() {
        return List.copyOf(started);
    }

    public Options options() {
        return options;
    }

    /** JDBC URL of the embedded PostgreSQL (user {@code postgres}, no password). */
    public String jdbcUrl(String database) {
        return servers.stream()
                .filter(EmbeddedPostgresServer.class::isInstance)
                .map(s -> ((EmbeddedPostgresServer) s).jdbcUrl(database))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("PostgreSQL was not started"));
    }

    /** Stops the servers in reverse order of creation. */
    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        long t0 = System.nanoTime();
        LocalInfra infra;
        try {
            infra = start(options);
        } catch (Exception e) {
            LoggerFactory.getLogger(LocalInfra.class).error("Local infrastructure failed to start", e);
            out.println("FAILED " + e.getMessage());
            out.flush();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("STOPPING");
            infra.close();
            out.println("STOPPED");
            out.flush();
            stopped.countDown();
        }));
        for (Started s : infra.started()) {
            out.printf("READY %s %s:%d pid=%d ms=%d%n", s.name(), s.host(), s.port(), s.pid(), s.millis());
        }
        out.printf("READY all ms=%d%n", (System.nanoTime() - t0) / 1_000_000);
        out.flush();
        // A server process that dies on its own takes the rest down, so the failure shows.
        for (Started s : infra.started()) {
            if (s.pid() > 0 && s.pid() != ProcessHandle.current().pid()) {
                ProcessHandle.of(s.pid())
                        .ifPresent(p -> p.onExit().thenRun(() -> {
                            if (!stopping.get()) {
                                out.println("FAILED " + s.name() + " (pid " + s.pid() + ") exited");
                                out.flush();
                                System.exit(1);
                            }
                        }));
            }
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
