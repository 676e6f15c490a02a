package io.datasync.models.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.Durations;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog's declarations, checked the way Debezium checks its config definitions: documented, with valid defaults. */
class ConnectorsTest {

    @Test
    void everyKindIsListedOnceInAStableOrder() {
        assertThat(Connectors.all())
                .extracting(ConnectorDescriptor::kind)
                .containsExactly("jdbc", "file", "http", "kafka", "mqtt", "redis", "push");
        assertThat(Connectors.connectionKinds()).doesNotContain("push");
        assertThat(Connectors.sourceKinds()).containsExactly("jdbc", "file", "http", "kafka", "mqtt", "redis");
        assertThat(Connectors.sinkKinds()).containsExactly("jdbc", "kafka", "mqtt", "redis");
    }

    @Test
    void everyDefaultPassesItsOwnOptionsChecks() {
        for (ConnectorDescriptor d : Connectors.all()) {
            defaultsAreValid(d.kind() + ".connection", d.connection());
            if (d.source() != null) {
                defaultsAreValid(d.kind() + ".source", d.source().options());
            }
            if (d.sink() != null) {
                defaultsAreValid(d.kind() + ".target", d.sink().options());
            }
        }
    }

    @Test
    void aKindThatIsNeitherSourceNorTargetSaysWhatBringsIt() {
        for (ConnectorDescriptor d : Connectors.all()) {
            if (d.source() == null && d.sink() == null) {
                assertThat(d.planned()).as(d.kind()).isNotBlank();
            }
        }
    }

    @Test
    void secretsAreDeclaredWhereCredentialsGo() {
        assertThat(JdbcKind.CONNECTION.secretPointers()).containsExactly("/password");
        assertThat(HttpKind.CONNECTION.secretPointers())
                .containsExactly("/auth/password", "/auth/token", "/auth/headerValue");
        assertThat(StreamKinds.KAFKA_CONNECTION.secretPointers()).containsExactly("/saslPassword");
        assertThat(FileKind.CONNECTION.secretPointers()).isEmpty();
    }

    @Test
    void reservedHeadersCannotBeSetAnywhere() {
        for (String name :
                List.of("X-Service-Token", "Host", "Transfer-Encoding", "Authorization", "x-forwarded-for")) {
            List<FieldError> errors = new ArrayList<>();
            HttpKind.SOURCE.validate(Map.of("path", "/x", "headers", Map.of(name, "v")), "/source/options", errors);
            HttpKind.CONNECTION.validate(
                    Map.of(
                            "baseUrl",
                            "https://api.example.com",
                            "auth",
                            Map.of("type", "header", "headerName", name, "headerValue", "v")),
                    "/settings",
                    errors);
            assertThat(errors)
                    .as(name)
                    .extracting(FieldError::pointer)
                    .containsExactly("/source/options/headers/" + name, "/settings/auth/headerName");
        }
    }

    @Test
    void aJdbcUserIsGivenInOnePlaceOnly() {
        List<FieldError> errors = new ArrayList<>();
        JdbcKind.CONNECTION.validate(
                Map.of("url", "jdbc:postgresql://db/app?User=x", "user", "postgres"), "/settings", errors);
        assertThat(errors).extracting(FieldError::pointer).containsExactly("/settings/user");
        assertThat(errors.get(0).message()).contains("URL's user parameter");

        for (Map<String, Object> once : List.<Map<String, Object>>of(
                Map.of("url", "jdbc:postgresql://db/app?user=x"),
                Map.of("url", "jdbc:mariadb://db/app", "user", "y"))) {
            List<FieldError> none = new ArrayList<>();
            JdbcKind.CONNECTION.validate(once, "/settings", none);
            assertThat(none).as(once.toString()).isEmpty();
        }
    }

    private static void defaultsAreValid(String where, Options options) {
        for (Option<?> option : options.options()) {
            if (option.defaultValue() != null) {
                Object raw = option.defaultValue() instanceof Duration d ? Durations.format(d) : option.defaultValue();
                List<FieldError> errors = new ArrayList<>();
                option.read(raw, "/" + option.name(), errors);
                assertThat(errors).as(where + "." + option.name()).isEmpty();
            }
            if (option.fields() != null) {
                defaultsAreValid(where + "." + option.name(), option.fields());
            }
        }
    }
}
