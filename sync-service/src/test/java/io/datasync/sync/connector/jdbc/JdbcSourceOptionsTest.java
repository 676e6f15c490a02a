package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcSourceOptionsTest {

    @Test
    void defaultsAreTheDeclaredOnes() {
        assertThat(JdbcSourceOptions.DEFAULTS).isEqualTo(new JdbcSourceOptions(5000, Duration.ofMinutes(10)));
    }

    @Test
    void valuesAreParsedWithDurationsAsUsersWriteThem() {
        JdbcSourceOptions options = JdbcSourceOptions.parse(Map.of("fetchSize", 200, "queryTimeout", "90s"));

        assertThat(options).isEqualTo(new JdbcSourceOptions(200, Duration.ofSeconds(90)));
        assertThat(options.queryTimeoutSeconds()).isEqualTo(90);
        assertThat(JdbcSourceOptions.parse(Map.of("queryTimeout", "1500ms")).queryTimeoutSeconds())
                .isEqualTo(2);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(
                        () -> JdbcSourceOptions.parse(Map.of("fetchSize", 0, "queryTimeout", "soon", "chunkSize", 10)))
                .isInstanceOfSatisfying(
                        InvalidOptionsException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::pointer)
                                .containsExactlyInAnyOrder(
                                        "/source/options/fetchSize",
                                        "/source/options/queryTimeout",
                                        "/source/options/chunkSize"));
    }
}
