package io.datasync.devinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Starts the real embedded servers on free ports and talks to each over its own protocol. */
class LocalInfraIT {

    private static final String HOST = "127.0.0.1";

    @Test
    void startsPostgresRedisAndMqttThatAnswerAndStopsThem() throws Exception {
        Path dir = workDir();
        int pg = freePort();
        int redis = freePort();
        int mqtt = freePort();

        long t0 = System.nanoTime();
        try (LocalInfra infra = LocalInfra.start(new LocalInfra.Options(dir, HOST, pg, redis, mqtt))) {
            System.out.printf("LocalInfra up in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, infra.started());
            assertEquals(3, infra.started().size());

            try (Connection c = DriverManager.getConnection(infra.jdbcUrl("postgres"), "postgres", "")) {
                ResultSet rs = c.createStatement().executeQuery("select current_user");
                assertTrue(rs.next());
                assertEquals("postgres", rs.getString(1));
                c.createStatement().execute("create table kept(id int)");
            }
            assertEquals("+PONG", redisPing(redis));
            assertEquals(0, mqtt5ConnectReasonCode(mqtt), "CONNACK reason code");
        }

        assertFalse(listening(pg), "PostgreSQL stopped");
        assertFalse(listening(redis), "Redis stopped");
        assertFalse(listening(mqtt), "MQTT stopped");

        // The data folder survives a restart.
        try (LocalInfra again = LocalInfra.start(new LocalInfra.Options(dir, HOST, pg, 0, 0));
                Connection c = DriverManager.getConnection(again.jdbcUrl("postgres"), "postgres", "")) {
            c.createStatement().executeQuery("select count(*) from kept").close();
        }
        assertFalse(listening(pg), "PostgreSQL stopped again");
        EmbeddedPostgresServer.deleteRecursively(dir);
    }

    /**
     * Under target/ when the whole path is searchable by others: as root PostgreSQL runs as nobody,
     * who must reach its folder. Otherwise (a checkout under /root, say) under /tmp.
     */
    private static Path workDir() throws IOException {
        Path target = Path.of("target", "local-infra-it").toAbsolutePath();
        EmbeddedPostgresServer.deleteRecursively(target);
        Files.createDirectories(target);
        for (Path p = target; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Files.createTempDirectory(Path.of("/tmp"), "local-infra-it");
            }
        }
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String redisPing(int port) throws IOException {
        try (Socket s = new Socket(HOST, port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[64];
            int n = s.getInputStream().read(buf);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
        }
    }

    /** Sends a bare MQTT 5 CONNECT and returns the CONNACK's reason code. */
    private static int mqtt5ConnectReasonCode(int port) throws IOException {
        byte[] clientId = "local-infra-it".getBytes(StandardCharsets.UTF_8);
        byte[] variableHeader = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 30, 0};
        int remaining = variableHeader.length + 2 + clientId.length;
        try (Socket s = new Socket(HOST, port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x10, (byte) remaining});
            out.write(variableHeader);
            out.write(new byte[] {0, (byte) clientId.length});
            out.write(clientId);
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals(0x20, in.read(), "CONNACK packet type");
            int length = 0;
            int b;
            int shift = 0;
            do { // variable byte integer
                b = in.read();
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            assertTrue(length >= 2, "CONNACK length");
            in.read(); // acknowledge flags
            int reason = in.read();
            out.write(new byte[] {(byte) 0xE0, 0}); // DISCONNECT, normal
            return reason;
        }
    }
}
