package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.spi.Options;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcSourceOptionsTest {

    @Test
    void everyOptionIsDocumentedAndHasAValidDefault() {
        assertThat(JdbcSourceOptions.DEFINITION.all()).isNotEmpty().allSatisfy((name, option) -> {
            assertThat(option.doc()).as(name).isNotBlank();
            assertThat(option.required()).as(name).isFalse();
            assertThat(option.check().apply(cast(option.defaultValue())))
                    .as(name)
                    .isNull();
        });
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
                        Options.OptionsException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::pointer)
                                .containsExactlyInAnyOrder(
                                        "/source/options/fetchSize",
                                        "/source/options/queryTimeout",
                                        "/source/options/chunkSize"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
