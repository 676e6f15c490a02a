package io.datasync.config.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasync.kit.web.ApiException;
import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each type's declared settings: every problem reported at once with its pointer, defaults and derived values. */
class ConnectionInputTest {

    @Test
    void documentsEveryOptionOfEveryType() {
        for (String name : ConnectionType.wireNames()) {
            ConnectionType type = ConnectionType.of(name);
            assertThat(type.settings().options()).isNotEmpty();
            type.settings()
                    .options()
                    .forEach(o -> assertThat(o.doc()).as(type + "." + o.name()).isNotBlank());
        }
    }

    @Test
    void declaresTheSecretsOfEachType() {
        assertThat(ConnectionType.of("jdbc").settings().secretPointers()).containsExactly("/password");
        assertThat(ConnectionType.of("http").settings().secretPointers())
                .containsExactly("/auth/password", "/auth/token", "/auth/headerValue");
        assertThat(ConnectionType.of("kafka").settings().secretPointers()).containsExactly("/saslPassword");
        assertThat(ConnectionType.of("mqtt").settings().secretPointers()).containsExactly("/password");
        assertThat(ConnectionType.of("redis").settings().secretPointers()).containsExactly("/password");
        assertThat(ConnectionType.of("file").settings().secretPointers()).isEmpty();
    }

    @Test
    void reportsEveryTopLevelProblemAtOnce() {
        assertThat(errors(Map.of("name", "bad name!", "type", "ftp", "colour", "red", "description", 3)))
                .containsExactlyInAnyOrder("/colour", "/name", "/type", "/description");
        assertThat(errors(Map.of())).containsExactlyInAnyOrder("/name", "/type");
    }

    @Test
    void inferTheJdbcDriverFromKnownUrls() {
        assertThat(parse("jdbc", Map.of("url", "jdbc:postgresql://db:5432/app", "user", "app"))
                        .settings())
                .containsEntry("driver", "org.postgresql.Driver");
        assertThat(parse("jdbc", Map.of("url", "jdbc:mariadb://db/app")).settings())
                .containsEntry("driver", "org.mariadb.jdbc.Driver");
        assertThat(parse("jdbc", Map.of("url", "jdbc:mysql://db/app")).settings())
                .containsEntry("driver", "org.mariadb.jdbc.Driver");
        assertThat(parse("jdbc", Map.of("url", "jdbc:mysql://db/app", "driver", "com.mysql.cj.jdbc.Driver"))
                        .settings())
                .containsEntry("driver", "com.mysql.cj.jdbc.Driver");
    }

    @Test
    void reportsEveryJdbcProblemAtOnce() {
        assertThat(settingsErrors("jdbc", Map.of("user", List.of(7), "password", "", "port", 5432)))
                .containsExactlyInAnyOrder("/settings/url", "/settings/user", "/settings/password", "/settings/port");
        assertThat(settingsErrors("jdbc", Map.of("url", "jdbc:postgresql://db/app", "driver", "com.x.Driver")))
                .containsExactly("/settings/driver");
        assertThat(settingsErrors("jdbc", Map.of("url", "jdbc:sqlserver://db", "driver", "com.x.Driver")))
                .as("a sub-protocol without a driver here")
                .containsExactly("/settings/url");
        assertThat(settingsErrors("jdbc", Map.of("url", "jdbc:postgresql://db/app", "maxPoolSize", 0)))
                .containsExactly("/settings/maxPoolSize");
        assertThat(settingsErrors("jdbc", Map.of("url", "jdbc:postgresql://db/app?user=a&password=leak")))
                .containsExactly("/settings/url");
    }

    @Test
    void checksHttpAuthenticationPerType() {
        assertThat(parse("http", Map.of("baseUrl", "https://api.example.com")).settings())
                .containsEntry("auth", Map.of("type", "none"));
        assertThat(settingsErrors("http", Map.of("baseUrl", "ftp://x", "auth", Map.of("type", "basic", "token", "t"))))
                .containsExactlyInAnyOrder(
                        "/settings/baseUrl",
                        "/settings/auth/username",
                        "/settings/auth/password",
                        "/settings/auth/token");
        assertThat(settingsErrors(
                        "http",
                        Map.of(
                                "baseUrl",
                                "https://u:p@api.example.com",
                                "auth",
                                Map.of("type", "header", "headerName", "X Key", "headerValue", "v", "extra", 1))))
                .containsExactlyInAnyOrder("/settings/baseUrl", "/settings/auth/headerName", "/settings/auth/extra");
        assertThat(settingsErrors("http", Map.of("baseUrl", "https://x", "auth", Map.of("type", "oauth"))))
                .containsExactly("/settings/auth/type");
        assertThat(settingsErrors("http", Map.of("baseUrl", "https://x", "auth", "basic")))
                .containsExactly("/settings/auth");
    }

    @Test
    void requiresSaslSettingsExactlyForSaslProtocols() {
        assertThat(parse("kafka", Map.of("bootstrapServers", "k1:9092, k2:9093"))
                        .settings())
                .containsEntry("securityProtocol", "PLAINTEXT");
        assertThat(settingsErrors("kafka", Map.of("bootstrapServers", "k1:9092", "securityProtocol", "SASL_SSL")))
                .containsExactlyInAnyOrder(
                        "/settings/saslMechanism", "/settings/saslUsername", "/settings/saslPassword");
        assertThat(settingsErrors("kafka", Map.of("bootstrapServers", "k1", "saslUsername", "u")))
                .containsExactlyInAnyOrder("/settings/bootstrapServers", "/settings/saslUsername");
        assertThat(settingsErrors("kafka", Map.of("bootstrapServers", "k1:99999", "saslMechanism", "GSSAPI")))
                .containsExactlyInAnyOrder("/settings/bootstrapServers", "/settings/saslMechanism");
    }

    @Test
    void derivesMqttTlsFromTheSchemeAndRefusesAContradiction() {
        assertThat(parse("mqtt", Map.of("uri", "ssl://broker:8883")).settings()).containsEntry("tls", true);
        assertThat(parse("mqtt", Map.of("uri", "tcp://broker:1883")).settings()).containsEntry("tls", false);
        assertThat(settingsErrors("mqtt", Map.of("uri", "tcp://broker:1883", "tls", true)))
                .containsExactly("/settings/tls");
        assertThat(settingsErrors("mqtt", Map.of("uri", "mqtt://broker", "tls", "yes")))
                .containsExactlyInAnyOrder("/settings/uri", "/settings/tls");
    }

    @Test
    void checksRedisAndFileSettings() {
        assertThat(settingsErrors("redis", Map.of("uri", "redis://:secret@cache:6379")))
                .containsExactly("/settings/uri");
        assertThat(settingsErrors("redis", Map.of("uri", "http://cache"))).containsExactly("/settings/uri");
        assertThat(parse("redis", Map.of("uri", "rediss://cache:6380/0", "password", "p"))
                        .settings())
                .containsEntry("password", "p");
        assertThat(settingsErrors("file", Map.of("baseDirectory", "relative/dir")))
                .containsExactly("/settings/baseDirectory");
        assertThat(settingsErrors("file", Map.of("baseDirectory", "/data/../etc")))
                .containsExactly("/settings/baseDirectory");
        assertThat(settingsErrors("file", Map.of())).containsExactly("/settings/baseDirectory");
        assertThat(parse("file", Map.of("baseDirectory", "C:\\exports")).settings())
                .containsEntry("baseDirectory", "C:\\exports");
    }

    @Test
    void refusesTheMaskAsANewSecret() {
        assertThat(settingsErrors("redis", Map.of("uri", "redis://cache", "password", Options.MASK)))
                .containsExactly("/settings/password");
    }

    @Test
    void masksSecretsWithoutTouchingOtherSettings() {
        ConnectionInput input = parse(
                "http",
                Map.of("baseUrl", "https://x", "auth", Map.of("type", "basic", "username", "u", "password", "p")));
        Map<String, Object> masked =
                ConnectionType.of("http").settings().mapSecrets(input.settings(), (p, v) -> Options.MASK);

        assertThat(masked)
                .isEqualTo(Map.of(
                        "baseUrl",
                        "https://x",
                        "auth",
                        Map.of("type", "basic", "username", "u", "password", "******")));
        assertThat(input.toString()).doesNotContain("\"p\"", "=p").contains("baseUrl");
    }

    private static ConnectionInput parse(String type, Map<String, Object> settings) {
        return ConnectionInput.parse(body(type, settings));
    }

    private static List<String> settingsErrors(String type, Map<String, Object> settings) {
        return errors(body(type, settings));
    }

    private static Map<String, Object> body(String type, Map<String, Object> settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "c1");
        body.put("type", type);
        body.put("settings", settings);
        return body;
    }

    private static List<String> errors(Map<String, Object> body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> ConnectionInput.parse(body));
        assertThat(e).as("expected validation errors").isNotNull();
        return e.errors().stream().map(FieldError::pointer).toList();
    }
}
