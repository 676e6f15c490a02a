package io.datasync.devinfra;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** HiveMQ CE in this JVM: MQTT 3.1.1 and 5 on one TCP listener, anonymous access. */
final class EmbeddedMqttBroker implements InfraServer {

    private final Path dir;
    private final String host;
    private final int port;
    private EmbeddedHiveMQ hivemq;

    EmbeddedMqttBroker(Path dir, String host, int port) {
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public void start() throws IOException, InterruptedException, ExecutionException, TimeoutException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path extensions = Files.createDirectories(dir.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), config(), StandardCharsets.UTF_8);
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                // HiveMQ's bootstrap needs Logback, which dev-infra leaves out: Log4j 2 is the one binding.
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
    }

    private String config() {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, host);
    }

    @Override
    public void close() {
        if (hivemq == null) {
            return;
        }
        try {
            hivemq.stop().get(20, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("[mqtt] stop failed: " + e);
        } finally {
            hivemq = null;
        }
    }
}
