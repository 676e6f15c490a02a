package io.datasync.devinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/** A real redis-server (the binary inside codemonstur's embedded-redis), data kept in its folder. */
final class EmbeddedRedisServer implements InfraServer {

    private final Path dir;
    private final String host;
    private final int port;
    private RedisServer server;
    private long pid = -1;

    EmbeddedRedisServer(Path dir, String host, int port) {
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void start() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path data = Files.createDirectories(dir.resolve("data"));
        server = RedisServer.newRedisServer()
                .executableProvider(ExecutableProvider.newJarResourceProvider(bin.toFile()))
                .bind(host)
                .port(port)
                .setting("dir " + data)
                .setting("appendonly no")
                .soutListener(line -> {})
                .serrListener(line -> System.err.println("[redis] " + line))
                .build();
        server.start();
        pid = ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().orElse("").contains("redis-server"))
                .mapToLong(ProcessHandle::pid)
                .max()
                .orElse(-1);
    }

    @Override
    public void close() {
        if (server == null || !server.isActive()) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            System.err.println("[redis] stop failed: " + e);
        }
    }
}
