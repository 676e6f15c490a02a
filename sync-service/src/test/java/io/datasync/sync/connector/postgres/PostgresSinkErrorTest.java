package io.datasync.sync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.ConnectorException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresSinkErrorTest {

    private static final PostgresEndpoint ENDPOINT =
            new PostgresEndpoint("jdbc:postgresql://db:5432/shop?password=in-url", "writer", "in-field");

    @ParameterizedTest(name = "SQLState {0} -> {1} retriable={2}")
    @CsvSource({
        "08006, SYNC-211, true",
        "08001, SYNC-211, true",
        "40001, SYNC-211, true",
        "40P01, SYNC-211, true",
        "57P01, SYNC-211, true",
        "53300, SYNC-211, true",
        "28P01, SYNC-201, false",
        "28000, SYNC-201, false",
        "42501, SYNC-201, false",
        "23505, SYNC-212, false",
        "23502, SYNC-212, false",
        "22001, SYNC-213, false",
        "22P02, SYNC-213, false",
        "42P01, SYNC-210, false"
    })
    void classifiesEachSqlStateOnce(String state, String code, boolean retriable) {
        ConnectorException e = PostgresSinkError.classify(new SQLException("boom", state), "writing a chunk", ENDPOINT);

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.retriable()).isEqualTo(retriable);
        assertThat(e.getMessage()).startsWith(code + " writing a chunk").doesNotContain("in-url", "in-field");
    }

    @Test
    void treatsAPoolTimeoutWithoutASqlStateAsRetriable() {
        ConnectorException e = PostgresSinkError.classify(
                new SQLTransientConnectionException("pool timed out"), "connecting", ENDPOINT);

        assertThat(e.code()).isEqualTo("SYNC-211");
        assertThat(e.retriable()).isTrue();
    }
}
